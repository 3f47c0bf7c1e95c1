// An idle process above MEMORY_TARGET_MB gives memory back once per idle period, never while it works.
import { describe, expect, it } from "bun:test";
import { memoryTargetCheck } from "../../svc/runtime/memoryTarget.ts";

/** A process whose work, clock and checks (every 250 ms) the test drives, counting the collections. */
function driven(rssMb: number) {
  const state = { started: 0, inFlight: 0, collections: 0, now: 0 };
  const check = memoryTargetCheck(
    () => state.started,
    () => state.inFlight,
    { targetMb: 64, rss: () => rssMb * 1024 * 1024, collect: () => void state.collections++, now: () => state.now },
  )!;
  const seconds = (n: number) => {
    for (let i = 0; i < n * 4; i++) {
      state.now += 250;
      check();
    }
  };
  return { state, seconds };
}

describe("memory target", () => {
  it("collects once when idle above the target, not again while it stays idle", () => {
    const { state, seconds } = driven(90);
    seconds(1);
    expect(state.collections).toBe(1);
    seconds(10);
    expect(state.collections).toBe(1);
  });

  it("waits until nothing has started for a whole second", () => {
    const { state, seconds } = driven(90);
    state.started++;
    seconds(1); // the first check sees the new work: 750 ms of quiet since
    expect(state.collections).toBe(0);
    seconds(0.25);
    expect(state.collections).toBe(1);
  });

  it("does not collect below the target, and never with a target of 0", () => {
    const { state, seconds } = driven(50);
    seconds(5);
    expect(state.collections).toBe(0);
    expect(
      memoryTargetCheck(
        () => 0,
        () => 0,
        { targetMb: 0 },
      ),
    ).toBeNull();
  });

  it("does not collect while work starts every second or is in flight, and collects again after new work", () => {
    const { state, seconds } = driven(90);
    for (let i = 0; i < 5; i++) {
      state.started++;
      seconds(1);
    }
    expect(state.collections).toBe(0);
    state.inFlight = 1; // a long request: nothing new starts, but the process is not idle
    seconds(4);
    expect(state.collections).toBe(0);
    state.inFlight = 0;
    seconds(1);
    expect(state.collections).toBe(1);
    state.started++;
    seconds(1); // work began in the last second: not idle yet
    expect(state.collections).toBe(1);
    seconds(3);
    expect(state.collections).toBe(2);
  });
});
