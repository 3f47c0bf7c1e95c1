// A small HTTP client for tests: real requests to a running gateway, and helpers that create accounts.
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export function api(baseUrl: string) {
  const call = async <T = any>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers["content-type"] ??= "application/json";
    const res = await fetch(baseUrl + path, { method, headers, body, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
  return {
    call,
    get: <T = any>(path: string, token?: string) => call<T>("GET", path, { token }),
    post: <T = any>(path: string, body: unknown, token?: string, headers?: Record<string, string>) =>
      call<T>("POST", path, { body, token, headers }),
    put: <T = any>(path: string, body: unknown, token?: string) => call<T>("PUT", path, { body, token }),
    del: <T = any>(path: string, token?: string) => call<T>("DELETE", path, { token }),
  };
}
export type Api = ReturnType<typeof api>;

export const uniqueEmail = (prefix = "user") =>
  `${prefix}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}@example.com`;

/** The user id inside a token (the tests never trust anything else for it). */
export const userIdOf = (token: string) =>
  JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).userId as string;

export interface Account {
  token: string;
  id: string;
  email: string;
  password: string;
}

export async function registerClient(a: Api, extra: Record<string, unknown> = {}): Promise<Account> {
  const email = uniqueEmail("client"),
    password = "password-123";
  const res = await a.post("/api/v1/users/clients/register", { email, password, clientName: "Acme Ltd", ...extra });
  if (res.status !== 201) throw new Error(`client registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.authToken, id: userIdOf(res.body.authToken), email, password };
}

export async function registerFreelancer(a: Api, extra: Record<string, unknown> = {}): Promise<Account> {
  const email = uniqueEmail("freelancer"),
    password = "password-123";
  const res = await a.post("/api/v1/users/freelancers/register", {
    email,
    password,
    fullName: "Fran Lancer",
    ...extra,
  });
  if (res.status !== 201) throw new Error(`freelancer registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.body.authToken, id: userIdOf(res.body.authToken), email, password };
}

export async function loginAdmin(a: Api): Promise<string> {
  const res = await a.post("/api/v1/users/login", { email: "admin@workup.local", password: "workup-admin-dev" });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.authToken;
}
