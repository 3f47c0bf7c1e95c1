// The milestone state machine in one table: which move takes a milestone from which status to which.
import { conflict } from "../runtime/errors.ts";
import type { MilestoneStatus } from "./store.ts";

/** progress: the contract's freelancer; evaluate: its client; pay: payments, once the payment request is paid. */
export type MilestoneMove = "progress" | "evaluate" | "pay";

const transitions: Record<MilestoneMove, Partial<Record<MilestoneStatus, readonly MilestoneStatus[]>>> = {
  progress: { OPEN: ["IN_PROGRESS"], IN_PROGRESS: ["IN_REVIEW"] },
  evaluate: { IN_REVIEW: ["ACCEPTED", "IN_PROGRESS"] },
  pay: { ACCEPTED: ["PAID"] },
};

/**
 * The status `move` takes a milestone in status `from` to: `to` when the move offers a choice (evaluate), else its
 * only target. 409 when the move does not apply to `from`; `to` itself is checked by the command's input schema.
 */
export function nextMilestoneStatus(move: MilestoneMove, from: MilestoneStatus, to?: MilestoneStatus): MilestoneStatus {
  const targets = transitions[move][from] ?? [];
  const next = to === undefined ? targets[0] : targets.find((s) => s === to);
  if (!next) {
    const allowed = Object.keys(transitions[move]).join(" or ");
    throw conflict(`A milestone that is ${from} cannot be ${move === "pay" ? "paid" : `${move}ed`} (only ${allowed})`);
  }
  return next;
}
