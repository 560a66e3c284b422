import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { accountFor, createMemorySecretStore } from '../../app/core';
import { DATABASE_FILE } from '../../app/core/store/database';
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

const polls = () =>
  server.control.requests().filter((r) => r.path.startsWith('/async-response/')).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('core: job addresses the app will not poll', () => {
  it.each([
    ['on another site', 'http://127.0.0.2:9', /another site/],
    ['with https:// where the API is http://', 'https://127.0.0.1:9', /starts with https:\/\//],
  ])('a job address %s fails the job at once, in plain words', async (_name, origin, words) => {
    // The port is the server's own for https, so only the scheme differs.
    const base = origin.startsWith('https') ? server.url.replace('http://', 'https://') : origin;
    server.control.set({ outputUrlBase: base });
    const t = await core();
    const { job } = await t.core.handlers['jobs:submit'](req('raising prices'));
    const failed = await waitSettled(t, job.id);
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('bad-response');
    expect(failed.error?.message).toMatch(words);
    expect(failed.error?.message).toMatch(/cannot follow this job/);
    expect(polls()).toBe(0);
  });
});

describe('core: jobs of a previous API address stay with it', () => {
  it('after a switch they wait with a note and are not polled; switching back follows them to the end', async () => {
    server.control.set({ jobDurationMs: 60_000 });
    const t = await core();
    const h = t.core.handlers;
    const { job } = await h['jobs:submit'](req('raising prices'));
    await waitFor(async () => (await h['jobs:get']({ id: job.id })).status === 'processing');
    await waitFor(() => polls() > 0);

    // The same server under another name is another address, with its own key saved.
    const other = server.url.replace('127.0.0.1', 'localhost');
    await t.secrets.set(accountFor(other), server.apiKey);
    await h['settings:update']({ apiBaseUrl: other });
    const noted = await waitFor(async () => {
      const j = await h['jobs:get']({ id: job.id });
      return j.error !== null ? j : null;
    });
    expect(noted.status).toBe('processing');
    expect(noted.error?.message).toContain(`another API address (${server.url})`);
    const seen = polls();
    await sleep(700); // more than two poll intervals of the test tuning
    expect(polls()).toBe(seen);

    await h['settings:update']({ apiBaseUrl: server.url });
    await waitFor(() => polls() > seen);
    expect((await h['jobs:get']({ id: job.id })).error).toBeNull();
    server.control.advanceTime(120_000);
    expect((await waitSettled(t, job.id)).status).toBe('done');
  });

  it('a job is never polled with the key of another address on the same site', async () => {
    server.control.set({ jobDurationMs: 60_000 });
    const t = await core();
    const h = t.core.handlers;
    const { job } = await h['jobs:submit'](req('raising prices'));
    await waitFor(() => polls() > 0);
    const other = `${server.url}/v2`;
    await t.secrets.set(accountFor(other), 'sk-other-address-key-123456');
    await h['settings:update']({ apiBaseUrl: other });
    await waitFor(async () => (await h['jobs:get']({ id: job.id })).error !== null);
    const seen = polls();
    await sleep(700);
    // Polling it with the /v2 client would send the /v2 key to the first address's job.
    expect(polls()).toBe(seen);
    const refusedPolls = server.control
      .requests()
      .filter((r) => r.status === 401 && r.path.startsWith('/async-response/'));
    expect(refusedPolls).toEqual([]);
  });

  it('jobs recorded before addresses were kept, whose address is refused, wait with the note too', async () => {
    server.control.set({ jobDurationMs: 60_000 });
    const dataDir = tempDataDir('job-answers-');
    dirs.push(dataDir);
    tc = await makeCore({ serverUrl: server.url, apiKey: server.apiKey, dataDir });
    const { job } = await tc.core.handlers['jobs:submit'](req('raising prices'));
    await waitFor(() => polls() > 0);
    await tc.close();
    // An older row: no address recorded; the app now runs against another address.
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
    db.prepare('UPDATE jobs SET api_base_url = NULL').run();
    db.close();
    const other = server.url.replace('127.0.0.1', 'localhost');
    const store = createMemorySecretStore();
    await store.set(accountFor(other), server.apiKey);
    tc = await makeCore({ serverUrl: other, dataDir, secrets: store });
    const j = await waitFor(async () => {
      const x = await tc!.core.handlers['jobs:get']({ id: job.id });
      return x.error !== null ? x : null;
    });
    expect(j.status).toBe('processing');
    expect(j.error?.message).toContain('another API address');
  });
});
