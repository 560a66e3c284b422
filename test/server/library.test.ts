import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from './helpers';
import {
  ARCHIVE_VIDEO_COUNT,
  SAMPLE,
  SPOKEN_INDEX_EXISTS_MESSAGE,
  startServer,
  type RunningServer,
} from './index';

let server: RunningServer;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  server = await startServer();
  api = client(server);
});
afterAll(async () => {
  await server.close();
});

describe('collections and videos', () => {
  it('lists four collections with the default one', async () => {
    const d = (await api.get('/collection')).json.data;
    expect(d.collections).toHaveLength(4);
    expect(d.collections[0]).toEqual({
      id: SAMPLE.defaultCollectionId,
      name: 'Default Collection',
      description: expect.any(String),
      is_public: false,
    });
    for (const c of d.collections) expect(c.id).toMatch(/^c-[0-9a-f-]{36}$/);
    expect((await api.get(`/collection/${SAMPLE.archiveCollectionId}`)).json.data.name).toBe(
      'Archive',
    );
    expect((await api.get('/collection/c-unknown')).status).toBe(404);
  });

  it('gives full video objects with realistic fields', async () => {
    const v = (
      await api.get(`/video/${SAMPLE.pricingTalkId}?collection_id=${SAMPLE.defaultCollectionId}`)
    ).json.data;
    expect(v).toMatchObject({
      id: SAMPLE.pricingTalkId,
      collection_id: SAMPLE.defaultCollectionId,
      name: SAMPLE.pricingTalkName,
      extension: 'mp4',
    });
    expect(v.id).toMatch(/^m-[0-9a-f-]{36}$/);
    expect(v.length).toMatch(/^\d+\.\d{6}$/);
    expect(v.size).toMatch(/^\d+$/);
    expect(v.player_url).toBe(`${server.url}/player?url=${encodeURIComponent(v.stream_url)}`);
    expect(
      (await api.get(`/video/${SAMPLE.pricingTalkId}?collection_id=${SAMPLE.talksCollectionId}`))
        .status,
    ).toBe(404);
  });

  it('the unsearchable video has a null thumbnail until one is asked for', async () => {
    expect(
      (await api.get(`/video/${SAMPLE.unsearchableVideoId}`)).json.data.thumbnail_url,
    ).toBeNull();
    const t = (await api.get(`/video/${SAMPLE.unsearchableVideoId}/thumbnail`)).json.data
      .thumbnail_url;
    expect(t).toMatch(/\.svg$/);
  });
});

describe('paging over the archive', () => {
  it('pages with page_index/count and ends on a short page', async () => {
    const page = (i: number, count: number) =>
      api.get(`/video?collection_id=${SAMPLE.archiveCollectionId}&page_index=${i}&count=${count}`);
    const p0 = (await page(0, 1000)).json.data.videos;
    const p5 = (await page(5, 1000)).json.data.videos;
    const p6 = (await page(6, 1000)).json.data.videos;
    expect(p0).toHaveLength(1000);
    expect(p5).toHaveLength(ARCHIVE_VIDEO_COUNT - 5000);
    expect(p6).toHaveLength(0);
    expect(p0[0].id).not.toBe(p5[0].id);
    const ids = new Set<string>();
    for (let i = 0; i < 6; i++)
      for (const v of (await page(i, 1000)).json.data.videos) ids.add(v.id);
    expect(ids.size).toBe(ARCHIVE_VIDEO_COUNT);
  });

  it('without count returns at most 5000; count above 5000 is a 400', async () => {
    expect(
      (await api.get(`/video?collection_id=${SAMPLE.archiveCollectionId}`)).json.data.videos,
    ).toHaveLength(5000);
    expect(
      (await api.get(`/video?collection_id=${SAMPLE.archiveCollectionId}&count=5001`)).status,
    ).toBe(400);
    const last = (
      await api.get(`/video?collection_id=${SAMPLE.archiveCollectionId}&page_index=1&count=5000`)
    ).json.data.videos;
    expect(last).toHaveLength(200);
  });

  it('archive videos can be fetched by id', async () => {
    const list = (
      await api.get(`/video?collection_id=${SAMPLE.archiveCollectionId}&page_index=3&count=10`)
    ).json.data.videos;
    const v = (await api.get(`/video/${list[4].id}`)).json.data;
    expect(v.name).toBe(list[4].name);
  });
});

describe('transcripts and indexes', () => {
  it('word transcript with silence markers, and sentence segmentation', async () => {
    const w = (await api.get(`/video/${SAMPLE.pricingTalkId}/transcription`)).json.data;
    expect(w.text).toMatch(/^Good morning everyone/);
    expect(w.word_timestamps[0]).toEqual({ start: 0, end: expect.any(Number), text: '-' });
    expect(w.word_timestamps[1].text).toBe('Good');
    const s = (await api.get(`/video/${SAMPLE.pricingTalkId}/transcription?segmenter=sentence`))
      .json.data;
    expect(s.word_timestamps[0].text).toMatch(/^Good morning everyone.*coffee break\.$/);
    expect(
      (await api.get(`/video/${SAMPLE.pricingTalkId}/transcription?segmenter=paragraph`)).status,
    ).toBe(400);
  });

  it('transcript of an unprocessed video is a job, then ready', async () => {
    const a = await api.get(`/video/${SAMPLE.unsearchableVideoId}/transcription`);
    expect(a.json).toMatchObject({ success: true, status: 'processing', request_type: 'sync' });
    const done = await api.finish(a.json.data.output_url);
    expect(done.json.data.text).toMatch(/spring offsite/);
    expect(
      (await api.get(`/video/${SAMPLE.unsearchableVideoId}/transcription`)).json.data.text,
    ).toMatch(/spring offsite/);
  });

  it('spoken-word indexing: job, then already exists without force', async () => {
    const a = await api.post(`/video/${SAMPLE.unsearchableVideoId}/index`, {
      index_type: 'spoken_word',
    });
    expect(a.json.status).toBe('processing');
    expect((await api.finish(a.json.data.output_url)).json.success).toBe(true);
    const again = await api.post(`/video/${SAMPLE.unsearchableVideoId}/index`, {
      index_type: 'spoken_word',
    });
    expect(again.status).toBe(400);
    expect(again.json.message).toBe(SPOKEN_INDEX_EXISTS_MESSAGE);
    const forced = await api.post(`/video/${SAMPLE.unsearchableVideoId}/index`, {
      index_type: 'spoken_word',
      force: true,
    });
    expect(forced.json.status).toBe('processing');
    // Now searchable: a spoken clip works.
    const clip = await api.post(`/video/${SAMPLE.unsearchableVideoId}/clip`, {
      prompt: 'hike shoes trail',
    });
    const done = await api.finish(clip.json.data.output_url);
    expect(done.json.data.results[0].docs[0].text).toMatch(/hike/);
  });

  it('scene indexing: processing then done, with records', async () => {
    const list0 = (await api.get(`/video/${SAMPLE.pricingTalkId}/index/scene`)).json.data
      .scene_indexes;
    expect(list0).toEqual([
      { scene_index_id: SAMPLE.pricingTalkShotsIndexId, name: 'Shots', status: 'done' },
      {
        scene_index_id: SAMPLE.pricingTalkSlidesIndexId,
        name: 'Slides and on-screen text',
        status: 'done',
      },
    ]);
    server.control.set({ jobDurationMs: 10_000 });
    const a = await api.post(`/video/${SAMPLE.unsearchableVideoId}/index/scene/`, {
      extraction_type: 'time',
      extraction_config: { time: 5 },
      name: 'Every 5 s',
    });
    expect(a.json.status).toBe('processing');
    const listed = (await api.get(`/video/${SAMPLE.unsearchableVideoId}/index/scene`)).json.data
      .scene_indexes;
    expect(listed).toHaveLength(1);
    expect(listed[0].status).toBe('processing');
    expect(listed[0].scene_index_id).toMatch(/^[0-9a-f]{16}$/);
    expect(
      (
        await api.get(
          `/video/${SAMPLE.unsearchableVideoId}/index/scene/${listed[0].scene_index_id}`,
        )
      ).status,
    ).toBe(400);
    server.control.advanceTime(10_000);
    const done = await api.get(a.json.data.output_url);
    expect(done.json.data).toEqual({ scene_index_id: listed[0].scene_index_id, name: 'Every 5 s' });
    expect(
      (await api.get(`/video/${SAMPLE.unsearchableVideoId}/index/scene`)).json.data.scene_indexes[0]
        .status,
    ).toBe('done');
    const records = (
      await api.get(`/video/${SAMPLE.unsearchableVideoId}/index/scene/${listed[0].scene_index_id}`)
    ).json.data.scene_index_records;
    expect(records.length).toBeGreaterThan(5);
    expect(records[0]).toEqual({
      start: 0,
      end: 5,
      description: expect.stringMatching(/meeting room/),
    });
    server.control.reset({ state: true });
  });

  it('stream and compile answer stream and player URLs; bad timelines are 400', async () => {
    const s = (
      await api.post(`/video/${SAMPLE.pricingTalkId}/stream`, {
        timeline: [
          [10, 20],
          [30, 35.5],
        ],
        length: 192,
      })
    ).json.data;
    expect(s.stream_url).toMatch(
      /\/media\/stream\/[0-9a-f]{16}\/index\.m3u8\?v=.+&t=10-20,30-35\.5$/,
    );
    expect(s.player_url).toBe(`${server.url}/player?url=${encodeURIComponent(s.stream_url)}`);
    expect(
      (await api.post(`/video/${SAMPLE.pricingTalkId}/stream`, { timeline: [[20, 10]] })).status,
    ).toBe(400);
    const c = await api.post('/compile', [
      {
        video_id: SAMPLE.pricingTalkId,
        collection_id: SAMPLE.defaultCollectionId,
        shots: [[1, 5]],
      },
      { video_id: SAMPLE.acmeDemoId, collection_id: SAMPLE.defaultCollectionId, shots: [[2, 8]] },
    ]);
    expect(c.json.data.stream_url).toMatch(/index\.m3u8/);
    expect((await api.post('/compile', { video_id: SAMPLE.pricingTalkId })).status).toBe(400);
    expect((await api.post('/compile', [{ video_id: 'm-missing', shots: [[1, 2]] }])).status).toBe(
      404,
    );
  });
});

describe('collection search (videodb-api.md §8)', () => {
  it('answers the videos of a collection that match, best first, in the clip result shape', async () => {
    const a = await api.post(`/collection/${SAMPLE.customersCollectionId}/search`, {
      query: 'pricing discount',
      search_type: 'semantic',
      index_type: 'spoken_word',
    });
    expect(a.status).toBe(200);
    const results = a.json.data.results as Array<{
      video_id: string;
      max_score: number;
      docs: unknown[];
    }>;
    expect(results.length).toBeGreaterThan(0);
    expect(results.map((r) => r.video_id)).toContain(SAMPLE.globexSalesCallId);
    const scores = results.map((r) => r.max_score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    expect(results.every((r) => r.docs.length > 0)).toBe(true);
    const none = await api.post(`/collection/${SAMPLE.customersCollectionId}/search`, {
      query: 'zebra xylophone',
    });
    expect(none.json.data.results).toEqual([]);
    const bad = await api.post(`/collection/${SAMPLE.customersCollectionId}/search`, {
      query: 'x',
      index_type: 'words',
    });
    expect(bad.status).toBe(400);
  });
});
