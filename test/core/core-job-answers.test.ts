import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { INJECTED_FAILURE_MESSAGE, startServer, SAMPLE, type RunningServer } from '../server';
import { makeCore, tempDataDir, waitFor, type TestCore } from './fixtures/harness';

// Issue 9 §2: the API's own vocabulary for job answers, through a real core on a real SQLite file
// against the local server.

let server: RunningServer;
let tc: TestCore | null = null;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startServer({ jobDurationMs: 300 });
});
afterAll(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
beforeEach(async () => {
  server.control.reset({ state: true });
  await server.control.settled();
});
afterEach(async () => {
  await tc?.close();
  tc = null;
});

async function core(): Promise<TestCore> {
  const dataDir = tempDataDir('job-answers-');
  dirs.push(dataDir);
  tc = await makeCore({ serverUrl: server.url, apiKey: server.apiKey, dataDir });
  return tc;
}

const req = (prompt: string) => ({
  videoId: SAMPLE.pricingTalkId,
  collectionId: SAMPLE.defaultCollectionId,
  prompt,
  contentType: 'spoken' as const,
  modelName: 'basic' as const,
});

async function waitSettled(t: TestCore, id: string) {
  return waitFor(
    async () => {
      const j = await t.core.handlers['jobs:get']({ id });
      return j.status === 'done' || j.status === 'failed' ? j : null;
    },
    10_000,
    `job ${id} to settle`,
  );
}

describe("core: job answers in the docs' vocabulary", () => {
  it('a job finished as {success:true, status:"completed", result} ends done with its segments', async () => {
    server.control.set({ finishShape: 'c' });
    const t = await core();
    const { job } = await t.core.handlers['jobs:submit'](req('raising prices'));
    const done = await waitSettled(t, job.id);
    expect(done.status).toBe('done');
    expect(done.segments.length).toBeGreaterThan(0);
    expect(done.error).toBeNull();
  });

  it('a job answered by a bare {success:false, message} ends failed with that message', async () => {
    server.control.set({ finishShape: 'c', jobOutcome: 'fail' });
    const t = await core();
    const { job } = await t.core.handlers['jobs:submit'](req('raising prices'));
    const failed = await waitSettled(t, job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toContain(INJECTED_FAILURE_MESSAGE);
    expect(t.notifications.map((n) => n.title)).toEqual(['Clip failed']);
  });
});
