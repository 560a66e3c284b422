/**
 * Issue 12 §3 through the real core and the local server: one prompt on one video, a run per
 * content type × model tier. Each run is an ordinary clip job in the history; the comparison says
 * how long each took, how many segments it found and how much the runs agree (IoU of time ranges),
 * checked here against the server's own answers and an overlap computed another way; a run that
 * cannot be made says why while the others answer; runs asked offline are sent once each when
 * the network is back.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../../app/shared/domain';
import { meanOverlaps, overlapMatrix } from '../../../app/core/compare';
import { SAMPLE, startServer, type RunningServer } from '../../server';
import { makeCore, tempDataDir, waitFor, type TestCore } from '../fixtures/harness';

type Range = { start: number; end: number };

/**
 * IoU by elementary intervals: every endpoint of either set cuts the line; a piece counts for a
 * set when its midpoint lies inside one of its ranges. A different method from the app's sweep.
 */
function iouByPieces(a: readonly Range[], b: readonly Range[]): number {
  const cuts = [...new Set([...a, ...b].flatMap((r) => [r.start, r.end]))].sort((x, y) => x - y);
  const inside = (rs: readonly Range[], t: number) => rs.some((r) => t > r.start && t < r.end);
  let inter = 0;
  let union = 0;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const lo = cuts[k]!;
    const hi = cuts[k + 1]!;
    const mid = (lo + hi) / 2;
    const inA = inside(a, mid);
    const inB = inside(b, mid);
    if (inA && inB) inter += hi - lo;
    if (inA || inB) union += hi - lo;
  }
  return union === 0 ? 0 : inter / union;
}

describe('compare: one prompt on one video across content types and tiers', () => {
  let server: RunningServer;
  const dirs: string[] = [];
  let tc: TestCore | null = null;

  const start = async () => {
    const dataDir = tempDataDir('compare-');
    dirs.push(dataDir);
    tc = await makeCore({ serverUrl: server.url, apiKey: server.apiKey, dataDir });
    return tc;
  };
  const until = (id: string, ok: (c: Comparison) => boolean, ms = 20_000) =>
    waitFor(
      async () => {
        const c = await tc!.core.handlers['compare:get']({ id });
        return ok(c) ? c : null;
      },
      ms,
      'comparison state',
    );
  const clipPosts = () =>
    server.control.requests().filter((r) => r.method === 'POST' && /\/clip$/.test(r.path));

  /** Ask the server directly (not through the app) and wait for its answer's segments. */
  const askServer = async (videoId: string, body: Record<string, unknown>): Promise<Range[]> => {
    const headers = { 'x-access-token': server.apiKey, 'content-type': 'application/json' };
    const posted = (await (
      await fetch(`${server.url}/video/${videoId}/clip`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      })
    ).json()) as { data: { output_url: string } };
    return waitFor(
      async () => {
        const r = (await (await fetch(posted.data.output_url, { headers })).json()) as {
          status: string;
          data?: { results: Array<{ docs: Range[] }> };
        };
        if (r.status !== 'done') return null;
        return r.data!.results.flatMap((x) => x.docs.map((d) => ({ start: d.start, end: d.end })));
      },
      10_000,
      'the server’s own answer',
    );
  };

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

  it('runs each pair once as a history job, with times, counts and overlaps that match the answers', async () => {
    await start();
    const video = { videoId: SAMPLE.pricingTalkId, collectionId: SAMPLE.defaultCollectionId };
    // The library knows the video (its name and length are the strips' scale).
    await tc!.core.handlers['library:get-video'](video);
    const runs = [
      { contentType: 'spoken', modelName: 'mini' },
      { contentType: 'spoken', modelName: 'basic' },
      { contentType: 'spoken', modelName: 'ultra' },
      { contentType: 'multimodal', modelName: 'pro' },
      { contentType: 'visual', modelName: 'basic' },
    ] as const;
    const began = Date.now();
    const c = await tc!.core.handlers['compare:submit']({
      ...video,
      prompt: 'raising prices for existing customers',
      runs: [...runs],
      sceneIndexId: SAMPLE.pricingTalkShotsIndexId,
    });
    expect(c.runs.map((r) => [r.contentType, r.modelName])).toEqual(
      runs.map((r) => [r.contentType, r.modelName]),
    );
    const done = await until(c.id, (x) => x.counts.running === 0);
    const elapsed = (Date.now() - began) / 1000;
    expect(done.counts).toMatchObject({ total: 5, answered: 5, failed: 0, uncertain: 0 });
    expect(done.videoName).toBe(SAMPLE.pricingTalkName);
    expect(done.videoLength).toBeGreaterThan(60);

    // One clip request per run, with its own content type and tier; the scene index only where
    // scenes are searched.
    const bodies = clipPosts().map((r) => r.body as Record<string, unknown>);
    expect(
      bodies.map((b) => `${String(b['content_type'])}/${String(b['model_name'])}`).sort(),
    ).toEqual(runs.map((r) => `${r.contentType}/${r.modelName}`).sort());
    for (const b of bodies) {
      expect(b['scene_index_id']).toBe(
        b['content_type'] === 'spoken' ? undefined : SAMPLE.pricingTalkShotsIndexId,
      );
    }

    // Runs are ordinary history jobs.
    const history = await tc!.core.handlers['jobs:list']({
      videoId: video.videoId,
      offset: 0,
      limit: 100,
    });
    const ids = done.runs.map((r) => r.jobId);
    expect(ids.every((id) => id !== null)).toBe(true);
    expect(history.jobs.map((j) => j.id).sort()).toEqual([...(ids as string[])].sort());

    // Each run's segments are what the server answers for that pair, asked directly.
    const answers: Range[][] = [];
    for (const [i, r] of runs.entries()) {
      const direct = await askServer(video.videoId, {
        prompt: 'raising prices for existing customers',
        content_type: r.contentType,
        model_name: r.modelName,
        ...(r.contentType === 'spoken' ? {} : { scene_index_id: SAMPLE.pricingTalkShotsIndexId }),
      });
      const run = done.runs[i]!;
      expect(run.segmentCount).toBe(direct.length);
      expect(run.ranges).toEqual(direct);
      answers.push(direct);
      // Time to answer: at least the server's job length, at most the whole wait.
      expect(run.secondsToAnswer).not.toBeNull();
      expect(run.secondsToAnswer!).toBeGreaterThanOrEqual(0.15);
      expect(run.secondsToAnswer!).toBeLessThanOrEqual(elapsed);
      // The history's job says the same.
      const job = await tc!.core.handlers['jobs:get']({ id: run.jobId! });
      expect(job.segments.length).toBe(run.segmentCount);
      expect(run.secondsToAnswer).toBeCloseTo((job.finishedAt! - job.sentAt!) / 1000, 6);
    }
    // The runs do not all say the same (else this comparison would show nothing).
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBeGreaterThan(1);

    // Pairwise overlap and each run's mean with the others, computed independently.
    for (let i = 0; i < runs.length; i++) {
      const others: number[] = [];
      for (let j = 0; j < runs.length; j++) {
        const want = i === j ? 1 : iouByPieces(answers[i]!, answers[j]!);
        expect(done.overlap[i]![j]).toBeCloseTo(want, 9);
        if (i !== j) others.push(want);
      }
      const mean = others.reduce((t, v) => t + v, 0) / others.length;
      expect(done.runs[i]!.meanOverlap).toBeCloseTo(mean, 9);
    }
    const values = done.overlap.flat().filter((v): v is number => v !== null && v < 1);
    expect(values.some((v) => v > 0)).toBe(true);

    // Listed for its video, and announced as the runs moved on.
    const listed = await tc!.core.handlers['compare:list']({ videoId: video.videoId });
    expect(listed.map((x) => x.id)).toEqual([c.id]);
    expect(await tc!.core.handlers['compare:list']({ videoId: SAMPLE.acmeDemoId })).toEqual([]);
    expect(tc!.events.filter((e) => e.name === 'compare:changed').length).toBeGreaterThan(1);
  });

  it('a run that cannot be made says why; the others answer and compare; retry asks it again', async () => {
    await start();
    // The raw offsite footage becomes searchable by speech; it has no scene index.
    const video = {
      videoId: SAMPLE.unsearchableVideoId,
      collectionId: SAMPLE.defaultCollectionId,
    };
    await tc!.core.handlers['library:get-video'](video);
    await tc!.core.handlers['library:make-searchable']({ ...video, kind: 'spoken' });
    await waitFor(() =>
      tc!.events.some(
        (e) =>
          e.name === 'library:indexing' &&
          e.payload.videoId === video.videoId &&
          e.payload.status === 'done',
      ),
    );
    // And the pro tier's budget is spent.
    server.control.set({ exhaustedTiers: ['pro'] });
    const c = await tc!.core.handlers['compare:submit']({
      ...video,
      prompt: 'the roadmap',
      runs: [
        { contentType: 'spoken', modelName: 'basic' },
        { contentType: 'visual', modelName: 'basic' },
        { contentType: 'spoken', modelName: 'ultra' },
        { contentType: 'spoken', modelName: 'pro' },
      ],
    });
    const settled = await until(c.id, (x) => x.counts.running === 0);
    const [spokenBasic, visual, spokenUltra, spokenPro] = settled.runs;
    expect(visual!.status).toBe('failed');
    expect(visual!.jobId).toBeNull();
    expect(visual!.error?.message).toMatch(/not searchable by scenes yet/);
    expect(spokenPro!.status).toBe('failed');
    expect(spokenPro!.error?.code).toBe('tier-budget');
    expect(spokenPro!.error?.message).toMatch(/budget/);
    expect(spokenBasic!.status).toBe('done');
    expect(spokenUltra!.status).toBe('done');
    expect(spokenBasic!.segmentCount).toBeGreaterThan(0);
    expect(settled.counts).toMatchObject({ answered: 2, failed: 2 });
    // The failed runs take no part in the overlap; the two that answered compare.
    expect(settled.overlap[1]).toEqual([null, null, null, null]);
    expect(settled.overlap[0]![2]).toBeCloseTo(
      iouByPieces(spokenBasic!.ranges, spokenUltra!.ranges),
      9,
    );
    expect(spokenBasic!.meanOverlap).toBeCloseTo(settled.overlap[0]![2]!, 9);
    expect(visual!.meanOverlap).toBeNull();
    expect(visual!.secondsToAnswer).toBeNull();

    // Retry: the budget is back, so pro answers; the visual run is still refused, with its reason.
    server.control.set({ exhaustedTiers: [] });
    const posts = clipPosts().length;
    await tc!.core.handlers['compare:retry-failed']({ id: c.id });
    const again = await until(c.id, (x) => x.runs[3]!.status === 'done' && x.counts.running === 0);
    expect(again.runs[1]!.error?.message).toMatch(/not searchable by scenes yet/);
    expect(again.counts).toMatchObject({ answered: 3, failed: 1 });
    expect(clipPosts().length).toBe(posts + 1);
    expect(again.runs[3]!.meanOverlap).not.toBeNull();
  });

  it('a comparison made offline is queued, then each run is sent once when the network is back', async () => {
    await start();
    const video = { videoId: SAMPLE.knifeSkillsId, collectionId: SAMPLE.defaultCollectionId };
    await tc!.core.handlers['library:get-video'](video);
    server.control.set({ offline: true });
    await server.control.settled();
    await tc!.core.handlers['connectivity:check']({});
    const runs = [
      { contentType: 'spoken', modelName: 'basic' },
      { contentType: 'spoken', modelName: 'pro' },
      { contentType: 'multimodal', modelName: 'basic' },
      { contentType: 'multimodal', modelName: 'pro' },
    ] as const;
    const c = await tc!.core.handlers['compare:submit']({
      ...video,
      prompt: 'a knife on a board',
      runs: [...runs],
    });
    const queued = await until(c.id, (x) => x.runs.every((r) => r.status === 'queued'));
    expect(queued.counts.running).toBe(4);
    expect(clipPosts()).toHaveLength(0);
    const queuedJobs = await tc!.core.handlers['jobs:list']({
      statuses: ['queued'],
      offset: 0,
      limit: 100,
    });
    expect(queuedJobs.total).toBe(4);

    server.control.set({ offline: false });
    await server.control.settled();
    await tc!.core.handlers['connectivity:check']({});
    const done = await until(c.id, (x) => x.counts.running === 0, 30_000);
    expect(done.counts).toMatchObject({ answered: 4, failed: 0, uncertain: 0 });
    const sent = clipPosts().map((r) => {
      const b = r.body as Record<string, unknown>;
      return `${String(b['content_type'])}/${String(b['model_name'])}`;
    });
    expect(sent.sort()).toEqual(runs.map((r) => `${r.contentType}/${r.modelName}`).sort());
    // Time to answer counts from the send, not from the wait offline.
    for (const r of done.runs) expect(r.secondsToAnswer!).toBeLessThan(10);
  });

  it('refuses fewer than two runs, or the same run twice, in plain words', async () => {
    const { calls } = await import('../../../app/shared/contract');
    const base = {
      videoId: SAMPLE.pricingTalkId,
      collectionId: SAMPLE.defaultCollectionId,
      prompt: 'pricing',
    };
    const one = calls['compare:submit'].input.safeParse({
      ...base,
      runs: [{ contentType: 'spoken', modelName: 'basic' }],
    });
    expect(one.success).toBe(false);
    expect(one.error?.issues[0]?.message).toBe('Choose at least 2 runs to compare.');
    const twice = calls['compare:submit'].input.safeParse({
      ...base,
      runs: [
        { contentType: 'spoken', modelName: 'basic' },
        { contentType: 'spoken', modelName: 'basic' },
      ],
    });
    expect(twice.error?.issues[0]?.message).toBe('Each run must be a different search and model.');
    const unknownTier = calls['compare:submit'].input.safeParse({
      ...base,
      runs: [
        { contentType: 'spoken', modelName: 'basic' },
        { contentType: 'spoken', modelName: 'highlights' },
      ],
    });
    expect(unknownTier.success).toBe(false);
  });
});

describe('overlap of hand-made runs', () => {
  it('pairs, diagonal, runs without an answer, and means', () => {
    const a = [{ start: 0, end: 10 }];
    const b = [{ start: 5, end: 15 }];
    const c = [
      { start: 0, end: 2 },
      { start: 8, end: 12 },
    ];
    const m = overlapMatrix([a, b, null, c]);
    expect(m[0]![0]).toBe(1);
    expect(m[0]![1]).toBeCloseTo(iouByPieces(a, b), 12);
    expect(m[0]![1]).toBeCloseTo(5 / 15, 12);
    expect(m[2]).toEqual([null, null, null, null]);
    expect(m[3]![0]).toBeCloseTo(4 / 12, 12);
    const means = meanOverlaps(m);
    expect(means[2]).toBeNull();
    expect(means[0]).toBeCloseTo((5 / 15 + 4 / 12) / 2, 12);
    expect(meanOverlaps(overlapMatrix([a, null]))).toEqual([null, null]);
  });
});
