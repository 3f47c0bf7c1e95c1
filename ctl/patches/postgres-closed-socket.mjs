// postinstall: guard postgres.js 3.4.x against writing to a connection whose socket is already gone.
// Upstream bug porsager/postgres#1066/#1154/#1208 (fix proposed in #1209, not released): a write scheduled with
// setImmediate runs after `closed()` nulled the socket and throws from the timer, which no caller can catch:
// a PostgreSQL restart killed a whole service replica. The guard settles the pending queries with
// CONNECTION_CLOSED instead (the runtime then answers 503 and recovers the pool). Idempotent; node only.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../node_modules/postgres/", import.meta.url));
const marker = "/* workup: closed-socket guard */";
const original = "  function nextWrite(fn) {\n";
const guarded = `${original}    ${marker}
    if (!socket) {
      nextWriteTimer !== null && clearImmediate(nextWriteTimer)
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
`;

for (const file of ["src/connection.js", "cjs/src/connection.js", "cf/src/connection.js"]) {
  const path = root + file;
  if (!existsSync(path)) continue;
  const text = readFileSync(path, "utf8");
  if (text.includes(marker)) continue;
  if (!text.includes(original)) {
    console.warn(`workup: ${file} of postgres has no nextWrite to guard (changed upstream?); left as it is`);
    continue;
  }
  writeFileSync(path, text.replace(original, guarded));
  console.log(`workup: guarded postgres ${file} against writes on a closed socket`);
}
