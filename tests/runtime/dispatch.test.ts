// dispatch(): one request against the command map: lookup, validation, exactly-once writes, errors as replies.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { Sql } from "postgres";
import { Type as t } from "@sinclair/typebox";
import { dispatch, UnexpectedError } from "../../svc/runtime/dispatch.ts";
import type { CommandModule } from "../../svc/runtime/command.ts";
import { conflict } from "../../svc/runtime/errors.ts";
import { commandMapOf, dispatchDeps, freshRuntimeDatabase, meta } from "./harness.ts";

let db: Awaited<ReturnType<typeof freshRuntimeDatabase>>;
let deps: ReturnType<typeof dispatchDeps>;
const runs: Record<string, number> = {};
const announced: Array<{ topic: string; payload: unknown }> = [];
const count = (name: string) => {
  runs[name] = (runs[name] ?? 0) + 1;
};

const modules: CommandModule[] = [
  {
    name: "echo",
    input: t.Object({ n: t.Integer({ minimum: 1 }) }),
    run: async (ctx, input) => ({ input, caller: ctx.caller }),
  },
  { name: "secret", internal: true, run: async () => "internal" },
  {
    name: "record",
    write: true,
    input: t.Object({ text: t.String() }),
    async run(ctx, input: { text: string }) {
      await ctx.sql`insert into notes values (${input.text})`;
      ctx.announce("notes", { text: input.text });
      return { stored: input.text };
    },
  },
  {
    name: "refuse",
    write: true,
    async run(ctx) {
      await ctx.sql`insert into request_log (id, command) values (${"side-" + ctx.requestId}, 'side effect')`;
      throw conflict("No");
    },
  },
  {
    name: "twoSteps",
    write: true,
    async prepare() {
      count("prepare");
      return { prepared: true };
    },
    async run(_ctx, _input, prepared: unknown) {
      count("twoSteps");
      return prepared;
    },
  },
  {
    name: "broken",
    run: async () => {
      throw new Error("a bug");
    },
  },
];

beforeAll(async () => {
  db = await freshRuntimeDatabase();
  await db.sql`create table notes (text text)`;
  deps = {
    ...dispatchDeps(db.sql, commandMapOf(modules)),
    announce: (topic, payload) => announced.push({ topic, payload }),
  };
});
afterAll(async () => {
  await deps?.close();
  await db?.drop();
});

describe("dispatch", () => {
  it(
    "answers unknown and deleted commands with unknown_command, and internal ones from the " + "gateway with not_found",
    async () => {
      expect(await dispatch(deps, meta("nope"), {})).toMatchObject({
        ok: false,
        error: { code: "unknown_command", status: 404 },
      });
      deps.commands.delete("secret");
      expect(await dispatch(deps, meta("secret"), {})).toMatchObject({
        ok: false,
        error: { message: expect.stringContaining("disabled") },
      });
      deps.commands.addBack("secret");
      expect(await dispatch(deps, meta("secret", { origin: "gateway" }), {})).toMatchObject({
        ok: false,
        error: { code: "not_found" },
      });
      expect(await dispatch(deps, meta("secret"), {})).toEqual({ ok: true, body: "internal" });
    },
  );

  it("validates the input with the command's schema (converting query-style values) and names the field", async () => {
    expect(await dispatch(deps, meta("echo"), { n: "3" })).toMatchObject({
      ok: true,
      body: { input: { n: 3 }, caller: { id: "u-1" } },
    });
    expect(await dispatch(deps, meta("echo"), { n: 0 })).toMatchObject({
      ok: false,
      error: { code: "invalid", field: "n" },
    });
  });

  it("makes a write's effects once per idempotency key and answers a repeat with the stored reply", async () => {
    const m = meta("record");
    const notes = async (text: string) =>
      (await (db.sql as Sql)`select count(*)::int as n from notes where text = ${text}`)[0].n;
    const [first, second] = await Promise.all([dispatch(deps, m, { text: "a" }), dispatch(deps, m, { text: "a" })]);
    expect(first).toEqual({ ok: true, body: { stored: "a" } });
    expect(second).toEqual(first);
    expect(await dispatch(deps, m, { text: "a" })).toEqual(first);
    expect(await notes("a")).toBe(1);
    expect(announced.filter((a) => a.topic === "notes")).toEqual([{ topic: "notes", payload: { text: "a" } }]);
    expect(await dispatch(deps, m, { text: "b" })).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(await notes("b")).toBe(0);
  });

  it("rolls a refused write back entirely, so a retry starts clean", async () => {
    const m = meta("refuse");
    expect(await dispatch(deps, m, {})).toMatchObject({ ok: false, error: { code: "conflict", message: "No" } });
    const rows =
      await (db.sql as Sql)`select id from request_log where id in (${m.requestId}, ${"side-" + m.requestId})`;
    expect(rows.length).toBe(0);
  });

  it("skips a write's prepare step when its reply is already stored", async () => {
    const m = meta("twoSteps");
    expect(await dispatch(deps, m, {})).toEqual({ ok: true, body: { prepared: true } });
    expect(await dispatch(deps, m, {})).toEqual({ ok: true, body: { prepared: true } });
    expect([runs.prepare, runs.twoSteps]).toEqual([1, 1]);
  });

  it("throws an UnexpectedError for a failure that is nobody's known error (the worker retries it)", async () => {
    expect(dispatch(deps, meta("broken"), {})).rejects.toBeInstanceOf(UnexpectedError);
  });
});
