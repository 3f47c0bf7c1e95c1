// The bench's CPU-profile summary (bench/system/profileSummary.ts): what `make bench ARGS=--profile` writes beside
// each process's profile, read from a small profile whose counts are known.
import { describe, expect, it } from "bun:test";
import { type CpuProfile, profileMarkdown, summarizeProfile } from "../../bench/system/profileSummary.ts";

const frame = (id: number, functionName: string, url: string, children: number[] = [], lineNumber = 9) => ({
  id,
  callFrame: { functionName, url, lineNumber },
  children,
});

// root -> dispatch (svc) -> query (postgres) -> write -> writeBuffered
//                       -> send (ioredis) -> writeBuffered
//      -> (idle)
const profile: CpuProfile = {
  nodes: [
    frame(1, "(root)", "", [2, 9]),
    frame(2, "dispatch", "/work/main/svc/runtime/dispatch.ts", [3, 6]),
    frame(3, "query", "/work/main/node_modules/postgres/src/connection.js", [4]),
    frame(4, "_write", "node:net", [5]),
    frame(5, "writeBuffered", ""),
    frame(6, "send", "/work/main/node_modules/ioredis/built/Redis.js", [7]),
    frame(7, "writeBuffered", ""),
    frame(9, "(idle)", ""),
  ],
  samples: [5, 5, 5, 7, 2, 2, 3, 3, 9, 9, 9, 9, 9],
};

describe("the CPU profile summary", () => {
  const s = summarizeProfile(profile);

  it("counts only busy samples, by the function they were in and by every function on the stack", () => {
    expect(s.busySamples).toBe(8);
    expect(s.self).toEqual([
      ["writeBuffered", 4],
      ["dispatch svc/runtime/dispatch.ts:10", 2],
      ["query postgres/src/connection.js:10", 2],
    ]);
    expect(Object.fromEntries(s.inclusive)).toMatchObject({
      "(root)": 8,
      "dispatch svc/runtime/dispatch.ts:10": 8,
      "query postgres/src/connection.js:10": 5,
      "send ioredis/built/Redis.js:10": 1,
    });
  });

  it("gives the socket writes to the library that issued them", () => {
    expect(s.writesBy).toEqual([
      ["postgres", 3],
      ["ioredis", 1],
    ]);
  });

  it("writes the shares as markdown tables", () => {
    const md = profileMarkdown("jobs-1", s);
    expect(md).toContain("# CPU profile of jobs-1: 8 busy samples");
    expect(md).toContain("| 50.0% | `writeBuffered` |");
    expect(md).toContain("| 37.5% | `postgres` |");
  });
});
