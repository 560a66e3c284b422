import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { startServer, SAMPLE, type RunningServer } from '../server';
import type { Clock } from '../../app/core';
import { makeCore, skewedClock, tempDataDir, waitFor, type TestCore } from './fixtures/harness';

let server: RunningServer;
let tc: TestCore | null = null;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startServer({ jobDurationMs: 400 });
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

async function core(clock?: Clock): Promise<TestCore> {
  const dataDir = tempDataDir('lib-');
  dirs.push(dataDir);
  tc = await makeCore({
    serverUrl: server.url,
    apiKey: server.apiKey,
    dataDir,
    ...(clock ? { clock } : {}),
  });
  return tc;
}

const HOUR = 60 * 60_000;
/** Requests for a transcript: on the real API one for a video without one STARTS a job. */
const transcriptAsks = () =>
  server.control.requests().filter((r) => r.path.endsWith('/transcription')).length;

/** Another app makes the video searchable by speech (the spoken-word index job runs to done). */
async function indexElsewhere(videoId: string): Promise<void> {
  const res = await fetch(`${server.url}/video/${videoId}/index`, {
    method: 'POST',
    headers: { 'x-access-token': server.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ index_type: 'spoken_word' }),
  });
  const outputUrl = ((await res.json()) as { data: { output_url: string } }).data.output_url;
  await waitFor(async () => {
    const poll = await fetch(outputUrl, { headers: { 'x-access-token': server.apiKey } });
    return ((await poll.json()) as { status?: string }).status === 'done';
  });
}

async function goOffline(t: TestCore) {
  server.control.set({ offline: true });
  await server.control.settled();
  const s = await t.core.handlers['connectivity:check']({});
  expect(s.online).toBe(false);
}

describe('core: library', () => {
  it('identical refreshes in flight share one request (500 calls, not 500 requests)', async () => {
    const t = await core();
    await t.core.handlers['library:list-collections']({ refresh: false });
    server.control.reset();
    const calls = Array.from({ length: 500 }, () =>
      t.core.handlers['library:refresh']({ collectionId: SAMPLE.defaultCollectionId }),
    );
    const answers = await Promise.all(calls);
    expect(answers.every((a) => a.ok)).toBe(true);
    const log = server.control.requests();
    const collectionLists = log.filter(
      (r) => r.method === 'GET' && /^\/collection\/?$/.test(r.path),
    );
    const videoLists = log.filter((r) => r.method === 'GET' && /^\/video\/?$/.test(r.path));
    expect(collectionLists.length).toBeLessThanOrEqual(2);
    expect(videoLists.length).toBeLessThanOrEqual(2);
  });

  it('collections and videos are cached and served offline', async () => {
    const t = await core();
    const cols = await t.core.handlers['library:list-collections']({ refresh: false });
    expect(cols.fromCache).toBe(false);
    expect(cols.collections.map((c) => c.id)).toContain(SAMPLE.talksCollectionId);
    expect(cols.collections.find((c) => c.isDefault)?.id).toBe(SAMPLE.defaultCollectionId);

    const vids = await t.core.handlers['library:list-videos']({
      collectionId: SAMPLE.defaultCollectionId,
      refresh: false,
      offset: 0,
      limit: 100,
    });
    expect(vids.total).toBe(SAMPLE.videoCounts.default);
    expect(vids.videos.map((v) => v.id)).toContain(SAMPLE.pricingTalkId);
    expect(vids.fetchedAt).not.toBeNull();

    const page = await t.core.handlers['library:list-videos']({
      collectionId: SAMPLE.defaultCollectionId,
      refresh: false,
      offset: 1,
      limit: 2,
    });
    expect(page.total).toBe(SAMPLE.videoCounts.default);
    expect(page.videos.map((v) => v.id)).toEqual(vids.videos.slice(1, 3).map((v) => v.id));

    const found = await t.core.handlers['library:list-videos']({
      collectionId: SAMPLE.defaultCollectionId,
      search: 'pricing STRATEGY',
      refresh: false,
      offset: 0,
      limit: 10,
    });
    expect(found.videos.map((v) => v.id)).toEqual([SAMPLE.pricingTalkId]);
    expect(found.total).toBe(1);

    await t.core.handlers['library:get-video']({
      videoId: SAMPLE.pricingTalkId,
      collectionId: SAMPLE.defaultCollectionId,
    });

    await goOffline(t);
    const offCols = await t.core.handlers['library:list-collections']({ refresh: true });
    expect(offCols.fromCache).toBe(true);
    expect(offCols.collections).toEqual(cols.collections);
    const offVids = await t.core.handlers['library:list-videos']({
      collectionId: SAMPLE.defaultCollectionId,
      refresh: true,
      offset: 0,
      limit: 100,
    });
    expect(offVids.fromCache).toBe(true);
    expect(offVids.videos.map((v) => v.id)).toEqual(vids.videos.map((v) => v.id));
    const offDetail = await t.core.handlers['library:get-video']({
      videoId: SAMPLE.pricingTalkId,
      collectionId: SAMPLE.defaultCollectionId,
    });
    expect(offDetail.fromCache).toBe(true);
    expect(offDetail.sceneIndexes).toHaveLength(2);
    // Never fetched: plain "offline" error.
    await expect(
      t.core.handlers['library:list-videos']({
        collectionId: SAMPLE.talksCollectionId,
        refresh: false,
        offset: 0,
        limit: 10,
      }),
    ).rejects.toMatchObject({ code: 'offline' });
  });

  it('fetches every page of a large collection', async () => {
    const t = await core();
    const r = await t.core.handlers['library:list-videos']({
      collectionId: SAMPLE.archiveCollectionId,
      refresh: false,
      offset: 5100,
      limit: 500,
    });
    expect(r.total).toBe(SAMPLE.archiveVideoCount);
    expect(r.videos).toHaveLength(SAMPLE.archiveVideoCount - 5100);
    expect(new Set(r.videos.map((v) => v.id)).size).toBe(r.videos.length);
  });

  it('video detail reports scenes from the API; speech stays unknown, never asked by a transcript read', async () => {
    const t = await core();
    const pricing = await t.core.handlers['library:get-video']({
      videoId: SAMPLE.pricingTalkId,
      collectionId: SAMPLE.defaultCollectionId,
    });
    expect(pricing.fromCache).toBe(false);
    // The only read that tells would start a transcript job: unknown until the user acts.
    expect(pricing.video.searchableBySpeech).toBeNull();
    expect(pricing.video.searchableByScenes).toBe(true);
    expect(pricing.sceneIndexes.map((s) => s.id).sort()).toEqual(
      [SAMPLE.pricingTalkShotsIndexId, SAMPLE.pricingTalkSlidesIndexId].sort(),
    );
    const raw = await t.core.handlers['library:get-video']({
      videoId: SAMPLE.unsearchableVideoId,
      collectionId: SAMPLE.defaultCollectionId,
    });
    expect(raw.video.searchableBySpeech).toBeNull();
    expect(raw.video.searchableByScenes).toBe(false);
    expect(raw.sceneIndexes).toEqual([]);
    // Opening videos whose speech is unknown started nothing on the account.
    expect(transcriptAsks()).toBe(0);
    expect(server.control.jobs()).toEqual([]);
    expect(server.control.requests().every((r) => r.method === 'GET')).toBe(true);
  });

  it('"not searchable by speech" is forgotten after a day (made searchable elsewhere), never by starting work', async () => {
    const clock = skewedClock();
    const t = await core(clock);
    const ids = { videoId: SAMPLE.unsearchableVideoId, collectionId: SAMPLE.defaultCollectionId };
    // A spoken clip's failure teaches the app that the video is not searchable by speech.
    const { job } = await t.core.handlers['jobs:submit']({
      ...ids,
      prompt: 'anything',
      contentType: 'spoken',
      modelName: 'basic',
    });
    await waitFor(
      async () => (await t.core.handlers['jobs:get']({ id: job.id })).status === 'failed',
    );
    expect((await t.core.handlers['library:get-video'](ids)).video.searchableBySpeech).toBe(false);

    await indexElsewhere(SAMPLE.unsearchableVideoId);
    clock.offsetMs = 23 * HOUR;
    expect((await t.core.handlers['library:get-video'](ids)).video.searchableBySpeech).toBe(false);

    clock.offsetMs = 25 * HOUR;
    const changes = t.events.filter((e) => e.name === 'library:changed').length;
    const later = await t.core.handlers['library:get-video'](ids);
    expect(later.video.searchableBySpeech).toBeNull();
    expect(t.events.filter((e) => e.name === 'library:changed').length).toBeGreaterThan(changes);
    const row = await t.core.handlers['library:list-videos']({
      collectionId: SAMPLE.defaultCollectionId,
      search: SAMPLE.unsearchableVideoName,
      refresh: false,
      offset: 0,
      limit: 5,
    });
    expect(row.videos[0]!.searchableBySpeech).toBeNull();
    expect(transcriptAsks()).toBe(0);
    expect(server.control.jobs().filter((j) => j.kind === 'transcript')).toEqual([]);

    // The user asks again (a spoken clip): now it works and the app knows.
    const again = await t.core.handlers['jobs:submit']({
      ...ids,
      prompt: 'pricing',
      contentType: 'spoken',
      modelName: 'basic',
    });
    await waitFor(
      async () => (await t.core.handlers['jobs:get']({ id: again.job.id })).status === 'done',
    );
    expect((await t.core.handlers['library:get-video'](ids)).video.searchableBySpeech).toBe(true);
  });

  it('a "not searchable by speech" from a list page older than a day is forgotten there too', async () => {
    const clock = skewedClock();
    const t = await core(clock);
    const ids = { videoId: SAMPLE.unsearchableVideoId, collectionId: SAMPLE.defaultCollectionId };
    const { job } = await t.core.handlers['jobs:submit']({
      ...ids,
      prompt: 'anything',
      contentType: 'spoken',
      modelName: 'basic',
    });
    await waitFor(
      async () => (await t.core.handlers['jobs:get']({ id: job.id })).status === 'failed',
    );
    const list = () =>
      t.core.handlers['library:list-videos']({
        collectionId: SAMPLE.defaultCollectionId,
        search: SAMPLE.unsearchableVideoName,
        refresh: false,
        offset: 0,
        limit: 5,
      });
    expect((await list()).videos[0]!.searchableBySpeech).toBe(false);
    clock.offsetMs = 25 * HOUR;
    expect((await list()).videos[0]!.searchableBySpeech).toBeNull();
  });

  it('make searchable by speech and by scenes, with progress events', async () => {
    const t = await core();
    const ids = { videoId: SAMPLE.unsearchableVideoId, collectionId: SAMPLE.defaultCollectionId };
    await t.core.handlers['library:get-video'](ids);
    const started = await t.core.handlers['library:make-searchable']({ ...ids, kind: 'spoken' });
    expect(started.status).toBe('running');
    await waitFor(() =>
      t.events.some(
        (e) =>
          e.name === 'library:indexing' &&
          e.payload.kind === 'spoken' &&
          e.payload.status === 'done',
      ),
    );
    const indexing = t.events.filter(
      (e) => e.name === 'library:indexing' && e.payload.kind === 'spoken',
    );
    expect(
      indexing.some((e) => e.payload.status === 'running' && (e.payload.progress ?? 0) > 0),
    ).toBe(true);
    expect(t.events.some((e) => e.name === 'library:changed')).toBe(true);
    const cached = await t.core.handlers['library:list-videos']({
      collectionId: SAMPLE.defaultCollectionId,
      search: SAMPLE.unsearchableVideoName,
      refresh: false,
      offset: 0,
      limit: 5,
    });
    expect(cached.videos[0]!.searchableBySpeech).toBe(true);

    await t.core.handlers['library:make-searchable']({ ...ids, kind: 'scenes' });
    await waitFor(() =>
      t.events.some(
        (e) =>
          e.name === 'library:indexing' &&
          e.payload.kind === 'scenes' &&
          e.payload.status === 'done',
      ),
    );
    const detail = await t.core.handlers['library:get-video'](ids);
    expect(detail.video.searchableByScenes).toBe(true);
    expect(detail.video.searchableBySpeech).toBe(true);
    expect(detail.indexing.map((i) => [i.kind, i.status])).toEqual([
      ['scenes', 'done'],
      ['spoken', 'done'],
    ]);

    // Spoken index already there: done at once.
    const again = await t.core.handlers['library:make-searchable']({ ...ids, kind: 'spoken' });
    expect(again.status).toBe('done');

    // A spoken clip now works on it.
    const { job } = await t.core.handlers['jobs:submit']({
      ...ids,
      prompt: 'team',
      contentType: 'spoken',
      modelName: 'basic',
    });
    await waitFor(async () => {
      const j = await t.core.handlers['jobs:get']({ id: job.id });
      return j.status === 'done' || j.status === 'failed' ? j : null;
    });
    expect((await t.core.handlers['jobs:get']({ id: job.id })).status).toBe('done');
  });

  it('make searchable needs a connection', async () => {
    const t = await core();
    await goOffline(t);
    await expect(
      t.core.handlers['library:make-searchable']({
        videoId: SAMPLE.unsearchableVideoId,
        collectionId: SAMPLE.defaultCollectionId,
        kind: 'spoken',
      }),
    ).rejects.toMatchObject({ code: 'offline' });
  });
});
