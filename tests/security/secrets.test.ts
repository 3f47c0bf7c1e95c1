// Secrets: nothing sensitive reaches a log line even at trace level, production mode refuses missing and default
// secrets, and internal-only commands cannot be reached through the gateway in any way.
import { afterAll, describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { readdirSync, readFileSync } from "node:fs";
import { newNamespace, removeNamespace, root, testJwtSecret, waitFor } from "../support/stack.ts";
import { registerClient, registerFreelancer } from "../support/api.ts";
import { rpcClient } from "../support/rpc.ts";
import { routes } from "../support/routeCalls.ts";
import { controlEnv } from "../support/controller.ts";
import { loadMediaConfig } from "../../media/config.ts";
import type { CommandModule } from "../../svc/runtime/command.ts";
import { printSummary, tally } from "../support/summary.ts";
import { infrastructure } from "../../svc/runtime/config.ts";

const { stack, api: a } = useStack({
  services: ["users", "contracts", "payments"],
  env: { ...controlEnv, LOG_LEVEL: "trace" },
});

afterAll(async () => {
  printSummary(import.meta.path);
}, 30_000);

/** Every command module of a service, with its file name. */
async function commandsOf(service: string): Promise<CommandModule[]> {
  const dir = `${root}svc/${service}/commands`;
  return Promise.all(
    readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .map(async (f) => (await import(`${dir}/${f}`)).default as CommandModule),
  );
}

/** Start a process of ours in production mode with `env`; answers how it ended (null: still running after `ms`). */
async function startInProduction(
  entry: string,
  env: Record<string, string>,
  ms = 20_000,
): Promise<{ code: number | null; output: string }> {
  const proc = Bun.spawn([process.execPath, entry], {
    cwd: root,
    env: { ...process.env, WORKUP_ENV: "production", JWT_SECRET: "", CONTROL_SECRET: "", ADMIN_PASSWORD: "", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const code = await Promise.race([proc.exited, Bun.sleep(ms).then(() => null)]);
  if (code === null) proc.kill("SIGTERM");
  await proc.exited;
  const output = (await new Response(proc.stdout).text()) + (await new Response(proc.stderr).text());
  return { code, output };
}

describe("secrets", () => {
  it(
    "writes no password, token, authorization header, password hash or secret to any log, even at trace level",
    () =>
      tally(import.meta.path, "Secrets in logs (trace level)", async (t) => {
        const client = await registerClient(a);
        const freelancer = await registerFreelancer(a);
        const guess = `wrong-guess-${crypto.randomUUID()}`;
        await a.post("/api/v1/users/login", { email: client.email, password: guess });
        const login = await a.post("/api/v1/users/login", { email: freelancer.email, password: freelancer.password });
        const tokens = [client.token, freelancer.token, login.body.authToken];
        await a.get("/api/v1/users/client/profile", client.token);
        await a.post("/api/v1/users/client/profile", { name: "Renamed" }, client.token);
        await a.get("/api/v1/payments/freelancers/me/wallet", freelancer.token);
        await a.get("/api/v1/users/freelancer/profile", `${freelancer.token.slice(0, -3)}xyz`); // a refused token
        const newPassword = `new-password-${crypto.randomUUID()}`;
        // refused
        await a.post("/api/v1/users/clients/register", { email: "bad email", password: newPassword, clientName: "X" });

        const db = stack.db("users");
        let hashes: string[] = [];
        try {
          hashes = (await db`select password_hash from users`).map((r) => r.password_hash);
        } finally {
          await db.end();
        }
        await Bun.sleep(500); // the last lines reach the files
        const files = readdirSync(stack.logDir).map((f) => `${stack.logDir}/${f}`);
        const logs = files.map((f) => [f, readFileSync(f, "utf8")] as const);
        t.check(
          logs.some(
            ([, text]) =>
              text.includes('"level":"trace"') || text.includes('"level":"debug"') || text.includes('"level":"info"'),
          ),
          "nothing was logged below warn: the check would prove nothing",
        );
        const secrets: Array<[string, string]> = [
          ...[client.password, freelancer.password, guess, newPassword].map((p): [string, string] => ["a password", p]),
          ...tokens.map((tk): [string, string] => ["a token", tk]),
          ...tokens.map((tk): [string, string] => ["a token signature", tk.split(".")[2]]),
          ...hashes.map((h): [string, string] => ["a password hash", h]),
          ["the JWT secret", testJwtSecret],
          ["the control secret", controlEnv.CONTROL_SECRET],
          ["an authorization header", "Bearer ey"],
          ["an authorization header", 'authorization":"B'],
        ];
        for (const [file, text] of logs)
          for (const [what, value] of secrets) t.check(!text.includes(value), `${what} in ${file.split("/").pop()}`);
        expect(t.failed).toEqual([]);
      }),
    120_000,
  );

  it(
    "refuses to start in production without its secrets or with the development defaults",
    () =>
      tally(import.meta.path, "Default secrets in production mode", async (t) => {
        const ns = newNamespace();
        const base = { WORKUP_NAMESPACE: ns, GATEWAY_PORT: "0", METRICS_PORT: "0", LOG_LEVEL: "warn" };
        const own = { JWT_SECRET: `jwt-${crypto.randomUUID()}`, CONTROL_SECRET: `control-${crypto.randomUUID()}` };
        try {
          const refused: Array<[string, string, Record<string, string>, RegExp]> = [
            ["gateway without JWT_SECRET", "gw/server.ts", { CONTROL_SECRET: own.CONTROL_SECRET }, /JWT_SECRET/],
            [
              "gateway with the development JWT_SECRET",
              "gw/server.ts",
              { ...own, JWT_SECRET: "workup-dev-jwt-secret-change-me-0123456789" },
              /JWT_SECRET/,
            ],
            ["gateway without CONTROL_SECRET", "gw/server.ts", { JWT_SECRET: own.JWT_SECRET }, /CONTROL_SECRET/],
            ["users without CONTROL_SECRET", "svc/users.ts", {}, /CONTROL_SECRET/],
            [
              "payments with the development CONTROL_SECRET",
              "svc/payments.ts",
              { CONTROL_SECRET: "workup-dev-control-secret" },
              /CONTROL_SECRET/,
            ],
          ];
          for (const [what, entry, env, mentions] of refused) {
            const run = await startInProduction(entry, { ...base, ...env });
            t.check(
              run.code !== null && run.code !== 0 && mentions.test(run.output),
              `${what}: ${run.code === null ? "kept running" : `exit ${run.code}`} ${run.output.slice(0, 300)}`,
            );
          }
          // With secrets of its own, users starts, but seeds no admin with the development password.
          const users = await startInProduction(
            "svc/users.ts",
            { ...base, ...own, ADMIN_EMAIL: "admin@example.com", ADMIN_PASSWORD: "workup-admin-dev" },
            10_000,
          );
          t.check(
            users.code === null,
            `users with its own secrets did not keep running: exit ${users.code} ${users.output.slice(0, 300)}`,
          );
          const url = new URL(infrastructure().pgUrl);
          url.pathname = `/${ns}_users`;
          const db = (await import("postgres")).default(url.toString(), { max: 1, onnotice: () => {} });
          try {
            t.check(
              (await db`select count(*)::int as n from users where role = 'ADMIN'`)[0].n === 0,
              "an admin was seeded with the development password",
            );
          } finally {
            await db.end();
          }
          // The media server's upload password.
          let media = "";
          try {
            loadMediaConfig({ WORKUP_ENV: "production", UPLOAD_USER: "ops", UPLOAD_PASSWORD: "password" });
          } catch (err) {
            media = String(err);
          }
          t.check(/UPLOAD_PASSWORD/.test(media), `media accepted the development upload password: ${media}`);
        } finally {
          await removeNamespace(ns);
        }
        expect(t.failed).toEqual([]);
      }),
    180_000,
  );

  it(
    "keeps internal-only commands out of reach of the gateway",
    () =>
      tally(import.meta.path, "Internal commands through the gateway", async (t) => {
        const internal: Array<[string, string]> = [];
        for (const service of ["users", "jobs", "contracts", "payments"])
          for (const c of await commandsOf(service)) if (c.internal) internal.push([service, c.name]);
        t.check(internal.length >= 4, `only ${internal.length} internal commands found`);
        const doc = JSON.stringify(await (await fetch(`${stack.url}/openapi.json`)).json());
        for (const [service, command] of internal) {
          t.check(!routes.some((r) => r.contract.command === command), `a route serves ${command}`);
          t.check(!doc.toLowerCase().includes(command.toLowerCase()), `the OpenAPI document names ${command}`);
          // Guessed URLs, with every method.
          const kebab = command.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
          for (const path of [
            `/api/v1/${service}/${command}`,
            `/api/v1/${service}/${kebab}`,
            `/${command}`,
            `/api/v1/${command}`,
            `/api/v1/${service}`,
          ]) {
            for (const method of ["GET", "POST", "PUT", "DELETE"]) {
              const res = await a.call(method, path, {
                body: method === "GET" ? undefined : {},
                headers: { authorization: `Bearer ${await adminToken()}` },
              });
              // 404, or a 400 from the route whose path parameter it looks like (GET /contracts/:id): never the
              // command.
              t.check(
                res.status === 404 || (res.status === 400 && res.body?.error?.field === "id"),
                `${method} ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`,
              );
            }
          }
        }
        // A message that claims to come from the gateway is refused by the service itself.
        const asGateway = await rpcClient(stack.ns, { origin: "gateway" });
        try {
          for (const [service, command] of internal.filter(([s]) => s !== "jobs")) {
            const reply = await asGateway.request(
              service,
              command,
              {},
              { caller: { id: crypto.randomUUID(), role: "ADMIN" } },
            );
            t.check(
              !reply.ok && reply.error.status === 404,
              `${service}.${command} from the gateway: ${JSON.stringify(reply)}`,
            );
          }
        } finally {
          await asGateway.close();
        }
        // Envelope headers sent by a client mean nothing: the caller and the command come from the token and the route.
        const freelancer = await registerFreelancer(a);
        // The wallet is created by the users -> payments outbox, just after the registration answered.
        await waitFor(
          "the new freelancer's wallet",
          async () => (await a.get("/api/v1/payments/freelancers/me/wallet", freelancer.token)).status === 200,
          15_000,
        );
        const other = crypto.randomUUID();
        const res = await a.call("GET", "/api/v1/payments/freelancers/me/wallet", {
          token: freelancer.token,
          headers: {
            "x-command": "createWalletTransaction",
            "x-origin": "service",
            "x-user-id": other,
            "x-user-role": "ADMIN",
          },
        });
        t.check(
          res.status === 200 && res.body.freelancerId === freelancer.id,
          `headers changed the request: ${res.status} ${JSON.stringify(res.body)}`,
        );
        expect(t.failed).toEqual([]);
      }),
    120_000,
  );
});

let admin = "";
async function adminToken(): Promise<string> {
  if (!admin)
    admin = (await a.post("/api/v1/users/login", { email: "admin@workup.local", password: "workup-admin-dev" })).body
      .authToken;
  return admin;
}
