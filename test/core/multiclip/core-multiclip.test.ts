/**
 * Issue 12 §1 through the real core and the local server: one prompt across several videos is a
 * parent with a child clip job per video; the answer is merged and ranked across videos; the top N
 * become one reel through `POST /compile` in rank order; a 50-video multi-clip made offline is sent
 * when the network is back, each child exactly once; a child that cannot be asked for says why and
 * the others go on.
 */
import { rmSync } from 'node:fs';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { MultiClip } from '../../../app/shared/domain';
import {
  SAMPLE,
  archiveVideoId,
  mostInFlight,
  startServer,
  type RunningServer,
} from '../../server';
import { makeCore, tempDataDir, untilAnswer, type TestCore } from '../fixtures/harness';
import { untilMultiClip } from './multiclip-wait';

describe('multi-clips: one prompt across many videos', () => {
  let server: RunningServer;
  const dirs: string[] = [];
  let tc: TestCore | null = null;

  const start = async () => {
    const dataDir = tempDataDir('multiclip-');
    dirs.push(dataDir);
    tc = await makeCore({ serverUrl: server.url, apiKey: server.apiKey, dataDir });
    return tc;
  };
  const until = (id: string, ok: (m: MultiClip) => boolean, ms?: number) =>
    untilMultiClip(tc!, id, ok, ms);
  const clipPosts = () =>
    server.control.requests().filter((r) => r.method === 'POST' && /\/clip$/.test(r.path));

  beforeAll(async () => {
    server = await startServer({ jobDurationMs: 150, media: false });
  });
  afterEach(async () => {
    await tc?.close();
    tc = null;
    server.control.reset({ state: true });
  });
  afterAll(async () => {
    await server.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('asks each video once, merges and ranks the answer, and compiles the top N in rank order', async () => {
    await start();
    const videos = [
      { videoId: SAMPLE.pricingTalkId, collectionId: SAMPLE.defaultCollectionId },
      { videoId: SAMPLE.acmeDemoId, collectionId: SAMPLE.customersCollectionId },
      { videoId: SAMPLE.globexSalesCallId, collectionId: SAMPLE.customersCollectionId },
    ];
    const m = await tc!.core.handlers['multiclip:submit']({
      videos,
      prompt: 'pricing',
      contentType: 'spoken',
      modelName: 'basic',
      narrow: false,
      prepare: false,
    });
    expect(m.counts.total).toBe(3);
    const done = await until(m.id, (x) => x.counts.answered + x.counts.failed === 3);
    expect(done.counts).toMatchObject({ answered: 3, failed: 0, running: 0, uncertain: 0 });
    expect(
      clipPosts()
        .map((r) => r.path)
        .sort(),
    ).toEqual(videos.map((v) => `/video/${v.videoId}/clip`).sort());

    const detail = await tc!.core.handlers['multiclip:get']({ id: m.id });
    expect(detail.segments.length).toBeGreaterThan(1);
    // Ranked: scores never go up along the list.
    const scores = detail.segments.map((s) => s.score ?? -1);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // The breakdown covers every video that answered with segments.
    const withSegments = detail.children.filter((c) => c.segmentCount > 0).map((c) => c.videoId);
    expect(detail.breakdown.map((b) => b.videoId).sort()).toEqual(withSegments.sort());

    const reel = await tc!.core.handlers['multiclip:compile']({ id: m.id, topN: 3 });
    expect(reel.reel?.streamUrl).toMatch(/^http/);
    // One compile is the reel's, in rank order (each child's own clip is compiled too).
    const flats = server.control
      .requests()
      .filter((r) => r.path === '/compile')
      .map((r) =>
        (r.body as Array<{ video_id: string; shots: Array<[number, number]> }>).flatMap((i) =>
          i.shots.map((s) => [i.video_id, s[0]]),
        ),
      );
    expect(flats).toContainEqual(detail.segments.slice(0, 3).map((s) => [s.videoId, s.start]));
    // Announced as the children moved on.
    expect(tc!.events.filter((e) => e.name === 'multiclip:changed').length).toBeGreaterThan(1);
  });

  it('a 50-video multi-clip made offline is sent when the network is back, each video once', async () => {
    await start();
    server.control.set({ offline: true });
    await server.control.settled();
    await tc!.core.handlers['connectivity:check']({});
    const videos = Array.from({ length: 50 }, (_, n) => ({
      videoId: archiveVideoId(n),
      collectionId: SAMPLE.archiveCollectionId,
    }));
    const m = await tc!.core.handlers['multiclip:submit']({
      videos,
      prompt: 'the main idea',
      contentType: 'spoken',
      modelName: 'basic',
      narrow: false,
      prepare: false,
    });
    const queued = await until(m.id, (x) => x.children.every((c) => c.status === 'queued'));
    expect(queued.counts.running).toBe(50);
    expect(clipPosts()).toHaveLength(0);

    server.control.set({ offline: false });
    await server.control.settled();
    await tc!.core.handlers['connectivity:check']({});
    const done = await until(m.id, (x) => x.counts.answered + x.counts.failed === 50, 60_000);
    expect(done.counts.uncertain).toBe(0);
    const perVideo = new Map<string, number>();
    for (const r of clipPosts()) perVideo.set(r.path, (perVideo.get(r.path) ?? 0) + 1);
    expect(perVideo.size).toBe(50);
    expect([...perVideo.values()].every((n) => n === 1)).toBe(true);
  }, 90_000);

  it('a child that cannot be asked for says why; the others go on; retry asks the failed ones', async () => {
    await start();
    const m = await tc!.core.handlers['multiclip:submit']({
      videos: [
        { videoId: SAMPLE.knifeSkillsId, collectionId: SAMPLE.defaultCollectionId },
        { videoId: SAMPLE.unsearchableVideoId, collectionId: SAMPLE.defaultCollectionId },
      ],
      prompt: 'a knife on a board',
      contentType: 'visual',
      modelName: 'basic',
      narrow: false,
      prepare: false,
    });
    const settled = await until(m.id, (x) => x.counts.running === 0);
    const bad = settled.children.find((c) => c.videoId === SAMPLE.unsearchableVideoId)!;
    expect(bad.status).toBe('failed');
    expect(bad.error?.message).toMatch(/not searchable by scenes yet/);
    expect(settled.counts.answered).toBe(1);
    expect(settled.counts.failed).toBe(1);
    // Retrying asks again for the one that could not be asked: still refused, with the reason.
    const again = await tc!.core.handlers['multiclip:retry-failed']({ id: m.id, prepare: false });
    await until(again.id, (x) => x.counts.running === 0);
    const still = await tc!.core.handlers['multiclip:get']({ id: m.id });
    expect(
      still.children.find((c) => c.videoId === SAMPLE.unsearchableVideoId)?.error?.message,
    ).toMatch(/not searchable by scenes yet/);
    const list = await tc!.core.handlers['multiclip:list']({});
    expect(list.map((x) => x.id)).toContain(m.id);
  });

  it('retrying sends again only the children whose jobs failed, and they answer', async () => {
    await start();
    server.control.set({ jobOutcome: 'fail' });
    const m = await tc!.core.handlers['multiclip:submit']({
      videos: [
        { videoId: SAMPLE.pricingTalkId, collectionId: SAMPLE.defaultCollectionId },
        { videoId: SAMPLE.globexSalesCallId, collectionId: SAMPLE.customersCollectionId },
      ],
      prompt: 'pricing',
      contentType: 'spoken',
      modelName: 'basic',
      narrow: false,
      prepare: false,
    });
    const failed = await until(m.id, (x) => x.counts.failed === 2);
    expect(failed.counts.answered).toBe(0);
    expect(clipPosts()).toHaveLength(2);
    server.control.set({ jobOutcome: 'done' });
    await tc!.core.handlers['multiclip:retry-failed']({ id: m.id, prepare: false });
    const done = await until(m.id, (x) => x.counts.answered === 2);
    expect(done.counts.failed).toBe(0);
    // One more clip request per failed child, none for anything else.
    expect(clipPosts()).toHaveLength(4);
  });

  it('asks collection search first when told to, and says how many videos it left out', async () => {
    await start();
    const m = await tc!.core.handlers['multiclip:submit']({
      wholeCollection: SAMPLE.customersCollectionId,
      prompt: 'discount',
      contentType: 'spoken',
      modelName: 'basic',
      narrow: true,
      prepare: false,
    });
    const searches = server.control
      .requests()
      .filter((r) => r.path === `/collection/${SAMPLE.customersCollectionId}/search`);
    expect(searches).toHaveLength(1);
    expect(searches[0]!.body).toMatchObject({ query: 'discount', index_type: 'spoken_word' });
    expect(m.narrowed).toBe(true);
    expect(m.skipped).toBeGreaterThan(0);
    expect(m.children.length + m.skipped).toBe(SAMPLE.videoCounts.customers);
    const done = await until(m.id, (x) => x.counts.running === 0);
    expect(clipPosts()).toHaveLength(m.children.length);
    expect(done.segments.length).toBeGreaterThan(0);
  });

  it('refuses a whole collection larger than one prompt can ask, in plain words', async () => {
    await start();
    await expect(
      tc!.core.handlers['multiclip:submit']({
        wholeCollection: SAMPLE.archiveCollectionId,
        prompt: 'pricing',
        contentType: 'spoken',
        modelName: 'basic',
        narrow: false,
        prepare: false,
      }),
    ).rejects.toThrow(
      /has 5,200 videos; one prompt can ask up to 1,000\. Select the videos instead\./,
    );
  });
});

describe('a multi-clip of 300 videos does not flood the API', () => {
  it('keeps at most the global limit of requests in flight, each video asked once', async () => {
    const server = await startServer({ jobDurationMs: 100, media: false });
    const dataDir = tempDataDir('multiclip-300-');
    const tc = await makeCore({ serverUrl: server.url, apiKey: server.apiKey, dataDir });
    // Each answer takes 20 ms, so requests sent together overlap where the server can see it.
    server.control.set({ latencyMs: 20 });
    try {
      const videos = Array.from({ length: 300 }, (_, n) => ({
        videoId: archiveVideoId(n),
        collectionId: SAMPLE.archiveCollectionId,
      }));
      const m = await tc.core.handlers['multiclip:submit']({
        videos,
        prompt: 'the main idea',
        contentType: 'spoken',
        modelName: 'basic',
        narrow: false,
        prepare: false,
      });
      await untilAnswer(
        () => tc.core.handlers['multiclip:get']({ id: m.id }),
        (x) => x.counts.running === 0,
        { timeoutMs: 120_000, what: 'all 300 answered', show: (x) => x.counts },
      );
      const log = server.control.requests();
      const clipPosts = log.filter((r) => r.method === 'POST' && r.path.endsWith('/clip'));
      expect(new Set(clipPosts.map((r) => r.path)).size).toBe(300);
      expect(clipPosts).toHaveLength(300);
      // The requests the engine sends (clips, polls, compiles, video lookups), as the server saw
      // them: never more at once than the limit (FAST_TUNING: 4). The connectivity probe (one
      // request now and then, GET on the API's root) is outside it on purpose: it must get through
      // while the slots are busy, to tell a slow API from a lost network.
      const most = mostInFlight(log);
      expect(most).toBeGreaterThanOrEqual(3);
      expect(most).toBeLessThanOrEqual(4);
    } finally {
      await tc.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});
