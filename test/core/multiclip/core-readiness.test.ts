/**
 * Issue 12 §2 through the real core and the local server: before asking, the app says which
 * videos cannot answer the content type (without starting any work on the account), how long
 * making them searchable might take and the account's credits; with the person's yes, each such
 * video is made searchable first (one index request, tracked like a clip job: across a restart,
 * and while offline until the network is back) and its clip is asked once it is ready. A clip
 * that failed for want of an index can be made searchable and asked again.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MultiClip } from '../../../app/shared/domain';
import {
  INDEX_CREDITS_PER_MINUTE,
  SAMPLE,
  STARTING_CREDITS,
  startServer,
  type RunningServer,
} from '../../server';
import { makeCore, tempDataDir, waitFor, type TestCore } from '../fixtures/harness';
import { untilMultiClip } from './multiclip-wait';

const RAW = SAMPLE.unsearchableVideoId;
const VIDEOS = [
  { videoId: SAMPLE.pricingTalkId, collectionId: SAMPLE.defaultCollectionId },
  { videoId: SAMPLE.knifeSkillsId, collectionId: SAMPLE.defaultCollectionId },
  { videoId: RAW, collectionId: SAMPLE.defaultCollectionId },
];

describe('multi-clips: videos made ready on the way', () => {
  let server: RunningServer;
  const dirs: string[] = [];
  let tc: TestCore | null = null;

  const start = async (dataDir = tempDataDir('readiness-')) => {
    dirs.push(dataDir);
    tc = await makeCore({ serverUrl: server.url, apiKey: server.apiKey, dataDir });
    // The library as the person sees it (names and lengths come from here).
    await tc.core.handlers['library:list-videos']({
      collectionId: SAMPLE.defaultCollectionId,
      refresh: true,
      offset: 0,
      limit: 100,
    });
    return tc;
  };
  const until = (id: string, ok: (m: MultiClip) => boolean, ms?: number) =>
    untilMultiClip(tc!, id, ok, ms);
  const posts = (re: RegExp) =>
    server.control.requests().filter((r) => r.method === 'POST' && re.test(r.path));
  const sceneIndexPosts = () => posts(new RegExp(`^/video/${RAW}/index/scene$`));
  const rawClipPosts = () => posts(new RegExp(`^/video/${RAW}/clip$`));

  beforeAll(async () => {
    server = await startServer({ jobDurationMs: 300, media: false });
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

  it('says which videos cannot answer, with a time and the credits, and starts nothing', async () => {
    await start();
    const r = await tc!.core.handlers['multiclip:readiness']({
      videos: VIDEOS,
      contentType: 'visual',
    });
    expect(r.total).toBe(3);
    expect(r.ready).toBe(2);
    expect(r.missing).toEqual([
      {
        videoId: RAW,
        collectionId: SAMPLE.defaultCollectionId,
        videoName: SAMPLE.unsearchableVideoName,
        length: expect.any(Number),
        kinds: ['scenes'],
        preparing: false,
      },
    ]);
    expect(r.estimateMinutes).toBeGreaterThanOrEqual(1);
    expect(r.usage).toEqual({ balance: STARTING_CREDITS, used: 0 });
    // Reading readiness never starts work on the account.
    expect(posts(/\/index/)).toHaveLength(0);
    expect(server.control.requests().some((r) => /transcription/.test(r.path))).toBe(false);

    // Spoken: whether a video has a spoken-word index cannot be read without starting work,
    // so nothing is claimed missing; the videos are "not known" instead.
    const spoken = await tc!.core.handlers['multiclip:readiness']({
      videos: VIDEOS,
      contentType: 'spoken',
    });
    expect(spoken.missing).toHaveLength(0);
    expect(spoken.speechUnknown).toBe(3);

    // An account that does not expose usage: no credits, and still an answer.
    server.control.set({ usageAnswer: 'missing' });
    const quiet = await tc!.core.handlers['multiclip:readiness']({
      videos: VIDEOS,
      contentType: 'multimodal',
    });
    expect(quiet.usage).toBeNull();
    expect(quiet.missing.map((m) => m.kinds)).toEqual([['scenes']]);
  });

  it('with a yes, makes the video searchable first and asks its clip once it is ready', async () => {
    await start();
    const m = await tc!.core.handlers['multiclip:submit']({
      videos: VIDEOS,
      prompt: 'knife',
      contentType: 'visual',
      modelName: 'basic',
      narrow: false,
      prepare: true,
    });
    const raw = m.children.find((c) => c.videoId === RAW)!;
    expect(raw.status).toBe('preparing');
    expect(raw.preparing?.kinds).toEqual(['scenes']);
    expect(m.counts.preparing).toBe(1);

    const done = await until(m.id, (x) => x.counts.answered + x.counts.failed === 3);
    expect(done.counts).toMatchObject({ answered: 3, failed: 0, preparing: 0 });
    // One index request, and the clip only after VideoDB said the index was done.
    expect(sceneIndexPosts()).toHaveLength(1);
    expect(rawClipPosts()).toHaveLength(1);
    const log = server.control.requests();
    const at = (path: string) => log.findIndex((r) => r.method === 'POST' && r.path === path);
    const indexAt = at(`/video/${RAW}/index/scene`);
    const clipAt = at(`/video/${RAW}/clip`);
    expect(indexAt).toBeGreaterThanOrEqual(0);
    expect(clipAt).toBeGreaterThan(indexAt);
    const listedDone = log
      .slice(indexAt, clipAt)
      .some((r) => r.method === 'GET' && r.path === `/video/${RAW}/index/scene`);
    expect(listedDone).toBe(true);
    // The work was charged to the account, as /billing/usage now says.
    const after = await tc!.core.handlers['multiclip:readiness']({
      videos: VIDEOS,
      contentType: 'visual',
    });
    expect(after.missing).toHaveLength(0);
    expect(after.ready).toBe(3);
    const usage = await fetch(`${server.url}/billing/usage`, {
      headers: { 'x-access-token': server.apiKey },
    }).then((r) => r.json() as Promise<{ data: { credits_used: number } }>);
    expect(usage.data.credits_used).toBeGreaterThan(0);
    expect(usage.data.credits_used).toBeLessThan(INDEX_CREDITS_PER_MINUTE.scenes * 60);
  });

  it('keeps waiting across a restart and asks for the index only once', async () => {
    server.control.set({ jobDurationMs: 1500 });
    const first = await start();
    const m = await first.core.handlers['multiclip:submit']({
      videos: VIDEOS.slice(2),
      prompt: 'roadmap',
      contentType: 'visual',
      modelName: 'basic',
      narrow: false,
      prepare: true,
    });
    await waitFor(async () => (sceneIndexPosts().length === 1 ? true : null), 5000, 'index POST');
    await first.close();
    tc = null;
    await start(first.dataDir);
    const again = await tc!.core.handlers['multiclip:get']({ id: m.id });
    expect(again.children[0]!.status).toBe('preparing');
    const done = await until(m.id, (x) => x.counts.answered === 1, 30_000);
    expect(done.children[0]!.status).toBe('done');
    expect(sceneIndexPosts()).toHaveLength(1);
    expect(rawClipPosts()).toHaveLength(1);
  });

  it('made while offline, asks for the index when the network is back', async () => {
    // Saved knowledge first (online), then offline with a yes.
    await start();
    const r = await tc!.core.handlers['multiclip:readiness']({
      videos: VIDEOS.slice(2),
      contentType: 'visual',
    });
    expect(r.missing).toHaveLength(1);
    server.control.set({ offline: true });
    await server.control.settled();
    await tc!.core.handlers['connectivity:check']({});
    const offline = await tc!.core.handlers['multiclip:submit']({
      videos: VIDEOS.slice(2),
      prompt: 'roadmap',
      contentType: 'visual',
      modelName: 'basic',
      narrow: false,
      prepare: true,
    });
    expect(offline.children[0]!.status).toBe('preparing');
    await new Promise((r) => setTimeout(r, 300));
    expect(sceneIndexPosts()).toHaveLength(0);
    server.control.set({ offline: false });
    await tc!.core.handlers['connectivity:check']({});
    const done = await until(offline.id, (x) => x.counts.answered === 1, 30_000);
    expect(done.children[0]!.status).toBe('done');
    expect(sceneIndexPosts()).toHaveLength(1);
    expect(rawClipPosts()).toHaveLength(1);
  });

  it('a clip that failed for want of a spoken index is made searchable and asked again', async () => {
    await start();
    const m = await tc!.core.handlers['multiclip:submit']({
      videos: VIDEOS.slice(2),
      prompt: 'roadmap',
      contentType: 'spoken',
      modelName: 'basic',
      narrow: false,
      prepare: false,
    });
    const failed = await until(m.id, (x) => x.counts.failed === 1);
    expect(failed.children[0]!.needsIndex).toBe('spoken');
    // Learned: now readiness knows this video is not searchable by speech.
    const r = await tc!.core.handlers['multiclip:readiness']({
      videos: VIDEOS.slice(2),
      contentType: 'spoken',
    });
    expect(r.missing.map((x) => x.kinds)).toEqual([['spoken']]);

    await tc!.core.handlers['multiclip:retry-failed']({ id: m.id, prepare: true });
    const done = await until(m.id, (x) => x.counts.answered === 1);
    expect(done.children[0]!.jobId).toBe(failed.children[0]!.jobId);
    expect(posts(new RegExp(`^/video/${RAW}/index$`))).toHaveLength(1);
    // The same job, asked a second time: one failed POST, one that answered.
    expect(rawClipPosts()).toHaveLength(2);
  });
});
