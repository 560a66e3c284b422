/**
 * The real core polls several running jobs on a shared grid of moments (poll-plan.ts,
 * `alignPollAt`): jobs sent at different moments are, after their first seconds, polled
 * together, so the process wakes once for several polls. A fake clock moves the local server's
 * clock in step, so six minutes of polling take a few seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from '../../../app/core';
import { createFakeClock, whenSettled } from '../../bench/fake-clock';
import { SAMPLE, startServer, type RunningServer } from '../../server';
import { makeCore } from '../fixtures/harness';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({});
  server.control.set({ jobOutcome: 'never' });
});
afterAll(async () => {
  await server.close();
});

describe('polls of several jobs line up', () => {
  it('jobs sent at different moments are polled at shared moments once their polls are a few seconds apart', async () => {
    // An odd start, so the grid is not lined up with the start by chance.
    const clock = createFakeClock(1_800_000_000_000 + 1237);
    const advance = (ms: number): void => server.control.advanceTime(ms);
    const tc = await makeCore({
      serverUrl: server.url,
      apiKey: server.apiKey,
      clock,
      // The app's own timings (the harness shortens them for speed).
      tuning: { ...DEFAULT_TUNING },
    });
    const polls = (): number =>
      server.control
        .requests()
        .filter((r) => r.method === 'GET' && r.path.startsWith('/async-response/')).length;
    const settle = (): Promise<void> => whenSettled(clock, () => server.control.requestCount(), 5);
    try {
      await settle();
      // Twenty jobs, sent 0.3 to 1.7 s apart.
      const gaps = [0, 300, 1100, 1700, 900];
      for (let i = 0; i < 20; i++) {
        const gap = gaps[i % gaps.length]!;
        clock.advanceTo(clock.now() + gap, advance);
        await tc.core.handlers['jobs:submit']({
          videoId: SAMPLE.pricingTalkId,
          collectionId: SAMPLE.defaultCollectionId,
          prompt: `line up ${i} pricing`,
          contentType: 'spoken',
          modelName: 'basic',
        });
        await settle();
      }
      const start = clock.now();
      // Each moment the clock stops at, and how many polls went out from it, after the first
      // minute (when a job's polls are several seconds apart).
      const perMoment = new Map<number, number>();
      while (clock.now() < start + 6 * 60_000) {
        const before = polls();
        if (!clock.fireNext(advance)) break;
        await settle();
        const sent = polls() - before;
        if (sent > 0 && clock.now() >= start + 60_000)
          perMoment.set(clock.now(), (perMoment.get(clock.now()) ?? 0) + sent);
      }
      const counts = [...perMoment.values()];
      const total = counts.reduce((a, b) => a + b, 0);
      const shared = counts.filter((n) => n > 1).reduce((a, b) => a + b, 0);
      // Every job kept being polled (about 8 polls each from 1 to 6 minutes)...
      expect(total).toBeGreaterThanOrEqual(20 * 6);
      // ...and most polls went out together with another (without the grid, every poll of
      // these jobs goes out at a moment of its own).
      expect(shared / total).toBeGreaterThan(0.5);
    } finally {
      await tc.close();
    }
  }, 60_000);
});
