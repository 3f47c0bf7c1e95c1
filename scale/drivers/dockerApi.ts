// A minimal Docker Engine API client over the unix socket (Bun's fetch with `unix:`).

export class DockerApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type DockerRequest = <T>(method: string, path: string, body?: unknown) => Promise<T>;

export function dockerApi(socketPath: string, timeoutMs = 10_000): DockerRequest {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`http://docker${path}`, {
      method,
      unix: socketPath,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {}
      throw new DockerApiError(res.status, `docker ${method} ${path}: ${res.status} ${message}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  };
}
