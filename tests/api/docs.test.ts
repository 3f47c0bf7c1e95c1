// /docs as a person sees it, in headless Chromium: Swagger UI served by the gateway from the pinned swagger-ui-dist
// package, showing the operations, with no request leaving 127.0.0.1 (the page works on an air-gapped machine) and
// nothing refused by its Content-Security-Policy, which allows only the gateway itself. A screenshot is kept in
// .run/test-output/api-docs.png.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { inProcessGateway } from "../gateway/inProcess.ts";
import { visit, type PageVisit } from "../support/browser.ts";
import { root } from "../support/stack.ts";

const outputDir = join(root, ".run", "test-output");
let gw: Awaited<ReturnType<typeof inProcessGateway>>;
let base = "";
let page: PageVisit;

beforeAll(async () => {
  gw = await inProcessGateway();
  gw.app.listen({ port: 0, hostname: "127.0.0.1" });
  base = `http://127.0.0.1:${gw.app.server!.port}`;
  page = await visit(`${base}/docs`);
  await page.waitUntil("document.querySelectorAll('.opblock').length > 0");
}, 60_000);
afterAll(async () => {
  await page?.close();
  await gw.app.stop();
  await gw.close();
});

describe("the API docs page", () => {
  it("shows every operation, POST /api/v1/jobs among them, and keeps a screenshot", async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, object> };
    const operations = Object.values<object>(doc.paths).flatMap((methods) => Object.keys(methods)).length;
    await page.waitUntil(`document.querySelectorAll('.opblock').length === ${operations}`);
    const shown = await page.evaluate<string[]>(
      `[...document.querySelectorAll('.opblock-summary')].map((s) =>
         s.querySelector('.opblock-summary-method').textContent + ' ' +
         s.querySelector('.opblock-summary-path').textContent.replace(/\\u200b/g, ''))`,
    );
    expect(shown).toContain("POST /api/v1/jobs");
    expect(shown).toContain("POST /api/v1/payments/requests/{id}/pay");
    expect(await page.evaluate("document.querySelector('.title').textContent")).toContain("WorkUp API");
    mkdirSync(outputDir, { recursive: true });
    const file = join(outputDir, "api-docs.png");
    await page.screenshot(file);
    expect(
      Buffer.from(await Bun.file(file).bytes())
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
    console.log(`docs: ${shown.length} operations shown; screenshot ${file}`);
  });

  it("makes no request beyond 127.0.0.1, and its Content-Security-Policy refuses nothing it needs", async () => {
    expect(page.requests.length).toBeGreaterThan(4);
    const away = page.requests.filter((url) => !url.startsWith(`${base}/`));
    expect(away).toEqual([]);
    // The stylesheet's icons come from the gateway too (they were data: URLs, which the policy would refuse).
    expect(page.requests.some((url) => url.startsWith(`${base}/docs/assets/images/`))).toBe(true);
    expect(page.messages.filter((m) => /Content Security Policy|Refused|error/i.test(m))).toEqual([]);
    const res = await fetch(`${base}/docs`);
    const policy = res.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("default-src 'self'");
    expect(policy).not.toMatch(/https?:|data:|\*|'unsafe-/);
    const css = await (await fetch(`${base}/docs/assets/swagger-ui.css`)).text();
    expect(css).not.toContain("data:");
    const icon = css.match(/\/docs\/assets\/images\/\d+\.svg/)![0];
    const served = await fetch(`${base}${icon}`);
    expect(served.headers.get("content-type")).toBe("image/svg+xml");
    expect(await served.text()).toStartWith("<svg");
  });

  it("serves the UI's code from the npm package the lockfile pins", async () => {
    const lock = await Bun.file(join(root, "package-lock.json")).json();
    const pinned = lock.packages["node_modules/swagger-ui-dist"].version;
    const served = await (await fetch(`${base}/docs/assets/swagger-ui-bundle.js`)).text();
    const installed = await Bun.file(join(root, "node_modules/swagger-ui-dist/swagger-ui-bundle.js")).text();
    expect(served).toBe(installed);
    expect((await Bun.file(join(root, "node_modules/swagger-ui-dist/package.json")).json()).version).toBe(pinned);
  });
});
