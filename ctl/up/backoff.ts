// The restart policy of `make up`, as a Swarm restart policy would have it: a process that exits on its own is
// started again after 0.5 s, doubling with every exit in a row up to 30 s; a run of a minute counts as healthy
// and starts the series again.
export const restartPolicy = { firstDelayMs: 500, maxDelayMs: 30_000, healthyAfterMs: 60_000 };

export interface RestartState {
  /** Exits in a row, each after a run shorter than healthyAfterMs. */
  failures: number;
}

/** The delay before the next start, and the new state, for a process that ran `ranMs` before exiting. */
export function nextRestart(
  state: RestartState,
  ranMs: number,
  policy = restartPolicy,
): { delayMs: number; state: RestartState } {
  const failures = ranMs >= policy.healthyAfterMs ? 0 : state.failures;
  const delayMs = Math.min(policy.firstDelayMs * 2 ** failures, policy.maxDelayMs);
  return { delayMs, state: { failures: failures + 1 } };
}
