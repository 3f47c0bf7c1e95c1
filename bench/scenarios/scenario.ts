// What a scenario declares: what it measures, what it is compared with, what it needs, and its load.
import type { LoadSpec } from "../load/spec.ts";
import type { Settings } from "../settings.ts";
import type { Fixture } from "./fixture.ts";
import type { ServiceName } from "../../tests/support/stack.ts";

export interface ScenarioEnv {
  settings: Settings;
  url: string;
  fixture: Fixture;
  /** req/s of a baseline measured earlier in this run. */
  baselineRate(id: string): number | undefined;
}

export interface Scenario {
  id: string;
  title: string;
  kind: "scenario" | "flow" | "ramp";
  /** Compared with this baseline: ratio = req/s here / req/s there. */
  baseline?: string;
  needs: ServiceName[];
  expectSuccess: boolean;
  /** The load in words, for the report ("64 connections"). */
  load(s: Settings): string;
  spec(env: ScenarioEnv): Promise<LoadSpec>;
}

export const fixed = (
  env: ScenarioEnv,
  request: Extract<LoadSpec, { kind: "fixed" }>["request"],
  connections = env.settings.connections,
): LoadSpec => ({
  kind: "fixed",
  url: env.url,
  connections,
  warmupS: env.settings.warmupS,
  runs: env.settings.runs,
  durationS: env.settings.durationS,
  request,
});

/** Requests one fixed-load scenario may send in all (warm-up and runs), with headroom over `rate`. */
export const requestBudget = (s: Settings, rate: number) =>
  Math.max(5000, Math.ceil(rate * (s.warmupS + s.runs * s.durationS) * 1.5));

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const connections = (s: Settings) => `${s.connections} connections`;
