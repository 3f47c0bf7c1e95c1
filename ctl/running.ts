// What each replica runs for one command (control operation showCommand): its version, built-in or patch,
// and the code (a patch's bundle, or the built-in module's source).
import type { ShownCommand } from "../svc/runtime/control/commandOps.ts";
import type { CtlConfig } from "./config.ts";
import { sendControl, type ControlOutcome } from "./send.ts";

export interface RunningVersion extends ShownCommand {
  version: string;
  instances: string[];
}

export interface Running {
  outcome: ControlOutcome;
  /** One entry per distinct version, the most widely run first. */
  versions: RunningVersion[];
  /** Every answering replica said the service has no such command. */
  unknown: boolean;
}

export async function runningVersions(
  cfg: CtlConfig,
  service: string,
  command: string,
  timeoutMs: number,
): Promise<Running> {
  const outcome = await sendControl(cfg, service, "showCommand", { command }, { timeoutMs });
  const byVersion = new Map<string, RunningVersion>();
  for (const reply of outcome.replies) {
    if (!reply.ok || !reply.version) continue;
    const shown = reply.detail as ShownCommand;
    const seen = byVersion.get(reply.version);
    if (seen) seen.instances.push(reply.instance);
    else byVersion.set(reply.version, { ...shown, version: reply.version, instances: [reply.instance] });
  }
  const versions = [...byVersion.values()].sort((a, b) => b.instances.length - a.instances.length);
  const unknown = outcome.replies.length > 0 && outcome.replies.every((r) => !r.ok && /is unknown/.test(r.error ?? ""));
  return { outcome, versions, unknown };
}
