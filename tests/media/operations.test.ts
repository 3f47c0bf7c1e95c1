// Running the media server: configuration from the environment, refusal to start unsafely, health, metrics, logs.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadMediaConfig } from "../../media/config.ts";
import { basic, pdfDocument, startMedia, upload, uploadForm, type MediaHarness } from "./harness.ts";

const serverEntry = join(import.meta.dir, "../../media/server.ts");
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "workup-media-ops-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("configuration", () => {
  it("uses documented defaults in development", () => {
    const c = loadMediaConfig({});
    expect(c.port).toBe(8910);
    expect(c.dir).toEndWith(join("media", "data"));
    expect([c.uploadUser, c.uploadPassword]).toEqual(["user", "password"]);
    expect(c.groups.map((g) => [g.name, g.maxBytes])).toEqual([
      ["icons", 1048576],
      ["photos", 10485760],
      ["resume", 10485760],
      ["attachments", 26214400],
    ]);
  });

  it("reads per-group limits and image sizes", () => {
    const c = loadMediaConfig({
      MEDIA_MAX_BYTES_PHOTOS: "500",
      MEDIA_IMAGE_SIZE_PHOTOS: "300x200",
      MEDIA_IMAGE_SIZE_ICONS: "16",
    });
    const photos = c.groups.find((g) => g.name === "photos")!;
    expect([photos.maxBytes, photos.imageSize]).toEqual([500, { width: 300, height: 200 }]);
    expect(c.groups.find((g) => g.name === "icons")!.imageSize).toEqual({ width: 16, height: 16 });
  });

  it("rejects malformed values with the variable's name", () => {
    expect(() => loadMediaConfig({ MEDIA_MAX_BYTES_RESUME: "ten" })).toThrow(/MEDIA_MAX_BYTES_RESUME/);
    expect(() => loadMediaConfig({ MEDIA_IMAGE_SIZE_ICONS: "0x5" })).toThrow(/MEDIA_IMAGE_SIZE_ICONS/);
    expect(() => loadMediaConfig({ MEDIA_PORT: "70000" })).toThrow(/MEDIA_PORT/);
  });

  it("requires upload credentials in production", () => {
    expect(() => loadMediaConfig({ WORKUP_ENV: "production" })).toThrow(ConfigError);
    expect(() => loadMediaConfig({ WORKUP_ENV: "staging" })).toThrow(/UPLOAD_USER.*WORKUP_ENV=staging/);
    expect(() => loadMediaConfig({ WORKUP_ENV: "staging", UPLOAD_USER: "u", UPLOAD_PASSWORD: "password" })).toThrow(
      /public development default/,
    );
    expect(loadMediaConfig({}).uploadUser).toBe("user"); // development, the default
    expect(() => loadMediaConfig({ WORKUP_ENV: "production", UPLOAD_USER: "u" })).toThrow(/UPLOAD_PASSWORD/);
    const production = { WORKUP_ENV: "production", UPLOAD_USER: "u", UPLOAD_PASSWORD: "p" };
    expect(() => loadMediaConfig(production)).toThrow(/MEDIA_SIGNING_KEY/);
    const c = loadMediaConfig({ ...production, MEDIA_SIGNING_KEY: "k" });
    expect([c.uploadUser, c.uploadPassword, c.signingKey]).toEqual(["u", "p", "k"]);
  });

  it("reads a secret from NAME_FILE", async () => {
    const file = join(scratch, "upload-password");
    await writeFile(file, "from-a-file\n");
    expect(loadMediaConfig({ UPLOAD_PASSWORD_FILE: file }).uploadPassword).toBe("from-a-file");
  });
});

interface Running {
  port: number;
  output: () => string;
  stop: () => Promise<number>;
}

/** Start `bun media/server.ts` as its own process with exactly this environment (no DISCOGS_API_KEY anywhere). */
async function spawnServer(env: Record<string, string>): Promise<Running | { exitCode: number; output: string }> {
  const proc = Bun.spawn([process.execPath, serverEntry], {
    env: { PATH: process.env.PATH ?? "", MEDIA_PORT: "0", MEDIA_HOST: "127.0.0.1", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  let out = "";
  const decoder = new TextDecoder();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const c of stream) out += decoder.decode(c);
  };
  const pumped = Promise.all([pump(proc.stdout), pump(proc.stderr)]);
  for (;;) {
    const listening = out.split("\n").find((l) => l.includes('"media server listening"'));
    if (listening) {
      return {
        port: JSON.parse(listening).port,
        output: () => out,
        stop: async () => {
          proc.kill("SIGTERM");
          const code = await proc.exited;
          await pumped;
          return code;
        },
      };
    }
    const exited = await Promise.race([proc.exited, Bun.sleep(20).then(() => undefined)]);
    if (exited !== undefined) {
      await pumped;
      return { exitCode: exited, output: out };
    }
  }
}

describe("process", () => {
  it("refuses to start in production without credentials, saying why in a JSON log line", async () => {
    const result = await spawnServer({ WORKUP_ENV: "production", MEDIA_DIR: join(scratch, "prod") });
    expect("exitCode" in result).toBe(true);
    if (!("exitCode" in result)) return;
    expect(result.exitCode).toBe(1);
    const line = JSON.parse(result.output.trim().split("\n").at(-1)!);
    expect(line).toMatchObject({ level: "fatal", service: "media" });
    expect(line.msg).toContain("UPLOAD_USER");
  });

  it("starts in production with credentials and never logs them", async () => {
    const password = "pw-" + crypto.randomUUID();
    const owner = crypto.randomUUID(); // resume is private: its files start with the owner's id
    const running = await spawnServer({
      WORKUP_ENV: "production",
      LOG_LEVEL: "debug",
      MEDIA_DIR: join(scratch, "logged"),
      UPLOAD_USER: "ops",
      UPLOAD_PASSWORD: password,
      MEDIA_SIGNING_KEY: "signing-" + password,
    });
    if ("exitCode" in running) throw new Error(`server exited: ${running.output}`);
    const base = `http://127.0.0.1:${running.port}`;
    const send = (authorization: string) =>
      fetch(`${base}/upload/resume`, {
        method: "POST",
        headers: { authorization },
        body: uploadForm(pdfDocument("x"), `${owner}-logged`),
      });
    expect((await send(basic("ops", password + "x"))).status).toBe(401);
    expect((await send(basic("ops", password))).status).toBe(201);
    expect(await running.stop()).toBe(0);

    const lines = running
      .output()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(
      lines.every(
        (l) =>
          l.service === "media" &&
          typeof l.time === "string" &&
          typeof l.level === "string" &&
          typeof l.msg === "string",
      ),
    ).toBe(true);
    expect(lines.some((l) => l.msg === "stored upload" && l.path === `/static/resume/${owner}-logged.pdf`)).toBe(true);
    const text = running.output();
    expect(text).not.toContain(password);
    expect(text).not.toContain(Buffer.from(`ops:${password}`).toString("base64").slice(0, 12));
  });
});

describe("health, metrics and start-up", () => {
  let h: MediaHarness;
  beforeAll(async () => {
    // A temp file a crashed upload left two hours ago, and one still being written by another replica.
    h = await startMedia({}, async (dir) => {
      await mkdir(join(dir, "resume"), { recursive: true });
      await writeFile(join(dir, "resume", ".upload-old.tmp"), "stale");
      await writeFile(join(dir, "resume", ".upload-new.tmp"), "in flight");
      const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
      await utimes(join(dir, "resume", ".upload-old.tmp"), twoHoursAgo, twoHoursAgo);
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it("removes stale upload temp files at start and keeps recent ones", async () => {
    expect(await readdir(join(h.dir, "resume"))).toEqual([".upload-new.tmp"]);
    expect((await readdir(h.dir)).sort()).toEqual(["attachments", "icons", "photos", "resume"]);
  });

  it("answers /healthz with 200", async () => {
    const res = await fetch(`${h.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("counts requests by route, method and status in /metrics, on the metrics port only", async () => {
    await fetch(`${h.base}/static/icons/a.png`);
    await fetch(`${h.base}/static/icons/b.png`);
    await fetch(`${h.base}/describe/nope`);
    await upload(h, "resume", uploadForm(pdfDocument("m"), "m"));
    expect((await fetch(`${h.base}/metrics`)).status).toBe(404);
    const res = await fetch(`${h.metricsBase}/metrics`);
    expect(res.headers.get("content-type")).toStartWith("text/plain; version=0.0.4");
    const text = await res.text();
    expect(text).toContain("# TYPE media_http_requests_total counter");
    expect(text).toContain('media_http_requests_total{route="/static/:group/:file",method="GET",status="200"} 2');
    expect(text).toContain('media_http_requests_total{route="/describe/:group",method="GET",status="404"} 1');
    expect(text).toContain('media_http_requests_total{route="/upload/:group",method="POST",status="201"} 1');
    expect(text).toContain('media_uploads_total{group="resume"} 1');
  });
});
