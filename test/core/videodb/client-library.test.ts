import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createVideoDbClient,
  playerLinkFor,
  VideoDbError,
  type VideoDbClient,
} from '../../../app/core/videodb';
import { ARCHIVE_VIDEO_COUNT, SAMPLE, archiveVideoId, type RunningServer } from '../../server';
import { serverAndClient } from './helpers';

let server: RunningServer;
let client: VideoDbClient;
let closeAll: () => Promise<void>;

beforeAll(async () => {
  const s = await serverAndClient();
  server = s.server;
  closeAll = s.closeAll;
  client = s.client();
});
afterAll(async () => closeAll());
beforeEach(() => server.control.reset({ state: true }));

describe('videodb client: library', () => {
  it('lists collections with the default one marked, sending the key and client name', async () => {
    const { collections, defaultCollectionId } = await client.listCollections();
    expect(defaultCollectionId).toBe(SAMPLE.defaultCollectionId);
    const ids = collections.map((c) => c.id);
    expect(ids).toContain(SAMPLE.talksCollectionId);
    expect(ids).toContain(SAMPLE.archiveCollectionId);
    expect(collections.filter((c) => c.isDefault).map((c) => c.id)).toEqual([
      SAMPLE.defaultCollectionId,
    ]);
    const log = server.control.requests();
    expect(log.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /collection 200']);
  });

  it('maps videos, with length as a string (default) or a number, thumbnail_url or thumbnail', async () => {
    const cid = await collectionOf(SAMPLE.pricingTalkId);
    const asString = await client.getVideo(SAMPLE.pricingTalkId, cid);
    expect(asString.name).toBe(SAMPLE.pricingTalkName);
    expect(asString.collectionId).toBe(cid);
    expect(typeof asString.length).toBe('number');
    expect(asString.length).toBeGreaterThan(0);
    expect(asString.thumbnailUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/thumbnails\//);
    expect(asString.streamUrl).toMatch(/\.m3u8/);
    expect(asString.searchableBySpeech).toBeNull();
    expect(asString.searchableByScenes).toBeNull();

    server.control.set({ lengthAs: 'number', thumbnailField: 'thumbnail' });
    const asNumber = await client.getVideo(SAMPLE.pricingTalkId, cid);
    expect(asNumber.length).toBeCloseTo(asString.length ?? -1, 5);
    expect(asNumber.thumbnailUrl).toBe(asString.thumbnailUrl);
  });

  it('gives a null thumbnail for a video that has none', async () => {
    const v = await client.getVideo(
      SAMPLE.unsearchableVideoId,
      await collectionOf(SAMPLE.unsearchableVideoId),
    );
    expect(v.name).toBe(SAMPLE.unsearchableVideoName);
    expect(v.thumbnailUrl).toBeNull();
  });

  it('reads one page with page_index and count', async () => {
    const page = await client.listVideosPage(SAMPLE.archiveCollectionId, 1, 100);
    expect(page).toHaveLength(100);
    expect(page[0]?.id).toBe(archiveVideoId(100));
    const req = server.control.requests()[0];
    expect(req?.query).toMatchObject({
      collection_id: SAMPLE.archiveCollectionId,
      page_index: '1',
      count: '100',
    });
  });

  for (const pageSize of [2000, 5000]) {
    it(`pages through the Archive (${ARCHIVE_VIDEO_COUNT} videos) with pageSize ${pageSize}`, async () => {
      const pages: Array<[number, number]> = [];
      const all = await client.listAllVideos(SAMPLE.archiveCollectionId, {
        pageSize,
        onPage: (videos, index) => {
          pages.push([index, videos.length]);
        },
      });
      expect(all).toHaveLength(ARCHIVE_VIDEO_COUNT);
      expect(new Set(all.map((v) => v.id)).size).toBe(ARCHIVE_VIDEO_COUNT);
      expect(all[ARCHIVE_VIDEO_COUNT - 1]?.id).toBe(archiveVideoId(ARCHIVE_VIDEO_COUNT - 1));
      const expectedPages = Math.ceil(ARCHIVE_VIDEO_COUNT / pageSize);
      expect(pages.map(([i]) => i)).toEqual([...Array(expectedPages).keys()]);
      expect(pages.reduce((s, [, n]) => s + n, 0)).toBe(ARCHIVE_VIDEO_COUNT);
      const gets = server.control.requests().filter((r) => r.path === '/video');
      expect(gets).toHaveLength(expectedPages);
      expect(gets.every((r) => r.query['count'] === String(pageSize))).toBe(true);
    });
  }

  it('pages a small collection in one short page', async () => {
    const all = await client.listAllVideos(SAMPLE.talksCollectionId, { pageSize: 2000 });
    expect(all).toHaveLength(SAMPLE.videoCounts.talks);
    expect(server.control.requests()).toHaveLength(1);
  });

  it('lists scene indexes and reads their records', async () => {
    const indexes = await client.listSceneIndexes(SAMPLE.pricingTalkId);
    expect(indexes.map((i) => i.id)).toEqual(
      expect.arrayContaining([SAMPLE.pricingTalkShotsIndexId, SAMPLE.pricingTalkSlidesIndexId]),
    );
    expect(indexes.every((i) => i.status === 'done')).toBe(true);
  });

  it('reads a transcript with numeric or string times', async () => {
    const a = await client.getTranscript(SAMPLE.pricingTalkId);
    server.control.set({ transcriptTimesAs: 'string' });
    const b = await client.getTranscript(SAMPLE.pricingTalkId);
    if (a.kind !== 'ready' || b.kind !== 'ready') throw new Error('expected a ready transcript');
    expect(a.text.length).toBeGreaterThan(20);
    expect(a.words.length).toBeGreaterThan(10);
    expect(b.words.map((w) => w.text)).toEqual(a.words.map((w) => w.text));
    expect(typeof b.words[3]?.start).toBe('number');
    expect(b.words[3]?.start).toBeCloseTo(a.words[3]?.start ?? -1, 2);
  });

  it('gives a job for a video without a transcript, which finishes into one', async () => {
    const r = await client.getTranscript(SAMPLE.unsearchableVideoId);
    if (r.kind !== 'job') throw new Error('expected a job');
    expect(r.job.outputUrl.startsWith(`${server.url}/async-response/`)).toBe(true);
    expect(await client.poll(r.job.outputUrl)).toMatchObject({ state: 'running' });
    server.control.advanceTime(60_000);
    const done = await client.poll(r.job.outputUrl);
    expect(done.state).toBe('done');
  });

  it('indexes spoken words, and reports an existing index instead of failing', async () => {
    const first = await client.indexSpokenWords(SAMPLE.unsearchableVideoId, { languageCode: 'en' });
    expect(first).toMatchObject({ requestType: 'sync' });
    expect(server.control.requests().at(-1)?.body).toEqual({
      index_type: 'spoken_word',
      language_code: 'en',
    });
    const again = await client.indexSpokenWords(SAMPLE.pricingTalkId);
    expect(again).toEqual({ alreadyExists: true });
  });

  it('starts a scene index and polls it to the end', async () => {
    const r = await client.indexScenes(SAMPLE.unsearchableVideoId, {
      extractionType: 'time',
      name: 'Every 10 s',
    });
    expect(r.job).not.toBeNull();
    server.control.advanceTime(60_000);
    const done = await client.poll(r.job?.outputUrl ?? '');
    if (done.state !== 'done') throw new Error('expected done');
    expect(done.data).toMatchObject({ name: 'Every 10 s' });
    const list = await client.listSceneIndexes(SAMPLE.unsearchableVideoId);
    expect(list.map((i) => i.name)).toContain('Every 10 s');
  });

  it('makes streams from segments and compiles shots across videos', async () => {
    const s = await client.streamSegments(SAMPLE.pricingTalkId, [
      [1, 5],
      [10, 12.5],
    ]);
    expect(s.streamUrl).toMatch(/\.m3u8/);
    expect(server.control.requests().at(-1)?.body).toEqual({
      timeline: [
        [1, 5],
        [10, 12.5],
      ],
      length: 6.5,
    });
    const c = await client.compile([
      { videoId: SAMPLE.pricingTalkId, collectionId: 'c-a', shots: [[0, 4]] },
      { videoId: SAMPLE.acmeDemoId, collectionId: 'c-b', shots: [[2, 6]] },
    ]);
    expect(c.streamUrl).toMatch(/\.m3u8/);
    expect(c.playerUrl).not.toBeNull();
    expect(server.control.requests().at(-1)?.body).toEqual([
      { video_id: SAMPLE.pricingTalkId, collection_id: 'c-a', shots: [[0, 4]] },
      { video_id: SAMPLE.acmeDemoId, collection_id: 'c-b', shots: [[2, 6]] },
    ]);
  });

  it('builds console player links', () => {
    expect(playerLinkFor('https://stream.videodb.io/v3/x.m3u8')).toBe(
      'https://console.videodb.io/player?url=https%3A%2F%2Fstream.videodb.io%2Fv3%2Fx.m3u8',
    );
  });

  it('checks a key: the right one passes, a wrong one is "auth"', async () => {
    await expect(client.checkKey(server.apiKey)).resolves.toBeUndefined();
    await expect(client.checkKey()).resolves.toBeUndefined();
    const err = await client.checkKey('sk-wrong-key-123456').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VideoDbError);
    expect((err as VideoDbError).code).toBe('auth');
  });

  it('sends x-access-token on every request including polls (a missing key fails before sending)', async () => {
    const noKey = createNoKeyClient();
    const err = await noKey.listCollections().catch((e: unknown) => e);
    expect((err as VideoDbError).code).toBe('auth');
    expect(server.control.requests()).toHaveLength(0);
    await noKey.close();
  });

  it('probes: true while the host answers (any status), false when it is cut off', async () => {
    expect(await client.probe()).toBe(true);
    server.control.set({ offline: true });
    await server.control.settled();
    expect(await client.probe()).toBe(false);
    server.control.set({ offline: false });
    await server.control.settled();
    expect(await client.probe()).toBe(true);
  });
});

function createNoKeyClient(): VideoDbClient {
  return createVideoDbClient({ baseUrl: server.url, getApiKey: () => null });
}

/** The collection a seeded video is in, found through the API itself (seed layouts may change). */
async function collectionOf(videoId: string): Promise<string> {
  const { collections } = await client.listCollections();
  for (const c of collections) {
    if (c.id === SAMPLE.archiveCollectionId) continue;
    const videos = await client.listAllVideos(c.id);
    if (videos.some((v) => v.id === videoId)) return c.id;
  }
  throw new Error(`video ${videoId} is in no collection`);
}
