import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, SAMPLE, type RunningServer } from '../server';
import { makeCore, tempDataDir, waitFor, type TestCore } from './fixtures/harness';

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

async function core(opts: { dataDir?: string; start?: boolean } = {}): Promise<TestCore> {
  const dataDir = opts.dataDir ?? tempDataDir();
  if (!dirs.includes(dataDir)) dirs.push(dataDir);
  tc = await makeCore({
    serverUrl: server.url,
    apiKey: server.apiKey,
    dataDir,
    ...(opts.start !== undefined ? { start: opts.start } : {}),
  });
  return tc;
}

const req = (prompt: string, extra: Record<string, unknown> = {}) => ({
  videoId: SAMPLE.pricingTalkId,
  collectionId: SAMPLE.defaultCollectionId,
  prompt,
  contentType: 'spoken' as const,
  modelName: 'basic' as const,
  ...extra,
});

const clipPosts = (videoId: string = SAMPLE.pricingTalkId) =>
  server.control
    .requests()
    .filter((r) => r.method === 'POST' && r.path === `/video/${videoId}/clip`);

async function waitStatus(t: TestCore, id: string, status: string, timeoutMs = 10_000) {
  return waitFor(
    async () => {
      const j = await t.core.handlers['jobs:get']({ id });
      return j.status === status ? j : null;
    },
    timeoutMs,
    `job ${id} to be ${status}`,
  );
}

describe('core: clip jobs', () => {
  it('submit → sending → processing → done, with segments, a compiled clip and a notification', async () => {
    const t = await core();
    const { job, existing } = await t.core.handlers['jobs:submit'](req('raising prices'));
    expect(existing).toBe(false);
    expect(job.videoName).toBe(SAMPLE.pricingTalkName);
    const done = await waitFor(async () => {
      const j = await t.core.handlers['jobs:get']({ id: job.id });
      return j.status === 'done' && j.clipStreamUrl ? j : null;
    });
    expect(done.segments.length).toBeGreaterThan(0);
    expect(done.segments[0]!.end).toBeGreaterThan(done.segments[0]!.start);
    expect(done.progress).toBe(100);
    expect(done.finishedAt).not.toBeNull();
    expect(done.sourceStreamUrl).toMatch(/m3u8/);
    expect(clipPosts()).toHaveLength(1);
    expect(server.control.requests().filter((r) => r.path === '/compile')).toHaveLength(1);
    const statuses = t.events
      .filter((e) => e.name === 'jobs:changed' && e.payload.id === job.id)
      .map((e) => e.payload.status);
    expect(statuses[0]).toBe('queued');
    expect(statuses).toContain('sending');
    expect(statuses).toContain('processing');
    expect(statuses.indexOf('sending')).toBeLessThan(statuses.indexOf('processing'));
    expect(statuses.at(-1)).toBe('done');
    expect(t.notifications.map((n) => n.title)).toEqual(['Clip ready']);
    expect(t.notifications[0]!.jobId).toBe(job.id);
  });

  it('no notification when notifications are off', async () => {
    const t = await core();
    await t.core.handlers['settings:update']({ notifications: false });
    const { job } = await t.core.handlers['jobs:submit'](req('coffee break'));
    await waitStatus(t, job.id, 'done');
    expect(t.notifications).toEqual([]);
  });

  it('deduplicates an in-flight request (normalised prompt), not a finished one', async () => {
    const t = await core();
    server.control.set({ jobDurationMs: 800 });
    const a = await t.core.handlers['jobs:submit'](req('Raising   PRICES '));
    const b = await t.core.handlers['jobs:submit'](req('raising prices'));
    expect(b.existing).toBe(true);
    expect(b.job.id).toBe(a.job.id);
    const c = await t.core.handlers['jobs:submit'](req('raising prices', { modelName: 'pro' }));
    expect(c.existing).toBe(false);
    await waitStatus(t, a.job.id, 'done');
    const d = await t.core.handlers['jobs:submit'](req('raising prices'));
    expect(d.existing).toBe(false);
    expect(d.job.id).not.toBe(a.job.id);
  });

  it('offline: submit waits in the outbox, then is sent exactly once when back online', async () => {
    const t = await core();
    server.control.set({ offline: true });
    await server.control.settled();
    const state = await t.core.handlers['connectivity:check']({});
    expect(state.online).toBe(false);
    const { job } = await t.core.handlers['jobs:submit'](req('pricing tiers'));
    expect(job.status).toBe('queued');
    expect((await t.core.handlers['connectivity:status']({})).queued).toBe(1);
    await new Promise((r) => setTimeout(r, 400));
    expect((await t.core.handlers['jobs:get']({ id: job.id })).status).toBe('queued');
    expect(clipPosts()).toHaveLength(0);
    server.control.set({ offline: false });
    await server.control.settled();
    // The offline probe (every 150 ms in tests) notices the network is back.
    await waitStatus(t, job.id, 'done');
    expect(clipPosts()).toHaveLength(1);
    expect((await t.core.handlers['connectivity:status']({})).queued).toBe(0);
    const conn = t.events.filter((e) => e.name === 'connectivity:changed').map((e) => e.payload);
    expect(conn.some((s) => s.online === false)).toBe(true);
    expect(conn.at(-1)!.online).toBe(true);
  });

  async function submitOffline(t: TestCore, request: ReturnType<typeof req>) {
    server.control.set({ offline: true });
    await server.control.settled();
    expect((await t.core.handlers['connectivity:check']({})).online).toBe(false);
    const { job } = await t.core.handlers['jobs:submit'](request);
    // The library has never seen the video: the job can only say its id.
    expect(job.videoName).toBe(request.videoId);
    return job;
  }

  async function backOnline(t: TestCore) {
    server.control.set({ offline: false });
    await server.control.settled();
    expect((await t.core.handlers['connectivity:check']({})).online).toBe(true);
  }

  it("offline: a job's raw video id becomes the video's name once the library knows the video", async () => {
    const t = await core();
    await t.core.handlers['outbox:pause']({});
    const job = await submitOffline(t, req('pricing tiers'));
    await backOnline(t);
    await t.core.handlers['library:list-videos']({
      collectionId: SAMPLE.defaultCollectionId,
      refresh: false,
      offset: 0,
      limit: 50,
    });
    const named = await t.core.handlers['jobs:get']({ id: job.id });
    expect(named.videoName).toBe(SAMPLE.pricingTalkName);
    expect(named.updatedAt).toBeGreaterThan(job.updatedAt);
    expect(
      t.events.some(
        (e) =>
          e.name === 'jobs:changed' &&
          e.payload.id === job.id &&
          e.payload.videoName === SAMPLE.pricingTalkName,
      ),
    ).toBe(true);
    const page = await t.core.handlers['jobs:list']({ search: 'pricing', offset: 0, limit: 10 });
    expect(page.jobs.find((j) => j.id === job.id)?.videoName).toBe(SAMPLE.pricingTalkName);
    const videos = await t.core.handlers['jobs:videos']({});
    expect(videos.find((v) => v.videoId === SAMPLE.pricingTalkId)?.videoName).toBe(
      SAMPLE.pricingTalkName,
    );
    expect(clipPosts()).toHaveLength(0); // still paused: the library alone named it
  });

  it("offline: a job's video name is learned when it is sent, even if the clip then fails", async () => {
    const t = await core();
    const job = await submitOffline(t, { ...req('anything'), videoId: SAMPLE.unsearchableVideoId });
    await backOnline(t);
    const failed = await waitStatus(t, job.id, 'failed');
    await waitFor(
      async () =>
        (await t.core.handlers['jobs:get']({ id: job.id })).videoName ===
        SAMPLE.unsearchableVideoName,
      5_000,
      'the job to take the video name',
    );
    expect(failed.error?.message).toMatch(/spoken/i);
  });

  it('pause holds the outbox; resume sends', async () => {
    const t = await core();
    const paused = await t.core.handlers['outbox:pause']({});
    expect(paused.paused).toBe(true);
    const { job } = await t.core.handlers['jobs:submit'](req('discount chart'));
    await new Promise((r) => setTimeout(r, 300));
    expect((await t.core.handlers['jobs:get']({ id: job.id })).status).toBe('queued');
    expect(clipPosts()).toHaveLength(0);
    await t.core.handlers['outbox:resume']({});
    await waitStatus(t, job.id, 'done');
    expect(clipPosts()).toHaveLength(1);
  });

  it('restart: a processing job is polled to the end and a queued job is sent, each POSTed once', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    server.control.set({ jobDurationMs: 1500 });
    const a = await core({ dataDir });
    const first = await a.core.handlers['jobs:submit'](req('value metric'));
    await waitStatus(a, first.job.id, 'processing');
    await a.core.handlers['outbox:pause']({});
    const second = await a.core.handlers['jobs:submit'](req('packaging tiers'));
    expect(second.job.status).toBe('queued');
    await a.close();
    tc = null;

    const b = await core({ dataDir });
    await waitStatus(b, first.job.id, 'done');
    // "Pause sending" is the user's choice: it outlives the restart, and the queued job waits.
    expect((await b.core.handlers['connectivity:status']({})).paused).toBe(true);
    expect((await b.core.handlers['jobs:get']({ id: second.job.id })).status).toBe('queued');
    await b.core.handlers['outbox:resume']({});
    await waitStatus(b, second.job.id, 'done');
    const prompts = clipPosts().map((r) => (r.body as { prompt: string }).prompt);
    expect(prompts.sort()).toEqual(['packaging tiers', 'value metric']);
  });

  it('a failed job can be retried as a new attempt of the same job', async () => {
    const t = await core();
    server.control.set({ jobOutcome: 'fail' });
    const { job } = await t.core.handlers['jobs:submit'](req('churn'));
    const failed = await waitStatus(t, job.id, 'failed');
    expect(failed.error?.message).toBeTruthy();
    expect(t.notifications.map((n) => n.title)).toContain('Clip failed');
    server.control.set({ jobOutcome: 'done' });
    const again = await t.core.handlers['jobs:retry']({ id: job.id });
    expect(again.status).toBe('queued');
    expect(again.attempts).toBe(2);
    expect(again.error).toBeNull();
    const done = await waitStatus(t, job.id, 'done');
    expect(done.attempts).toBe(2);
    expect(clipPosts()).toHaveLength(2);
    await expect(t.core.handlers['jobs:retry']({ id: job.id })).rejects.toMatchObject({
      code: 'validation',
    });
  });

  it('stop tracking ends polling; retry resumes it', async () => {
    const t = await core();
    server.control.set({ jobOutcome: 'never' });
    const { job } = await t.core.handlers['jobs:submit'](req('questions from the audience'));
    await waitStatus(t, job.id, 'processing');
    await waitFor(() =>
      server.control.requests().some((r) => r.path.startsWith('/async-response/')),
    );
    const stopped = await t.core.handlers['jobs:stop-tracking']({ id: job.id });
    expect(stopped.tracking).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    const polls = () =>
      server.control.requests().filter((r) => r.path.startsWith('/async-response/')).length;
    const before = polls();
    await new Promise((r) => setTimeout(r, 600));
    expect(polls()).toBe(before);
    const resumed = await t.core.handlers['jobs:retry']({ id: job.id });
    expect(resumed.tracking).toBe(true);
    await waitFor(() => polls() > before);
  });

  it('stop tracking while a poll waits for its answer: that answer polls no more', async () => {
    const t = await core();
    // The first poll of the job is held by the server for 800 ms.
    server.control.set({
      jobOutcome: 'never',
      faults: [{ kind: 'slow', method: 'GET', path: '^/async-response/', delayMs: 800, times: 1 }],
    });
    const polls = () =>
      server.control.requests().filter((r) => r.path.startsWith('/async-response/'));
    const { job } = await t.core.handlers['jobs:submit'](req('stopped mid-poll'));
    await waitFor(() => polls().length > 0, 5_000, 'the first poll to reach the server');
    expect(polls()[0]?.endedAt).toBeUndefined();
    const stopped = await t.core.handlers['jobs:stop-tracking']({ id: job.id });
    expect(stopped.tracking).toBe(false);
    // The held answer arrives; polls come every 50 ms here, so a resumed poller shows at once.
    await waitFor(() => polls()[0]?.endedAt !== undefined, 5_000, 'the held poll to end');
    await new Promise((r) => setTimeout(r, 600));
    expect(polls()).toHaveLength(1);
    const after = await t.core.handlers['jobs:get']({ id: job.id });
    expect(after.tracking).toBe(false);
    expect(after.status).toBe('processing');
  });

  it('follow again after stop tracking polls at once against the server', async () => {
    const t = await core();
    server.control.set({ jobOutcome: 'never' });
    const { job } = await t.core.handlers['jobs:submit'](req('follow me again'));
    await waitStatus(t, job.id, 'processing');
    const polls = () =>
      server.control.requests().filter((r) => r.path.startsWith('/async-response/')).length;
    await waitFor(() => polls() > 0);
    const stopped = await t.core.handlers['jobs:stop-tracking']({ id: job.id });
    expect(stopped.tracking).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    const before = polls();
    await new Promise((r) => setTimeout(r, 400));
    expect(polls()).toBe(before);
    const followed = await t.core.handlers['jobs:follow']({ id: job.id });
    expect(followed.tracking).toBe(true);
    expect(followed.stuck).toBe(false);
    // A poll goes out at once, well before the first-poll delay of a new job would.
    await waitFor(() => polls() > before, 2_000, 'a poll right after follow');
    // Following a job already followed changes nothing.
    const again = await t.core.handlers['jobs:follow']({ id: job.id });
    expect(again.tracking).toBe(true);
  });

  it('flags a job stuck when progress stops moving, and keeps polling it', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    tc = await makeCore({
      serverUrl: server.url,
      apiKey: server.apiKey,
      dataDir,
      tuning: { stuckAfterMs: 400 },
    });
    server.control.set({ jobOutcome: 'never', jobDurationMs: 100 });
    const { job } = await tc.core.handlers['jobs:submit'](req('stuck job'));
    const stuck = await waitFor(async () => {
      const j = await tc!.core.handlers['jobs:get']({ id: job.id });
      return j.stuck ? j : null;
    });
    expect(stuck.status).toBe('processing');
    const polls = () =>
      server.control.requests().filter((r) => r.path.startsWith('/async-response/')).length;
    const n = polls();
    await waitFor(() => polls() > n);
  });

  it('a poll 404 fails the job as expired', async () => {
    const t = await core();
    server.control.set({ faults: [{ kind: 'job-404' }] });
    const { job } = await t.core.handlers['jobs:submit'](req('expired'));
    const failed = await waitStatus(t, job.id, 'failed');
    expect(failed.error).toEqual({
      code: 'not-found',
      message: 'This job has expired on the server.',
    });
  });

  it('a POST whose answer is lost becomes uncertain; resend only on request', async () => {
    const t = await core();
    server.control.set({
      faults: [{ kind: 'reset', method: 'POST', path: '/clip$', afterHandler: true, times: 1 }],
    });
    const { job } = await t.core.handlers['jobs:submit'](req('lost answer'));
    const unc = await waitStatus(t, job.id, 'uncertain');
    expect(unc.error).not.toBeNull();
    expect(server.control.jobs().filter((j) => j.kind === 'clip')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 400));
    expect(clipPosts()).toHaveLength(1);
    // Not deduplicated against: a new identical submit is a new job (uncertain is not in flight).
    const resent = await t.core.handlers['jobs:resend-uncertain']({ id: job.id });
    expect(resent.status).toBe('queued');
    await waitStatus(t, job.id, 'done');
    expect(clipPosts()).toHaveLength(2);
  });

  it('a 429 on the POST is retried with backoff; 402 fails at once', async () => {
    const t = await core();
    // A 503 may come after the job was made (core-clip-uncertain.test.ts): only refusals retry.
    server.control.set({
      faults: [{ kind: 'rate-limit', method: 'POST', path: '/clip$', times: 1 }],
    });
    const a = await t.core.handlers['jobs:submit'](req('429 then fine'));
    await waitStatus(t, a.job.id, 'done');
    expect(clipPosts()).toHaveLength(2);

    server.control.set({ faults: [{ kind: 'credits-402', method: 'POST', path: '/clip$' }] });
    const b = await t.core.handlers['jobs:submit'](req('no credits'));
    const failed = await waitStatus(t, b.job.id, 'failed');
    expect(failed.error?.code).toBe('credits');
    expect(clipPosts().filter((r) => (r.body as any).prompt === 'no credits')).toHaveLength(1);
  });

  it('a spent model-tier budget fails the clip at once (tier-budget); another tier works', async () => {
    const t = await core();
    server.control.set({ exhaustedTiers: ['pro'] });
    const a = await t.core.handlers['jobs:submit'](req('tier spent', { modelName: 'pro' }));
    const failed = await waitStatus(t, a.job.id, 'failed');
    expect(failed.error?.code).toBe('tier-budget');
    expect(failed.error?.message).toMatch(/Try another tier/);
    expect(failed.attempts).toBe(1);
    expect(clipPosts()).toHaveLength(1);
    const b = await t.core.handlers['jobs:submit'](req('tier spent', { modelName: 'mini' }));
    expect(b.existing).toBe(false);
    await waitStatus(t, b.job.id, 'done');
    expect(clipPosts().map((r) => (r.body as any).model_name)).toEqual(['pro', 'mini']);
  });

  it('a visual clip answered "Scene index not found" says the video is not searchable by scenes', async () => {
    const t = await core();
    // The scene indexes cannot be read, so the core lets the server judge the request.
    server.control.set({ faults: [{ kind: 'status-503', method: 'GET', path: '/index/scene$' }] });
    const { job } = await t.core.handlers['jobs:submit']({
      ...req('the whiteboard', { contentType: 'visual' }),
      videoId: SAMPLE.unsearchableVideoId,
    });
    const failed = await waitStatus(t, job.id, 'failed');
    expect(failed.error).toEqual({
      code: 'validation',
      message:
        'This video is not searchable by scenes yet. Make it searchable by scenes, then retry.',
    });
  });

  it('dead-letters after the attempts run out on transient refusals', async () => {
    const t = await core();
    server.control.set({ faults: [{ kind: 'rate-limit', method: 'POST', path: '/clip$' }] });
    const { job } = await t.core.handlers['jobs:submit'](req('always 429'));
    const failed = await waitStatus(t, job.id, 'failed', 15_000);
    expect(failed.error?.code).toBe('rate-limited');
    expect(clipPosts()).toHaveLength(4); // outboxMaxAttempts in FAST_TUNING
  });

  it('validates scene indexes for visual clips', async () => {
    const t = await core();
    await expect(
      t.core.handlers['jobs:submit'](req('slide', { contentType: 'visual' })),
    ).rejects.toMatchObject({ code: 'validation' });
    await expect(
      t.core.handlers['jobs:submit'](
        req('slide', { contentType: 'visual', sceneIndexId: SAMPLE.knifeSkillsShotsIndexId }),
      ),
    ).rejects.toMatchObject({ code: 'validation' });
    const ok = await t.core.handlers['jobs:submit'](
      req('slide', { contentType: 'visual', sceneIndexId: SAMPLE.pricingTalkSlidesIndexId }),
    );
    expect(ok.job.request.sceneIndexId).toBe(SAMPLE.pricingTalkSlidesIndexId);
    const single = await t.core.handlers['jobs:submit']({
      ...req('knife', { contentType: 'visual' }),
      videoId: SAMPLE.knifeSkillsId,
    });
    expect(single.job.request.sceneIndexId).toBe(SAMPLE.knifeSkillsShotsIndexId);
  });

  it('a spoken clip of a video without speech index fails and marks it not searchable by speech', async () => {
    const t = await core();
    const { job } = await t.core.handlers['jobs:submit']({
      ...req('anything'),
      videoId: SAMPLE.unsearchableVideoId,
    });
    const failed = await waitStatus(t, job.id, 'failed');
    expect(failed.error?.message).toMatch(/spoken/i);
    expect(job.videoName).toBe(SAMPLE.unsearchableVideoName);
    const v = await t.core.handlers['library:get-video']({
      videoId: SAMPLE.unsearchableVideoId,
      collectionId: SAMPLE.defaultCollectionId,
    });
    expect(v.video.searchableBySpeech).toBe(false);
  });

  it('favourite, list with search/filters, delete', async () => {
    const t = await core();
    const a = await t.core.handlers['jobs:submit'](req('coffee break'));
    const b = await t.core.handlers['jobs:submit'](req('show of hands'));
    await waitStatus(t, a.job.id, 'done');
    await waitStatus(t, b.job.id, 'done');
    const fav = await t.core.handlers['jobs:set-favourite']({ id: b.job.id, favourite: true });
    expect(fav.favourite).toBe(true);
    const list = await t.core.handlers['jobs:list']({ offset: 0, limit: 100 });
    expect(list.total).toBe(2);
    expect(list.jobs.map((j) => j.id)).toEqual([b.job.id, a.job.id]);
    expect(
      (await t.core.handlers['jobs:list']({ favourite: true, offset: 0, limit: 10 })).jobs.map(
        (j) => j.id,
      ),
    ).toEqual([b.job.id]);
    expect(
      (await t.core.handlers['jobs:list']({ search: 'coff', offset: 0, limit: 10 })).jobs.map(
        (j) => j.id,
      ),
    ).toEqual([a.job.id]);
    expect(
      (await t.core.handlers['jobs:list']({ search: 'pricing strat', offset: 0, limit: 10 })).total,
    ).toBe(2);
    expect(await t.core.handlers['jobs:videos']({})).toEqual([
      {
        videoId: SAMPLE.pricingTalkId,
        videoName: 'Pricing Strategy for SaaS Founders — talk',
        count: 2,
      },
    ]);
    const del = await t.core.handlers['jobs:delete']({ ids: [a.job.id, 'nope'] });
    expect(del.deleted).toBe(1);
    expect(t.events.some((e) => e.name === 'jobs:removed' && e.payload.ids[0] === a.job.id)).toBe(
      true,
    );
    await expect(t.core.handlers['jobs:get']({ id: a.job.id })).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('never writes the API key into the database files', async () => {
    const t = await core();
    const { job } = await t.core.handlers['jobs:submit'](req('key scan'));
    await waitStatus(t, job.id, 'done');
    await t.core.handlers['settings:update']({ notifications: false });
    const files = readdirSync(t.dataDir).filter((f) => f.includes('.sqlite'));
    expect(files.length).toBeGreaterThan(0);
    const scan = () => {
      for (const f of readdirSync(t.dataDir)) {
        const bytes = readFileSync(join(t.dataDir, f));
        expect(bytes.includes(Buffer.from(server.apiKey)), `key in ${f}`).toBe(false);
      }
    };
    scan(); // while open: main file, -wal and -shm
    await t.close();
    tc = null;
    scan();
  });
});

describe('core: compiled clip', () => {
  it('a failed compile keeps the segments and is fetched again at the next start', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    server.control.set({ faults: [{ kind: 'html-502', method: 'POST', path: '^/compile$' }] });
    const a = await core({ dataDir });
    const { job } = await a.core.handlers['jobs:submit'](req('raising prices'));
    const done = await waitStatus(a, job.id, 'done');
    await waitFor(() => server.control.requests().some((r) => r.path === '/compile'));
    await new Promise((r) => setTimeout(r, 200));
    const still = await a.core.handlers['jobs:get']({ id: done.id });
    expect(still.segments.length).toBeGreaterThan(0);
    expect(still.clipStreamUrl).toBeNull();
    // Nothing to copy yet: the clip is named as skipped, and nothing goes to the clipboard.
    await expect(
      a.core.handlers['clipboard:copy']({ jobIds: [job.id], format: 'player-link' }),
    ).resolves.toMatchObject({ count: 0, skipped: [job.id], text: '' });
    await a.close();
    tc = null;
    server.control.set({ faults: [] });
    const b = await core({ dataDir });
    const fixed = await waitFor(async () => {
      const j = await b.core.handlers['jobs:get']({ id: job.id });
      return j.clipStreamUrl ? j : null;
    });
    expect(fixed.segments).toEqual(still.segments);
    expect(clipPosts()).toHaveLength(1);
  });
});
