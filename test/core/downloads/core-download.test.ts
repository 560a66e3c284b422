import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Download } from '../../../app/shared/domain';
import { SAMPLE, startServer, type RunningServer } from '../../server';
import { downloadFile } from '../../server/download';
import { makeCore, tempDataDir, untilAnswer, waitFor, type TestCore } from '../fixtures/harness';

// Issue 11 §2: "Save as MP4…" against the local server's real MP4 (the HLS fixture remuxed by
// ffmpeg), with Range: a straight download, a cut mid-file, a restart mid-file, an expired link.

const TIMINGS = { pollIntervalMs: 50, retryDelayMs: 50, maxRetries: 5 };

describe('MP4 download of a clip', () => {
  let server: RunningServer;
  let reference: Buffer;
  let jobId = '';
  const dataDir = tempDataDir('download-');
  const outDir = tempDataDir('download-out-');
  let tc: TestCore | null = null;

  const start = async () =>
    (tc = await makeCore({
      serverUrl: server.url,
      apiKey: server.apiKey,
      dataDir,
      downloads: TIMINGS,
    }));
  const current = (id: string): Download => tc!.core.downloads.get(id);
  const until = (id: string, ok: (d: Download) => boolean, ms = 15_000) =>
    untilAnswer(() => current(id), ok, {
      timeoutMs: ms,
      what: 'download state',
      show: (d) => ({ status: d.status, bytes: d.bytesDone, error: d.error }),
    });
  const downloadRequests = () =>
    server.control.requests().filter((r) => r.path.startsWith('/media/download/'));

  beforeAll(async () => {
    server = await startServer({ jobDurationMs: 200 });
    reference = (await downloadFile()).body;
    await start();
    const { job } = await tc!.core.handlers['jobs:submit']({
      videoId: SAMPLE.pricingTalkId,
      collectionId: SAMPLE.defaultCollectionId,
      prompt: 'raising prices',
      contentType: 'spoken',
      modelName: 'basic',
    });
    jobId = job.id;
    await waitFor(async () => (await tc!.core.handlers['jobs:get']({ id: jobId })).clipStreamUrl);
  });
  afterEach(() => server.control.reset());
  afterAll(async () => {
    await tc?.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  });

  it('asks POST /download, polls its job, saves the whole file and checks its size', async () => {
    expect(reference.subarray(4, 8).toString('latin1')).toBe('ftyp'); // a real MP4
    const target = join(outDir, 'straight.mp4');
    const d = tc!.core.downloads.start(jobId, target);
    expect(d.status).toBe('preparing');
    const done = await until(d.id, (x) => x.status === 'done');
    expect(done.totalBytes).toBe(reference.length);
    expect(done.bytesDone).toBe(reference.length);
    expect(readFileSync(target).equals(reference)).toBe(true);
    expect(existsSync(`${target}.part`)).toBe(false);

    const log = server.control.requests();
    const post = log.find((r) => r.method === 'POST' && r.path === '/download');
    expect(post?.body).toEqual({
      stream_link: (await tc!.core.handlers['jobs:get']({ id: jobId })).clipStreamUrl,
      name: 'straight',
    });
    expect(log.some((r) => r.path.startsWith('/async-response/'))).toBe(true);
    expect(downloadRequests().map((r) => r.range)).toEqual([undefined]);
    // Listed with the clip, and announced with bytes and total.
    expect((await tc!.core.handlers['downloads:list']({ jobId })).map((x) => x.id)).toContain(d.id);
    const changes = tc!.events.filter(
      (e) => e.name === 'downloads:changed' && e.payload.id === d.id,
    );
    expect(changes.at(-1)?.payload.status).toBe('done');
  });

  it('resumes with Range after the connection is cut mid-file; the file is byte-identical', async () => {
    server.control.set({ downloadAnswer: 'direct', downloadCutAfterBytes: 30_000 });
    const target = join(outDir, 'cut.mp4');
    const d = tc!.core.downloads.start(jobId, target);
    const done = await until(d.id, (x) => x.status === 'done');
    expect(done.totalBytes).toBe(reference.length);
    const ranges = downloadRequests().map((r) => r.range);
    expect(ranges[0]).toBeUndefined();
    expect(ranges).toContain('bytes=30000-');
    expect(ranges).toContain('bytes=60000-');
    expect(readFileSync(target).equals(reference)).toBe(true);
  });

  it('continues after a restart of the core mid-download', async () => {
    server.control.set({ downloadAnswer: 'direct', downloadBytesPerSecond: 20_000 });
    const target = join(outDir, 'restart.mp4');
    const d = tc!.core.downloads.start(jobId, target);
    await until(d.id, (x) => x.bytesDone >= 16_000);
    await tc!.close();
    // The download is kept in the data folder with its link, target and bytes done.
    const kept = JSON.parse(readFileSync(join(dataDir, 'downloads.json'), 'utf8')) as {
      downloads: Array<{ id: string; targetPath: string; bytesDone: number; downloadUrl: string }>;
    };
    const row = kept.downloads.find((r) => r.id === d.id);
    expect(row?.targetPath).toBe(target);
    expect(row?.downloadUrl).toMatch(/\/media\/download\//);
    const partSize = readFileSync(`${target}.part`).length;
    expect(partSize).toBeGreaterThanOrEqual(16_000);
    expect(partSize).toBeLessThan(reference.length);

    server.control.set({ downloadBytesPerSecond: null });
    await start();
    const done = await until(d.id, (x) => x.status === 'done');
    expect(done.bytesDone).toBe(reference.length);
    expect(downloadRequests().at(-1)?.range).toBe(`bytes=${partSize}-`);
    // No second POST /download: the kept link was still valid.
    expect(server.control.requests().filter((r) => r.path === '/download')).toHaveLength(1);
    expect(readFileSync(target).equals(reference)).toBe(true);
  });

  it('pauses, and on resume asks again for a link that expired, keeping the bytes it has', async () => {
    server.control.set({ downloadAnswer: 'direct', downloadBytesPerSecond: 20_000 });
    const target = join(outDir, 'expired.mp4');
    const d = tc!.core.downloads.start(jobId, target);
    await until(d.id, (x) => x.bytesDone >= 16_000);
    const paused = await tc!.core.handlers['downloads:pause']({ id: d.id });
    expect(paused.status).toBe('paused');
    const have = readFileSync(`${target}.part`).length;

    server.control.advanceTime(25 * 60 * 60 * 1000); // the link is a day old now
    server.control.set({ downloadBytesPerSecond: null });
    await tc!.core.handlers['downloads:resume']({ id: d.id });
    const done = await until(d.id, (x) => x.status === 'done');
    expect(done.bytesDone).toBe(reference.length);

    const log = server.control.requests();
    const statuses = log
      .filter((r) => r.path.startsWith('/media/download/') || r.path === '/download')
      .map((r) => `${r.method} ${r.path === '/download' ? '/download' : 'file'} ${r.status}`);
    expect(statuses).toEqual([
      'POST /download 200',
      'GET file 200',
      'GET file 403',
      'POST /download 200',
      'GET file 206',
    ]);
    expect(downloadRequests().at(-1)?.range).toBe(`bytes=${have}-`);
    expect(readFileSync(target).equals(reference)).toBe(true);
  });
});
