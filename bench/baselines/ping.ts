// Baseline 1: a bare Bun.serve answering a small JSON body. The HTTP ceiling of this machine and load generator.
const body = JSON.stringify({ ok: true, service: "ping" });
const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch: () => new Response(body, { headers: { "content-type": "application/json" } }),
});
console.log(`ready ${server.port}`);
