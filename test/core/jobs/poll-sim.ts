/**
 * A pure simulation of the poll rule against jobs of every progress shape (the local server's
 * shapes, integer percentages, seeded jitter), next to the SDK's fixed 5-s poll with its 500-s
 * give-up. Used by poll-plan.test.ts; no clock, no network.
 */
import { alignPollAt, planPollDelayMs, type PollReport } from '../../../app/core/jobs/poll-plan';
import { shareDone } from '../../server/jobs';
import type { ProgressShape } from '../../server/switches';
import { mulberry32 } from '../../support/rng';

/** The tests' seeded generator (mulberry32), as the bench uses. */
export const seeded = mulberry32;

/** How one side fared on one job. */
export interface SimResult {
  polls: number;
  delayMs: number;
  gaveUp: boolean;
}

/** Our rule on a job of `lengthMs` and `shape`, jitter ±3 % of the length per read. */
export function simulateOurs(
  lengthMs: number,
  shape: ProgressShape,
  seed: number,
  priorMs: readonly number[] = [],
): SimResult {
  const rng = seeded(seed);
  const random = seeded(seed + 1);
  const reports: PollReport[] = [];
  let reported = 0;
  let now = 1000;
  // The engine lines polls up on a wall-clock grid: the job was sent at some moment of it.
  const sentAt = 1_800_000_000_000 + Math.floor(seeded(seed + 2)() * 10_000);
  for (let polls = 1; polls < 10_000; polls++) {
    if (now >= lengthMs) return { polls, delayMs: now - lengthMs, gaveUp: false };
    let pct: number | null = null;
    if (shape !== 'none') {
      const x = Math.max(0, Math.min(1, now / lengthMs + 0.03 * (2 * rng() - 1)));
      reported = Math.max(reported, Math.min(99, Math.floor(shareDone(shape, x) * 100)));
      pct = reported;
    }
    reports.push({ atMs: now, percentage: pct });
    const delay = planPollDelayMs(reports, { firstPollMs: 1000 }, priorMs, random);
    now = alignPollAt(sentAt + now, delay) - sentAt;
  }
  return { polls: 10_000, delayMs: Infinity, gaveUp: true };
}

/** The SDK: poll at once, then every 5 s; give up after 500 s. */
export function simulateSdk(lengthMs: number): SimResult {
  let polls = 0;
  for (let t = 0; t < 500_000; t += 5000) {
    polls++;
    if (t >= lengthMs) return { polls, delayMs: t - lengthMs, gaveUp: false };
  }
  return { polls, delayMs: Infinity, gaveUp: true };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Medians over `reps` offsets in [0, `spreadMs`) of a nominal length, and whether the bars hold.
 * The default spread is the SDK's period (neither side profits from the SDK's grid), as in the
 * bench; a spread of a good share of the length also samples where the job ends between two of
 * our polls, which decides how late a long job is noticed.
 */
export function barsFor(
  nominalMs: number,
  shape: ProgressShape,
  reps = 11,
  warm = false,
  spreadMs = 5000,
): { ours: SimResult; sdk: SimResult; met: boolean; delayShare: number; worstShare: number } {
  const ours: SimResult[] = [];
  const sdk: SimResult[] = [];
  const done: number[] = [];
  /** Each of our delays as a share of its own job's length. */
  const shares: number[] = [];
  for (let i = 0; i < reps; i++) {
    const len = nominalMs + Math.floor(seeded(nominalMs + i)() * spreadMs);
    const r = simulateOurs(len, shape, nominalMs * 31 + i, warm ? done : []);
    ours.push(r);
    if (!warm || i > 0) shares.push(r.delayMs / len);
    done.push(len);
    sdk.push(simulateSdk(len));
  }
  const pick = (rs: SimResult[]): SimResult => ({
    polls: median(rs.map((r) => r.polls)),
    delayMs: median(rs.map((r) => r.delayMs)),
    gaveUp: rs.some((r) => r.gaveUp),
  });
  const o = pick(warm ? ours.slice(1) : ours);
  const s = pick(sdk);
  const short = nominalMs <= 30_000;
  const met =
    !o.gaveUp && (short ? o.delayMs < s.delayMs : median(shares) < 0.1 && o.polls <= s.polls / 2);
  return { ours: o, sdk: s, met, delayShare: median(shares), worstShare: Math.max(...shares) };
}
