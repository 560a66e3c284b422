/**
 * Timing rules: outbox retry backoff (exponential, full jitter) and poll intervals (grow while
 * nothing moves, shrink when progress moves, aim at the estimated finish when progress is known).
 */
import type { CoreTuning } from '../types';

/** Delay before outbox attempt number `attempt` (1-based): full jitter over an exponential cap. */
export function outboxBackoffMs(
  attempt: number,
  t: Pick<CoreTuning, 'outboxBaseDelayMs' | 'outboxMaxDelayMs'>,
  random: () => number = Math.random,
): number {
  const cap = Math.min(t.outboxMaxDelayMs, t.outboxBaseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.floor(random() * cap));
}

/**
 * The next base interval: the first poll, then ×backoff up to the cap. It keeps growing while
 * progress moves too: it is the floor under the aimed delay below, so a job whose progress creeps
 * (and keeps predicting an early finish that does not come) is polled less and less often instead
 * of more and more.
 */
export function nextPollInterval(
  previousMs: number | null,
  _progressMoved: boolean,
  t: Pick<CoreTuning, 'firstPollMs' | 'pollBackoff' | 'pollMaxMs'>,
): number {
  if (previousMs === null) return t.firstPollMs;
  return Math.min(t.pollMaxMs, Math.round(previousMs * t.pollBackoff));
}

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
    const eta = (progress.elapsedMs * (100 - p)) / p;
    delay = Math.min(t.pollMaxMs, Math.max(intervalMs, eta * (1.02 + 0.03 * random())));
  } else {
    delay = intervalMs * (0.85 + 0.3 * random());
  }
  return Math.max(t.firstPollMs, Math.round(delay));
}
