import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TUNING,
  fullJitterBackoffMs,
  nextPollInterval,
  outboxBackoffMs,
  pollDelayMs,
} from '../../../app/core/engine';

/**
 * Simulate the poller against a job of `lengthMs` whose server reports integer, linear progress
 * (as the local server does), or no percentage at all. Returns the number of polls and how late
 * the finish was noticed.
 */
function simulate(lengthMs: number, reportsProgress: boolean, random: () => number) {
  const t = DEFAULT_TUNING;
  let now = t.firstPollMs;
  let interval: number | null = null;
  let last: number | null = 0;
  let polls = 0;
  for (;;) {
    polls++;
    if (now >= lengthMs) return { polls, lateMs: now - lengthMs };
    const pct = reportsProgress ? Math.floor((now / lengthMs) * 100) : null;
    const moved = pct !== null && pct !== last;
    if (pct !== null) last = pct;
    interval = nextPollInterval(interval, moved, t);
    now += pollDelayMs(interval, { percentage: pct, elapsedMs: now, moved }, t, random);
  }
}

describe('poll timing with the default tuning', () => {
  for (const [name, random] of [
    ['low jitter', () => 0],
    ['mid jitter', () => 0.5],
    ['high jitter', () => 0.999],
  ] as const) {
    it(`a 2-minute job costs < 12 polls and is seen within 10 % (${name})`, () => {
      const r = simulate(120_000, true, random);
      expect(r.polls).toBeLessThan(12);
      expect(r.lateMs).toBeLessThanOrEqual(12_000);
    });
    it(`a 3-second job is seen about 1 s after it ends (${name})`, () => {
      const r = simulate(3_000, true, random);
      expect(r.lateMs).toBeLessThanOrEqual(1_200);
    });
  }

  it('without a percentage the interval grows ×1.5 to the cap and never gives up', () => {
    const seq: number[] = [];
    let i: number | null = null;
    for (let k = 0; k < 12; k++) {
      i = nextPollInterval(i, false, DEFAULT_TUNING);
      seq.push(i);
    }
    expect(seq.slice(0, 4)).toEqual([1000, 1500, 2250, 3375]);
    expect(seq.at(-1)).toBe(DEFAULT_TUNING.pollMaxMs);
    const r = simulate(20 * 60_000, false, () => 0.5);
    expect(r.lateMs).toBeLessThanOrEqual(DEFAULT_TUNING.pollMaxMs * 1.15);
  });

  it('a 30-minute job costs at most half the polls of fixed 5-second polling (≤ 180)', () => {
    for (const random of [() => 0, () => 0.5, () => 0.999]) {
      const r = simulate(30 * 60_000, true, random);
      expect(r.polls).toBeLessThanOrEqual(180);
      expect(r.lateMs).toBeLessThanOrEqual(0.1 * 30 * 60_000);
    }
  });

  it('progress that creeps and keeps predicting an early finish is polled less and less often', () => {
    // Progress moves by a point per poll but the job never finishes: each aimed delay predicts an
    // early finish that does not come. The growing interval under it keeps the rate falling.
    const t = DEFAULT_TUNING;
    let interval: number | null = null;
    let elapsed = 60_000;
    let polls = 0;
    let pct = 95;
    while (elapsed < 60_000 + 10 * 60_000) {
      interval = nextPollInterval(interval, true, t);
      elapsed += pollDelayMs(interval, { percentage: pct, elapsedMs: elapsed, moved: true }, t);
      pct = 100 - 5 / (polls + 2); // 97.5, 98.3, 98.75, … never 100
      polls++;
    }
    // Fixed 5-second polling would make 120 requests in these 10 minutes.
    expect(polls).toBeLessThan(90);
  });

  it('outbox backoff is full jitter under an exponential cap', () => {
    const t = { outboxBaseDelayMs: 1000, outboxMaxDelayMs: 10_000 };
    expect(outboxBackoffMs(1, t, () => 0.999)).toBeLessThan(1000);
    expect(outboxBackoffMs(3, t, () => 0.999)).toBeGreaterThan(3900);
    expect(outboxBackoffMs(3, t, () => 0.999)).toBeLessThan(4000);
    expect(outboxBackoffMs(30, t, () => 0.999)).toBeLessThan(10_000);
    expect(outboxBackoffMs(30, t, () => 0)).toBeGreaterThanOrEqual(1);
  });

  it('the one backoff (outbox and HTTP retries) doubles its ceiling per attempt up to the cap', () => {
    const ceilings = [1, 2, 3, 4, 5, 6].map((n) =>
      fullJitterBackoffMs(n, 250, 5000, () => 0.999_999),
    );
    expect(ceilings).toEqual([249, 499, 999, 1999, 3999, 4999]);
    expect(fullJitterBackoffMs(4, 250, 5000, () => 0)).toBe(0);
  });
});
