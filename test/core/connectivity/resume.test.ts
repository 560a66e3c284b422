/**
 * Sleep and resume (issue 10 §2): timers count only awake time, so a poll due while the computer
 * slept would wait out the rest of its delay after waking. On the hints' resume signal (main sends
 * it on Electron's powerMonitor 'resume') the real core probes at once and runs the polls that fell
 * due, against the local server. The sleep is the wall clock jumping while no timer fired, which
 * is what a suspended machine looks like to the process.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { startServer, SAMPLE, type RunningServer } from '../../server';
import type { ConnectivityHints } from '../../../app/core';
import { makeCore, skewedClock, tempDataDir, waitFor, type TestCore } from '../fixtures/harness';

let server: RunningServer;
let tc: TestCore | null = null;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startServer({ jobDurationMs: 200 });
});
afterAll(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(async () => {
  await tc?.close();
  tc = null;
  server.control.reset({ state: true });
  await server.control.settled();
});

/** Hints whose resume signal the test gives by hand. */
function manualHints() {
  const onResume = new Set<() => void>();
  const hints: ConnectivityHints = {
    isOnline: () => true,
    onChange: () => () => undefined,
    onResume(listener) {
      onResume.add(listener);
      return () => void onResume.delete(listener);
    },
  };
  return { hints, resume: () => [...onResume].forEach((l) => l()), listeners: onResume };
}

const polls = () =>
  server.control.requests().filter((r) => r.path.startsWith('/async-response/')).length;
const probes = () =>
  server.control.requests().filter((r) => r.method === 'GET' && r.path === '/').length;

/** A core whose polls and probes are a minute apart, with one clip being made. */
async function coreWithJobInFlight() {
  const signal = manualHints();
  const clock = skewedClock();
  const dataDir = tempDataDir();
  dirs.push(dataDir);
  tc = await makeCore({
    serverUrl: server.url,
    apiKey: server.apiKey,
    dataDir,
    clock,
    hints: signal.hints,
    tuning: { firstPollMs: 60_000, pollMaxMs: 120_000, probeOnlineMs: 120_000 },
  });
  const { job } = await tc.core.handlers['jobs:submit']({
    videoId: SAMPLE.pricingTalkId,
    collectionId: SAMPLE.defaultCollectionId,
    prompt: 'pricing',
    contentType: 'spoken',
    modelName: 'basic',
  });
  const t = tc;
  await waitFor(
    async () => (await t.core.handlers['jobs:get']({ id: job.id })).status === 'processing',
    5_000,
    'the clip to be accepted',
  );
  // The server has finished the clip by now; only a poll would tell the app.
  await new Promise((r) => setTimeout(r, 300));
  return { ...signal, clock, jobId: job.id, core: t.core };
}

describe('resume from sleep', () => {
  it('probes at once and runs the poll that fell due while asleep; the clip is done', async () => {
    const { resume, clock, jobId, core } = await coreWithJobInFlight();
    const pollsBefore = polls();
    const probesBefore = probes();
    expect(pollsBefore).toBe(0);
    clock.offsetMs += 10 * 60_000; // ten minutes asleep
    resume();
    await waitFor(() => probes() > probesBefore, 3_000, 'a probe after resume');
    await waitFor(() => polls() > pollsBefore, 3_000, 'a poll after resume');
    await waitFor(
      async () => (await core.handlers['jobs:get']({ id: jobId })).status === 'done',
      5_000,
      'the clip to be done',
    );
  });

  it('a short nap: the probe runs, a poll not yet due keeps its time', async () => {
    const { resume, listeners } = await coreWithJobInFlight();
    expect(listeners.size).toBe(1);
    const probesBefore = probes();
    resume();
    await waitFor(() => probes() > probesBefore, 3_000, 'a probe after resume');
    await new Promise((r) => setTimeout(r, 400));
    expect(polls()).toBe(0);
  });

  it('closing the core lets go of the resume signal', async () => {
    const { listeners } = await coreWithJobInFlight();
    await tc!.close();
    tc = null;
    expect(listeners.size).toBe(0);
  });
});
