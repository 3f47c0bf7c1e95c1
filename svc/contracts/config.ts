// The contracts service's own settings (README "Configuration"), read once at start-up: commands see them as
// ctx.config.
import { envInt } from "../runtime/config.ts";

export interface ContractsConfig {
  /**
   * The seed's promised rule: a contract established during the previous 3 days, on which no work has started
   * (every milestone OPEN), ends at once when either party asks; no admin is needed. 0: always an admin.
   */
  cancelGraceMs: number;
}

export const contractsConfig = (): ContractsConfig => ({
  cancelGraceMs: envInt("CONTRACTS_CANCEL_GRACE_HOURS", 72) * 3_600_000,
});
