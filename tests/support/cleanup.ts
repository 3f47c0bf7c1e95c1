// Removes what interrupted test runs left: vhosts, databases and Redis keys of t_* namespaces.
import postgres from "postgres";
import { removeNamespace } from "./stack.ts";
import { infrastructure } from "../../svc/runtime/config.ts";

const mgmt = new URL(infrastructure().mgmtUrl);
const vhosts = (await (
  await fetch(`${mgmt.origin}/api/vhosts`, {
    headers: { authorization: "Basic " + btoa(`${mgmt.username}:${mgmt.password}`) },
  })
).json()) as Array<{ name: string }>;
const sql = postgres(infrastructure().pgUrl, { max: 1 });
const dbs = await sql`select datname from pg_database where datname ~ '^t_[a-z0-9]+_'`;
await sql.end();
const namespaces = new Set([
  ...vhosts.map((v) => v.name).filter((n) => /^t_[a-z0-9]+$/.test(n)),
  ...dbs.map((d) => String(d.datname).split("_").slice(0, 2).join("_")),
]);
for (const ns of namespaces) await removeNamespace(ns);
console.log(`removed ${namespaces.size} test namespaces`);
