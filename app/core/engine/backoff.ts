/**
 * Timing rules: retry backoff (exponential, full jitter) and poll intervals (grow while
 * nothing moves, shrink when progress moves, aim at the estimated finish when progress is known).
 */
import type { CoreTuning } from '../types';

/**
 * The one backoff of the app: delay before attempt number `attempt` (1-based), full jitter over an
 * exponential ceiling (`baseMs × 2^(attempt-1)`, capped at `maxMs`), so many clients retrying a
 * recovering API do not do it in lock-step. Used by the outbox and by the HTTP client's retries.
 */
export function fullJitterBackoffMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Delay before outbox attempt number `attempt` (1-based): {@link fullJitterBackoffMs}, at least 1 ms. */
export function outboxBackoffMs(
  attempt: number,
  t: Pick<CoreTuning, 'outboxBaseDelayMs' | 'outboxMaxDelayMs'>,
  random: () => number = Math.random,
): number {
  return Math.max(1, fullJitterBackoffMs(attempt, t.outboxBaseDelayMs, t.outboxMaxDelayMs, random));
}

/**
 * The next base interval: the first poll, then ×backoff up to the cap while nothing moves; back to
 * the first interval when progress moved (work resumed after a stall is noticed quickly).
 */
export function nextPollInterval(
  previousMs: number | null,
  progressMoved: boolean,
  t: Pick<CoreTuning, 'firstPollMs' | 'pollBackoff' | 'pollMaxMs'>,
): number {
  if (previousMs === null || progressMoved) return t.firstPollMs;
  return Math.min(t.pollMaxMs, Math.round(previousMs * t.pollBackoff));
}

/** Aimed polls are never closer together than this share of the time the job has run. */
export const AIM_FLOOR_SHARE = 0.03;

/**
 * Delay until the next poll. While the server reports moving progress, aim just past the finish
 * it predicts (elapsed × remaining ÷ done), within [firstPollMs, pollMaxMs]: a 2-minute job then
 * costs a handful of polls and is seen finished within a few percent of its length. Otherwise
 * (no percentage, or a stall) use the growing interval with ±15 % jitter.
 */
export function pollDelayMs(
  intervalMs: number,
  progress: { percentage: number | null; elapsedMs: number; moved: boolean },
  t: Pick<CoreTuning, 'firstPollMs' | 'pollMaxMs'>,
  random: () => number = Math.random,
): number {
  const p = progress.percentage;
  let delay: number;
  if (progress.moved && p !== null && p > 0 && p < 100 && progress.elapsedMs > 0) {
    // Servers report whole percentages (floored), so true progress may be up to a point higher:
    // aim at the earliest finish the report allows. With the floor alone, 2 % after 1 s of a
    // 33-s job predicts 49 s and the poll lands 15 s late.
    const upper = Number.isInteger(p) ? Math.min(99.9, p + 1) : p;
    const eta = (progress.elapsedMs * (100 - upper)) / upper;
    // The floor keeps a job whose progress creeps (and keeps predicting an early finish that does
    // not come) from being polled ever faster; at 3 % of the elapsed time it costs a finishing
    // job at most 3 % of its length.
    const floor = AIM_FLOOR_SHARE * progress.elapsedMs;
    delay = Math.min(t.pollMaxMs, Math.max(floor, eta * (1.02 + 0.03 * random())));
  } else {
    delay = intervalMs * (0.85 + 0.3 * random());
  }
  return Math.max(t.firstPollMs, Math.round(delay));
}
