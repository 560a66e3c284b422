/**
 * Issue 11 §4: "Add videos…" through the real core against the local server's upload target:
 * a file goes to the presigned address and becomes a new video of the collection; a cut
 * connection continues from what a resumable address kept (and starts again cleanly where the
 * address cannot resume); a restart mid-upload continues; the same file is never sent twice;
 * offline, uploads wait; an answer that never came back from `/upload` makes the upload
 * uncertain instead of sending it again; a public link is registered as it is.
 */
import { writeFileSync } from 'node:fs';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Upload } from '../../../app/shared/domain';
import { pieceSize } from '../../../app/core/uploads';
import { SAMPLE, startServer, type RunningServer } from '../../server';
import { makeCore, tempDataDir, untilAnswer, waitFor, type TestCore } from '../fixtures/harness';

const UPLOADS = { pollIntervalMs: 50, retryDelayMs: 30, maxRetries: 5, pieceBytes: 64 * 1024 };
const COLLECTION = SAMPLE.talksCollectionId;

describe('adding videos (uploads)', () => {
  let server: RunningServer;
  const filesDir = tempDataDir('upload-files-');
  const dirs: string[] = [];
  let tc: TestCore | null = null;

  /** A file of `size` bytes whose contents depend on `seed` (so two files differ). */
  const makeFile = (name: string, size: number, seed = 1): { path: string; bytes: Buffer } => {
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 131 + seed * 7919) % 251;
    const path = join(filesDir, name);
    writeFileSync(path, bytes);
    return { path, bytes };
  };
  const start = async (dataDir = tempDataDir('upload-core-')) => {
    dirs.push(dataDir);
    tc = await makeCore({
      serverUrl: server.url,
      apiKey: server.apiKey,
      dataDir,
      uploads: UPLOADS,
    });
    return tc;
  };
  const until = (id: string, ok: (u: Upload) => boolean, ms = 15_000): Promise<Upload> =>
    untilAnswer(
      async () => (await tc!.core.handlers['uploads:list']({})).find((x) => x.id === id),
      ok,
      {
        timeoutMs: ms,
        what: 'upload state',
        show: (u) => ({ status: u.status, bytes: u.bytesDone, error: u.error }),
      },
    );
  const targetRequests = () =>
    server.control.requests().filter((r) => r.path.startsWith('/upload-target/'));
  const registers = () =>
    server.control.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/upload'));
  const addFile = async (path: string): Promise<Upload> => {
    const [u] = await tc!.core.handlers['uploads:add-files']({
      collectionId: COLLECTION,
      paths: [path],
    });
    return u!;
  };
  const videosOf = async () =>
    (
      await tc!.core.handlers['library:list-videos']({
        collectionId: COLLECTION,
        refresh: true,
        offset: 0,
        limit: 500,
      })
    ).videos;

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
    for (const d of [filesDir, ...dirs]) rmSync(d, { recursive: true, force: true });
  });

  it('sends a file in pieces to a resumable address, registers it once, and the library lists it', async () => {
    await start();
    const { path, bytes } = makeFile('Team offsite.mp4', 300_000);
    const before = (await videosOf()).length;
    const u = await addFile(path);
    expect(u).toMatchObject({
      status: 'checking',
      name: 'Team offsite',
      fileName: 'Team offsite.mp4',
      totalBytes: 300_000,
      mediaType: 'video',
    });
    const done = await until(u.id, (x) => x.status === 'done');
    expect(done.videoId).toMatch(/^m-/);
    expect(done.resumable).toBe(true);
    expect(done.restarts).toBe(0);
    expect(done.bytesDone).toBe(300_000);

    const [target] = server.control.uploadTargets();
    expect(target?.complete).toBe(true);
    expect(target?.bytes.equals(bytes)).toBe(true);
    // One status query, then 64 KiB pieces: 5 PUTs for 300 000 bytes.
    expect(targetRequests().map((r) => r.range)).toEqual([
      'bytes */300000',
      'bytes 0-65535/300000',
      'bytes 65536-131071/300000',
      'bytes 131072-196607/300000',
      'bytes 196608-262143/300000',
      'bytes 262144-299999/300000',
    ]);
    expect(registers()).toHaveLength(1);
    expect(registers()[0]?.body).toEqual({
      url: expect.stringContaining('/upload-target/'),
      name: 'Team offsite',
      media_type: 'video',
    });
    const videos = await waitFor(
      async () => {
        const v = await videosOf();
        return v.length === before + 1 ? v : null;
      },
      5000,
      'the new video in the library',
    );
    expect(videos.some((v) => v.id === done.videoId && v.name === 'Team offsite')).toBe(true);
    // Progress was announced on the way.
    const statuses = tc!.events
      .filter((e) => e.name === 'uploads:changed' && e.payload.id === u.id)
      .map((e) => (e.payload as Upload).status);
    expect(statuses).toEqual(
      expect.arrayContaining([
        'checking',
        'waiting',
        'uploading',
        'registering',
        'processing',
        'done',
      ]),
    );
  });

  it('continues after a cut connection from what the address kept', async () => {
    await start();
    const { path, bytes } = makeFile('cut.mp4', 300_000, 2);
    server.control.set({ uploadCutAfterBytes: 40_000 });
    const u = await addFile(path);
    // Each piece is cut after 40 000 bytes, so the upload moves on 40 000 bytes at a time.
    await waitFor(
      () => (targetRequests().filter((r) => r.status === 0).length >= 2 ? true : null),
      10_000,
      'two cuts',
    );
    server.control.set({ uploadCutAfterBytes: null });
    const done = await until(u.id, (x) => x.status === 'done');
    expect(done.restarts).toBe(0);
    const [target] = server.control.uploadTargets();
    expect(target?.bytes.equals(bytes)).toBe(true);
    // After a cut it asked the address how much it holds, and went on from there (no byte sent twice from 0).
    const ranges = targetRequests().map((r) => r.range);
    expect(ranges.filter((r) => r === 'bytes */300000').length).toBeGreaterThanOrEqual(3);
    expect(ranges.filter((r) => r?.startsWith('bytes 0-')).length).toBe(1);
    expect(registers()).toHaveLength(1);
  });

  it('starts again cleanly from a new address when the address cannot resume', async () => {
    server.control.set({ uploadTarget: 'plain' });
    await start();
    const { path, bytes } = makeFile('plain.mp4', 200_000, 3);
    server.control.set({ uploadCutAfterBytes: 50_000 });
    const u = await addFile(path);
    await waitFor(
      () => (targetRequests().some((r) => r.method === 'POST' && r.status === 0) ? true : null),
      10_000,
      'a cut POST',
    );
    server.control.set({ uploadCutAfterBytes: null });
    const done = await until(u.id, (x) => x.status === 'done');
    expect(done.resumable).toBe(false);
    expect(done.restarts).toBeGreaterThanOrEqual(1);
    const targets = server.control.uploadTargets();
    // A new address per restart; the registered one holds the whole file.
    expect(targets.length).toBe(done.restarts + 1);
    expect(targets.filter((t) => t.complete)).toHaveLength(1);
    expect(targets.find((t) => t.complete)?.bytes.equals(bytes)).toBe(true);
    expect(registers()).toHaveLength(1);
  });

  it('never sends the same file twice to a collection', async () => {
    await start();
    const { path } = makeFile('same.mp4', 100_000, 4);
    const copy = join(filesDir, 'same (copy).mp4');
    writeFileSync(copy, makeFile('tmp.mp4', 100_000, 4).bytes);
    const first = await addFile(path);
    await until(first.id, (x) => x.status === 'done');
    const again = await addFile(copy);
    const dup = await until(again.id, (x) => x.status === 'duplicate');
    expect(dup.duplicateOf).toBe(first.id);
    expect(dup.error?.message).toMatch(/Already added to this collection as “same”/);
    expect(server.control.uploadTargets()).toHaveLength(1);
    expect(registers()).toHaveLength(1);
  });

  it('sends pieces of about a hundredth of the file, in 256 KiB steps, 1 to 16 MiB', () => {
    const MiB = 1024 * 1024;
    expect(pieceSize(3_000_000)).toBe(MiB);
    expect(pieceSize(1_000_000_000)).toBe(39 * 256 * 1024);
    expect(pieceSize(100_000_000_000)).toBe(16 * MiB);
  });

  it('refuses what is not a media file, with the reason, and sends nothing', async () => {
    await start();
    const notes = join(filesDir, 'notes.txt');
    writeFileSync(notes, 'hello');
    const empty = join(filesDir, 'empty.mp4');
    writeFileSync(empty, '');
    const list = await tc!.core.handlers['uploads:add-files']({
      collectionId: COLLECTION,
      paths: [notes, empty, join(filesDir, 'gone.mp4'), 'relative.mp4'],
    });
    expect(list.map((u) => u.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(list.map((u) => u.error?.message)).toEqual([
      '“notes.txt” is not a video, audio or image file, so it was not added.',
      '“empty.mp4” is empty, so it was not added.',
      '“gone.mp4” could not be read. Check that it still exists and you can open it.',
      '“relative.mp4” could not be found. Choose the file again.',
    ]);
    expect(targetRequests()).toHaveLength(0);
  });

  it('continues after a restart from what the address kept', async () => {
    const dataDir = tempDataDir('upload-restart-');
    await start(dataDir);
    const { path, bytes } = makeFile('restart.mp4', 400_000, 5);
    // Slow enough to stop it half way: every piece is cut, 30 000 bytes at a time.
    server.control.set({ uploadCutAfterBytes: 30_000 });
    const u = await addFile(path);
    await waitFor(
      () => ((server.control.uploadTargets()[0]?.received ?? 0) >= 60_000 ? true : null),
      10_000,
      'some bytes',
    );
    await tc!.close();
    tc = null;
    const kept = server.control.uploadTargets()[0]!.received;
    expect(kept).toBeLessThan(400_000);
    server.control.set({ uploadCutAfterBytes: null });
    await start(dataDir);
    const done = await until(u.id, (x) => x.status === 'done');
    expect(done.restarts).toBe(0);
    expect(server.control.uploadTargets()).toHaveLength(1);
    expect(server.control.uploadTargets()[0]?.bytes.equals(bytes)).toBe(true);
    // The second run asked first, then sent only what was missing.
    const ranges = targetRequests().map((r) => r.range ?? '');
    expect(ranges.filter((r) => r.startsWith('bytes 0-'))).toHaveLength(1);
    expect(registers()).toHaveLength(1);
  });

  it('waits while offline and goes when the network is back', async () => {
    await start();
    server.control.set({ offline: true });
    await server.control.settled();
    await tc!.core.handlers['connectivity:check']({});
    const { path } = makeFile('offline.mp4', 50_000, 6);
    const u = await addFile(path);
    const waiting = await until(u.id, (x) => x.status === 'waiting');
    expect(waiting.bytesDone).toBe(0);
    server.control.set({ offline: false });
    await server.control.settled();
    await tc!.core.handlers['connectivity:check']({});
    await until(u.id, (x) => x.status === 'done');
    expect(registers()).toHaveLength(1);
  });

  it('an /upload that got no answer is uncertain, not sent again; "Add again" adopts the existing video', async () => {
    await start();
    server.control.set({
      faults: [
        {
          kind: 'reset',
          afterHandler: true,
          method: 'POST',
          path: `/collection/${COLLECTION}/upload`,
          times: 1,
        },
      ],
    });
    const u = await tc!.core.handlers['uploads:add-link']({
      collectionId: COLLECTION,
      link: 'https://media.example/recordings/all-hands.mp4',
    });
    expect(u.name).toBe('all-hands');
    const uncertain = await until(u.id, (x) => x.status === 'uncertain');
    expect(uncertain.error?.message).toMatch(/may already be in the collection/);
    expect(registers()).toHaveLength(1);
    // Nothing more is sent on its own (restart included).
    await new Promise((r) => setTimeout(r, 300));
    expect(registers()).toHaveLength(1);

    await tc!.core.handlers['uploads:register-again']({ id: u.id });
    const done = await until(u.id, (x) => x.status === 'done');
    // The server had made it: it answered with the existing id, which the upload adopted.
    expect(registers()).toHaveLength(2);
    expect(done.videoId).toBe(server.control.jobs().find((j) => j.kind === 'upload')?.videoId);
  });

  it('a link added twice to one collection is a duplicate; a bad link is refused', async () => {
    await start();
    const a = await tc!.core.handlers['uploads:add-link']({
      collectionId: COLLECTION,
      link: 'https://media.example/x.mp4',
      name: 'Launch',
    });
    const b = await tc!.core.handlers['uploads:add-link']({
      collectionId: COLLECTION,
      link: 'https://media.example/x.mp4',
    });
    expect(a.name).toBe('Launch');
    expect(b.status).toBe('duplicate');
    await expect(
      tc!.core.handlers['uploads:add-link']({
        collectionId: COLLECTION,
        link: 'ftp://media.example/x.mp4',
      }),
    ).rejects.toThrow(/Only web links/);
    await expect(
      tc!.core.handlers['uploads:add-link']({ collectionId: COLLECTION, link: 'not a link' }),
    ).rejects.toThrow(/not a link/);
  });
});
