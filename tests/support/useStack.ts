// The stack of one test file: started before its tests and stopped after them, in a namespace of its own.
// `stack` and `api` stand for it in the file's tests (they forward to the running stack).
import { afterAll, beforeAll, setDefaultTimeout } from "bun:test";
import { api as apiFor, type Api } from "./api.ts";
import { startStack, type Stack, type StackOptions } from "./stack.ts";
import { startInProcessStack, type InProcessStack } from "./inProcessStack.ts";

/** Forwards every property to what `current()` returns at the time of use. */
function standIn<T extends object>(what: string, current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const target = current();
      if (!target) throw new Error(`the ${what} is not running: use it inside a test or a hook`);
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export function useStack(opts: StackOptions & { inProcess: true }): { stack: InProcessStack; api: Api };
export function useStack(opts?: StackOptions): { stack: Stack; api: Api };
export function useStack(opts: StackOptions & { inProcess?: boolean } = {}): {
  stack: Stack | InProcessStack;
  api: Api;
} {
  // Bun 1.4.5 applies the preload's default timeout to the first file of a run only: set it for this file too.
  setDefaultTimeout(60_000);
  let stack: Stack | InProcessStack | undefined;
  let client: Api | undefined;
  beforeAll(async () => {
    stack = opts.inProcess ? await startInProcessStack(opts) : await startStack(opts);
    client = apiFor(stack.url);
  }, 120_000);
  afterAll(() => stack?.stop(), 30_000);
  return { stack: standIn("test stack", () => stack), api: standIn("test stack's API", () => client) };
}
