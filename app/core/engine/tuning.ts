/** Default engine timings: suited to a desktop app on an ordinary connection. */
import type { CoreTuning } from '../types';

/** Defaults of {@link CoreTuning}. */
export const DEFAULT_TUNING: CoreTuning = {
  firstPollMs: 1000,
  pollBackoff: 1.5,
  pollMaxMs: 45_000,
  stuckAfterMs: 10 * 60_000,
  probeOfflineMs: 5000,
  probeOnlineMs: 60_000,
  maxConcurrentRequests: 4,
  outboxBaseDelayMs: 2000,
  outboxMaxDelayMs: 5 * 60_000,
  outboxMaxAttempts: 8,
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 60_000,
};

/** Fill in the defaults. */
export function resolveTuning(partial: Partial<CoreTuning> = {}): CoreTuning {
  const out = { ...DEFAULT_TUNING };
  for (const [k, v] of Object.entries(partial)) {
    if (v !== undefined) (out as Record<string, number>)[k] = v;
  }
  return out;
}
