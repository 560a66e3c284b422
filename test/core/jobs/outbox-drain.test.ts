/**
 * The outbox at scale (issue 14 §1), on the real local server and a real SQLite file: a queue
 * longer than the outbox reads ahead, drained with every request slot free at once, sends each
 * request exactly once, sends them all before the first poll of any, looks a video up once (not
 * once per clip), and tells the status bar a few times, not once per request, ending on 0 queued.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DATABASE_FILE } from '../../../app/core/store';
import { startServer, SAMPLE, type RunningServer } from '../../server';
import { makeCore, tempDataDir, waitFor, type TestCore } from '../fixtures/harness';

let server: RunningServer;
let tc: TestCore | null = null;
const dirs: string[] = [];

beforeAll(async () => {
  // Long jobs: what is measured here is the sending, not the finishing.
  server = await startServer({ jobDurationMs: 60_000 });
});
afterAll(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
beforeEach(async () => {
  server.control.reset({ state: true });
  server.control.set({ jobDurationMs: 60_000 });
  await server.control.settled();
});
afterEach(async () => {
  await tc?.close();
  tc = null;
});

const VIDEOS = [
  { videoId: SAMPLE.pricingTalkId, collectionId: SAMPLE.defaultCollectionId },
  { videoId: SAMPLE.acmeDemoId, collectionId: SAMPLE.defaultCollectionId },
  { videoId: SAMPLE.postgresTalkId, collectionId: SAMPLE.talksCollectionId },
];

/** More than the outbox reads ahead at once (64), and not a multiple of the 4 slots. */
const QUEUED = 150;

async function queueOffline(t: TestCore, n: number): Promise<string[]> {
  server.control.set({ offline: true });
  await server.control.settled();
  expect((await t.core.handlers['connectivity:check']({})).online).toBe(false);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { job } = await t.core.handlers['jobs:submit']({
      ...VIDEOS[i % VIDEOS.length]!,
      prompt: `drain request ${i} about pricing`,
      contentType: 'spoken',
      modelName: 'basic',
    });
    ids.push(job.id);
  }
  expect((await t.core.handlers['connectivity:status']({})).queued).toBe(n);
  return ids;
}

describe('outbox drain', () => {
  it('sends every queued request exactly once, all before the first poll, in the order queued', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    // First polls due almost at once: only the outbox holding the slots keeps them back.
    tc = await makeCore({
      serverUrl: server.url,
      apiKey: server.apiKey,
      dataDir,
      tuning: { firstPollMs: 1 },
    });
    const t = tc;
    const ids = await queueOffline(t, QUEUED);
    const from = server.control.requestCount();
    t.events.length = 0;
    server.control.set({ offline: false });
    await server.control.settled();
    await t.core.handlers['connectivity:check']({});
    await waitFor(
      async () => ((await t.core.handlers['connectivity:status']({})).queued === 0 ? true : null),
      30_000,
      'the outbox to drain',
    );
    await waitFor(
      async () => {
        const jobs = await Promise.all(ids.map((id) => t.core.handlers['jobs:get']({ id })));
        return jobs.every((j) => j.status === 'processing') ? true : null;
      },
      10_000,
      'every job to be processing',
    );
    const log = server.control.requests().slice(from);
    const posts = log.filter((r) => r.method === 'POST' && r.path.endsWith('/clip'));
    const prompts = posts.map((r) => String((r.body as { prompt: string }).prompt));
    expect(prompts).toHaveLength(QUEUED);
    expect(new Set(prompts).size).toBe(QUEUED);
    // In the order they were queued (4 at a time may swap neighbours on the wire, never more).
    prompts.forEach((p, i) => {
      const n = Number(/request (\d+) /.exec(p)![1]);
      expect(Math.abs(n - i)).toBeLessThan(4);
    });
    const lastPost = log.lastIndexOf(posts.at(-1)!);
    const firstPoll = log.findIndex((r) => r.method === 'GET' && r.path.includes('async-response'));
    if (firstPoll !== -1) expect(firstPoll).toBeGreaterThan(lastPost);
    // One lookup per video to learn its name, not one per clip.
    const lookups = log.filter((r) => r.method === 'GET' && /^\/video\/[^/]+$/.test(r.path));
    expect(lookups.length).toBeLessThanOrEqual(VIDEOS.length);
    // Every job was announced as sent and as accepted; the status bar heard a few times, and last
    // that nothing is queued.
    const changed = t.events.filter((e) => e.name === 'jobs:changed').map((e) => e.payload);
    for (const id of ids) {
      expect(changed.some((j) => j.id === id && j.status === 'sending')).toBe(true);
      expect(changed.some((j) => j.id === id && j.status === 'processing')).toBe(true);
    }
    const status = t.events.filter((e) => e.name === 'connectivity:changed').map((e) => e.payload);
    expect(status.length).toBeLessThan(QUEUED / 4);
    expect(status.at(-1)!.queued).toBe(0);
  });

  it('closing mid-drain writes every answer that came back: processing = jobs the server made, the rest still queued', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    tc = await makeCore({ serverUrl: server.url, apiKey: server.apiKey, dataDir });
    const ids = await queueOffline(tc, 40);
    // The server answers each request slowly, so the close lands mid-drain.
    server.control.set({ offline: false, latencyMs: 40 });
    await server.control.settled();
    await tc.core.handlers['connectivity:check']({});
    await waitFor(
      async () => (server.control.jobCount() >= 8 ? true : null),
      10_000,
      'some requests to be sent',
    );
    // close() lets the requests in flight finish: their answers must be written, not dropped
    // with a pending turn (the SIGKILL case is test/core/core-crash.test.ts).
    await tc.close();
    tc = null;
    const created = server.control.jobCount();
    expect(created).toBeLessThan(40);
    server.control.set({ offline: true });
    await server.control.settled();
    tc = await makeCore({ serverUrl: server.url, apiKey: server.apiKey, dataDir, start: false });
    const jobs = await Promise.all(ids.map((id) => tc!.core.handlers['jobs:get']({ id })));
    const count = (s: string) => jobs.filter((j) => j.status === s).length;
    expect(count('processing')).toBe(created);
    expect(count('queued')).toBe(40 - created);
    expect(count('uncertain') + count('sending')).toBe(0);
  });

  it('pausing mid-drain puts the rows marked ahead back in the queue: none left sending, no attempt spent', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    tc = await makeCore({ serverUrl: server.url, apiKey: server.apiKey, dataDir });
    const t = tc;
    const ids = await queueOffline(t, 40);
    server.control.set({ offline: false, latencyMs: 40 });
    await server.control.settled();
    await t.core.handlers['connectivity:check']({});
    await waitFor(
      async () => (server.control.jobCount() >= 6 ? true : null),
      10_000,
      'some requests to be sent',
    );
    await t.core.handlers['outbox:pause']({});
    // The requests in flight finish; nothing more is sent.
    await waitFor(
      async () => {
        const jobs = await Promise.all(ids.map((id) => t.core.handlers['jobs:get']({ id })));
        return jobs.some((j) => j.status === 'sending') ? null : jobs;
      },
      10_000,
      'no job left sending',
    ).then(async (jobs) => {
      const created = server.control.jobCount();
      expect(created).toBeLessThan(40);
      const queued = jobs.filter((j) => j.status === 'queued');
      expect(jobs.filter((j) => j.status === 'processing')).toHaveLength(created);
      expect(queued).toHaveLength(40 - created);
      // A row marked ahead and put back spent no attempt: it was never sent.
      const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
      const rows = db.prepare('SELECT state, attempts FROM outbox').all() as {
        state: string;
        attempts: number;
      }[];
      db.close();
      expect(rows).toHaveLength(40 - created);
      expect(rows.every((r) => r.state === 'pending' && Number(r.attempts) === 0)).toBe(true);
      expect((await t.core.handlers['connectivity:status']({})).queued).toBe(40 - created);
    });
    // Resumed, the rest go out once each.
    await t.core.handlers['outbox:resume']({});
    await waitFor(
      async () => (server.control.jobCount() === 40 ? true : null),
      10_000,
      'the rest to be sent',
    );
    const posts = server.control
      .requests()
      .filter((r) => r.method === 'POST' && r.path.endsWith('/clip'));
    expect(new Set(posts.map((r) => String((r.body as { prompt: string }).prompt))).size).toBe(40);
    expect(posts).toHaveLength(40);
  });
});
