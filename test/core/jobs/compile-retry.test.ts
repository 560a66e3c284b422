/**
 * A done clip whose compile (`POST /compile`, the playable stream of all segments) fails on a
 * network hiccup or a busy server gets its stream in the same run, after a short backoff, instead
 * of waiting for the next start. The soak found it: a clip stayed done without a playable link.
 * A real core on a real SQLite file against the local server with faults on /compile.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { startServer, SAMPLE, type Fault, type RunningServer } from '../../server';
import { makeCore, tempDataDir, waitFor, type TestCore } from '../fixtures/harness';

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

const compilePosts = () =>
  server.control.requests().filter((r) => r.method === 'POST' && r.path === '/compile').length;

async function clipWithCompileFault(fault: Fault) {
  const dataDir = tempDataDir('compile-');
  dirs.push(dataDir);
  server.control.set({ faults: [fault] });
  tc = await makeCore({
    serverUrl: server.url,
    apiKey: server.apiKey,
    dataDir,
    tuning: { outboxBaseDelayMs: 50, outboxMaxDelayMs: 200 },
  });
  const { job } = await tc.core.handlers['jobs:submit']({
    videoId: SAMPLE.pricingTalkId,
    collectionId: SAMPLE.defaultCollectionId,
    prompt: 'pricing tiers',
    contentType: 'spoken',
    modelName: 'basic',
  });
  return job.id;
}

describe('compile after a done clip', () => {
  it.each<[string, Fault]>([
    ['a 503', { kind: 'status-503', method: 'POST', path: '^/compile$', times: 2 }],
    ['a gateway 502 page', { kind: 'html-502', method: 'POST', path: '^/compile$', times: 1 }],
  ])('is tried again in the same run after %s, and the clip gets its stream', async (_w, fault) => {
    const id = await clipWithCompileFault(fault);
    const done = await waitFor(async () => {
      const j = await tc!.core.handlers['jobs:get']({ id });
      return j.status === 'done' && j.clipStreamUrl !== null ? j : null;
    }, 15_000);
    expect(done.segments.length).toBeGreaterThan(0);
    expect(compilePosts()).toBe((fault.times ?? 0) + 1);
    expect(tc!.logger.lines.join('\n')).toMatch(/could not compile the clip; trying again soon/);
  });

  it('a refusal (400) is not hammered: one try, the next at the next start', async () => {
    const id = await clipWithCompileFault({
      kind: 'bad-request-400',
      method: 'POST',
      path: '^/compile$',
    });
    await waitFor(async () => (await tc!.core.handlers['jobs:get']({ id })).status === 'done');
    await new Promise((r) => setTimeout(r, 600));
    expect(compilePosts()).toBe(1);
    expect((await tc!.core.handlers['jobs:get']({ id })).clipStreamUrl).toBeNull();
  });
});
