/**
 * "Add videos…": files from this computer (or public links) become videos of a collection
 * (videodb-api.md §8). Each upload is a persistent job in `uploads.json`:
 *
 * 1. `checking`: the file is read once for its SHA-256; the same file (size + hash) already added
 *    to the collection is not sent again (`duplicate`).
 * 2. `waiting` for the network (uploads wait offline like clip requests) and a free slot.
 * 3. `uploading` to the presigned address from `GET /collection/{id}/upload_url` (no key goes
 *    there). The address is asked once whether it keeps a session (`PUT` with
 *    `Content-Range: bytes *\/size`, a resumable upload's status query): if it answers 308 the file
 *    goes in pieces and a cut connection or a restart continues from what the address says it
 *    holds; otherwise the file goes as one multipart POST, as VideoDB's SDKs send it, and a cut
 *    upload starts again cleanly from a new address (`restarts` counts it).
 * 4. `registering`: `POST /collection/{id}/upload` `{url, name, media_type}`. This creates a video
 *    and has no idempotency key, so the "sent" mark is saved before the request, and an answer
 *    that never came makes the upload `uncertain` (the person can check the collection and ask
 *    again; VideoDB names the existing video when it was added after all). Never resent blindly.
 * 5. `processing` while VideoDB imports it (a job, polled), then `done` with the new video's id.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, join } from 'node:path';
import type { AppErrorInfo, Upload, UploadStatus } from '../../shared/domain';
import {
  JsonRecordFile,
  runningTransfer,
  sleepUnless,
  stopTransfer,
  type EventBus,
  type RunningTransfer,
} from '../engine';
import { CoreError, toAppError } from '../errors';
import type { Clock, Logger } from '../types';
import { existingIdIn, VideoDbError, type VideoDbClient } from '../videodb';

/** What the engine needs from the rest of the core. */
export interface UploadEngineDeps {
  /** Folder of `uploads.json`. */
  dataDir: string;
  client: () => VideoDbClient;
  isOnline: () => boolean;
  /** A video was added to this collection: the library lists it. */
  onAdded?: (collectionId: string) => void;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** Uploads sent at the same time; default 2. */
  maxParallel?: number;
  /**
   * Bytes per piece to an address that keeps a session; default about 1/100 of the file (1 to
   * 16 MiB), so the progress bar, which counts what the network took, moves in small steps.
   */
  pieceBytes?: number;
  /** Between polls of the import job; default 1 s. */
  pollIntervalMs?: number;
  /** First wait after a dropped connection (doubles each time); default 500 ms. */
  retryDelayMs?: number;
  /** Dropped connections in a row, with no byte gained, before the upload pauses; default 5. */
  maxRetries?: number;
}

type MediaType = Upload['mediaType'];

/** An upload as kept on disk. */
interface UploadRecord {
  id: string;
  collectionId: string;
  source: 'file' | 'link';
  name: string;
  /** The file (source `file`). */
  path: string | null;
  link: string | null;
  mediaType: MediaType;
  size: number | null;
  mtimeMs: number | null;
  sha256: string | null;
  status: UploadStatus;
  /** The presigned address the file goes to (and the URL registered). */
  uploadUrl: string | null;
  resumable: boolean | null;
  bytesDone: number;
  /** The whole file is at the address. */
  transferred: boolean;
  restarts: number;
  /** `POST /upload` went out (saved before sending): without an answer the upload is uncertain. */
  registerSent: boolean;
  /** The import job to poll. */
  jobUrl: string | null;
  videoId: string | null;
  duplicateOf: string | null;
  error: AppErrorInfo | null;
  createdAt: number;
  updatedAt: number;
}

/** Why an upload was stopped: paused, taken off the list, or the core is closing (continue next start). */
type Running = RunningTransfer<'pause' | 'dismiss' | 'close'>;

const FILE = 'uploads.json';
const PROGRESS_EVERY_MS = 200;
const MAX_FILE_BYTES = 50 * 1024 ** 3;

/** File extensions taken, by media type (VideoDB's own upload dialog takes these kinds). */
const MEDIA_EXTENSIONS: Record<MediaType, readonly string[]> = {
  video: [
    'mp4',
    'mov',
    'm4v',
    'mkv',
    'webm',
    'avi',
    'wmv',
    'flv',
    'mpg',
    'mpeg',
    'ts',
    'mts',
    '3gp',
  ],
  audio: ['mp3', 'wav', 'm4a', 'aac', 'flac', 'ogg', 'oga', 'opus', 'wma'],
  image: ['jpg', 'jpeg', 'png', 'gif', 'webp', 'bmp', 'tif', 'tiff', 'heic'],
};

/** The media type a file name says, or null when it is not a video, audio or image file. */
export function mediaTypeOf(fileName: string): MediaType | null {
  const ext = extname(fileName).slice(1).toLowerCase();
  for (const [type, exts] of Object.entries(MEDIA_EXTENSIONS) as Array<[MediaType, string[]]>) {
    if (exts.includes(ext)) return type;
  }
  return null;
}

const ACTIVE: ReadonlySet<UploadStatus> = new Set([
  'checking',
  'waiting',
  'uploading',
  'registering',
  'processing',
]);

/** "Add videos…": one engine per core. */
export class UploadEngine {
  private readonly records = new Map<string, UploadRecord>();
  private readonly running = new Map<string, Running>();
  private readonly hashing = new Set<string>();
  private readonly file: JsonRecordFile<UploadRecord>;
  private closed = false;

  constructor(private readonly deps: UploadEngineDeps) {
    this.file = new JsonRecordFile(join(deps.dataDir, FILE), 'uploads', deps.logger);
    const valid = (r: UploadRecord) =>
      typeof r.id === 'string' &&
      typeof r.collectionId === 'string' &&
      typeof r.status === 'string';
    for (const r of this.file.load(valid)) this.records.set(r.id, r);
  }

  /**
   * Add files to a collection. Each becomes an upload; a path that is not a readable media file
   * becomes a failed upload that says why (nothing is sent for it).
   */
  async addFiles(collectionId: string, paths: readonly string[]): Promise<Upload[]> {
    this.open();
    const added: UploadRecord[] = [];
    for (const path of paths) {
      const now = this.deps.clock.now();
      const fileName = basename(path);
      const rec: UploadRecord = {
        ...this.blank(collectionId, now),
        source: 'file',
        name: fileName.replace(/\.[^.]+$/, '') || fileName,
        path,
        mediaType: mediaTypeOf(fileName) ?? 'video',
      };
      const problem = await this.fileProblem(path);
      if (problem === null) {
        const st = await stat(path);
        rec.size = st.size;
        rec.mtimeMs = st.mtimeMs;
      } else {
        rec.status = 'failed';
        rec.error = { code: 'validation', message: problem };
      }
      this.records.set(rec.id, rec);
      added.push(rec);
    }
    this.save(true);
    for (const rec of added) {
      this.emit(rec);
      if (rec.status === 'checking') void this.check(rec);
    }
    return added.map((r) => this.view(r));
  }

  /** Add a video from a public link (VideoDB fetches it; nothing is sent from here). */
  addLink(collectionId: string, link: string, name?: string): Upload {
    this.open();
    let url: URL;
    try {
      url = new URL(link.trim());
    } catch {
      throw new CoreError(
        'validation',
        'That is not a link. Paste an address starting with https://.',
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new CoreError('validation', 'Only web links (https://…) can be added.');
    const href = url.toString();
    const now = this.deps.clock.now();
    const last = decodeURIComponent(url.pathname.split('/').pop() ?? '');
    const rec: UploadRecord = {
      ...this.blank(collectionId, now),
      source: 'link',
      name: name?.trim() || last.replace(/\.[^.]+$/, '') || url.hostname,
      link: href,
      mediaType: mediaTypeOf(last) ?? 'video',
      transferred: true,
      status: 'waiting',
    };
    const same = this.sameAs(rec);
    if (same) this.markDuplicate(rec, same);
    this.records.set(rec.id, rec);
    this.save(true);
    this.emit(rec);
    this.pump();
    return this.view(rec);
  }

  /** Every upload, newest first. */
  list(): Upload[] {
    return [...this.records.values()]
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((r) => this.view(r));
  }

  /** One upload; throws 'not-found'. */
  get(id: string): Upload {
    return this.view(this.need(id));
  }

  /** How many uploads are under way (for the status bar). */
  activeCount(): number {
    let n = 0;
    for (const r of this.records.values()) if (ACTIVE.has(r.status)) n++;
    return n;
  }

  /** Stop sending; what the address kept stays for a resume. */
  async pause(id: string): Promise<Upload> {
    const rec = this.need(id);
    if (rec.status === 'registering' || rec.status === 'processing') return this.view(rec);
    const run = this.running.get(id);
    if (run) await stopTransfer(run, 'pause');
    if (rec.status === 'checking' || rec.status === 'waiting' || rec.status === 'uploading') {
      this.set(rec, { status: 'paused', error: null });
    }
    return this.view(rec);
  }

  /** Continue a paused or failed upload. */
  resume(id: string): Upload {
    const rec = this.need(id);
    if (rec.status !== 'paused' && rec.status !== 'failed') return this.view(rec);
    if (rec.source === 'file' && rec.size === null) {
      // It never passed the file check: nothing to continue.
      return this.view(rec);
    }
    const unchecked = rec.sha256 === null && rec.source === 'file';
    this.set(rec, { status: unchecked ? 'checking' : 'waiting', error: null });
    if (unchecked) void this.check(rec);
    else this.pump();
    return this.view(rec);
  }

  /** An uncertain upload: the person checked the collection; ask VideoDB to add it again. */
  registerAgain(id: string): Upload {
    const rec = this.need(id);
    if (rec.status !== 'uncertain') return this.view(rec);
    this.set(rec, { status: 'waiting', registerSent: false, error: null });
    this.pump();
    return this.view(rec);
  }

  /** Take an upload off the list, stopping it first. */
  async dismiss(id: string): Promise<void> {
    const rec = this.need(id);
    const run = this.running.get(id);
    if (run) await stopTransfer(run, 'dismiss');
    this.records.delete(rec.id);
    this.save(true);
    this.pump();
  }

  /** Continue what was under way when the app last stopped. */
  startAll(): void {
    for (const rec of this.records.values()) {
      if (rec.status === 'checking') void this.check(rec);
      else if (rec.status === 'uploading') this.set(rec, { status: 'waiting' });
      else if (rec.status === 'registering') {
        if (rec.registerSent) this.markUncertain(rec);
        else this.set(rec, { status: 'waiting' });
      }
    }
    this.pump();
  }

  /** The network came back (or went): start what waits. */
  onConnectivityChanged(): void {
    this.pump();
  }

  /** Stop every transfer and keep where each one is, so the next start continues it. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.running.values()].map((run) => stopTransfer(run, 'close')));
    this.save(true);
  }

  // ───────────────────────────────────────────────────────────────────────

  private open(): void {
    if (this.closed) throw new CoreError('internal', 'The app is closing.');
  }

  private blank(collectionId: string, now: number): UploadRecord {
    return {
      id: randomUUID(),
      collectionId,
      source: 'file',
      name: '',
      path: null,
      link: null,
      mediaType: 'video',
      size: null,
      mtimeMs: null,
      sha256: null,
      status: 'checking',
      uploadUrl: null,
      resumable: null,
      bytesDone: 0,
      transferred: false,
      restarts: 0,
      registerSent: false,
      jobUrl: null,
      videoId: null,
      duplicateOf: null,
      error: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Why a path cannot be uploaded, in plain words; null when it can. */
  private async fileProblem(path: string): Promise<string | null> {
    const name = basename(path);
    if (!isAbsolute(path)) return `“${name}” could not be found. Choose the file again.`;
    if (mediaTypeOf(name) === null)
      return `“${name}” is not a video, audio or image file, so it was not added.`;
    try {
      const st = await stat(path);
      if (!st.isFile()) return `“${name}” is not a file, so it was not added.`;
      if (st.size === 0) return `“${name}” is empty, so it was not added.`;
      if (st.size > MAX_FILE_BYTES) return `“${name}” is larger than 50 GB, so it was not added.`;
      return null;
    } catch {
      return `“${name}” could not be read. Check that it still exists and you can open it.`;
    }
  }

  /** Read the file once for its fingerprint, then find out whether it was added before. */
  private async check(rec: UploadRecord): Promise<void> {
    if (this.hashing.has(rec.id) || rec.path === null) return;
    this.hashing.add(rec.id);
    try {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(rec.path)) hash.update(chunk as Buffer);
      if (!this.records.has(rec.id) || rec.status !== 'checking') return;
      rec.sha256 = hash.digest('hex');
      const same = this.sameAs(rec);
      if (same) {
        this.markDuplicate(rec, same);
        this.save(true);
        this.emit(rec);
        return;
      }
      this.set(rec, { status: 'waiting' });
      this.pump();
    } catch (err) {
      if (!this.records.has(rec.id)) return;
      this.deps.logger.warn('could not read a file to upload', { error: String(err) });
      this.set(rec, {
        status: 'failed',
        error: {
          code: 'validation',
          message: `“${basename(rec.path)}” could not be read. Check that it still exists and you can open it.`,
        },
      });
    } finally {
      this.hashing.delete(rec.id);
    }
  }

  /** An earlier upload of the same file (size + hash) or link to the same collection. */
  private sameAs(rec: UploadRecord): UploadRecord | undefined {
    return [...this.records.values()].find(
      (o) =>
        o.id !== rec.id &&
        o.collectionId === rec.collectionId &&
        o.status !== 'failed' &&
        o.status !== 'duplicate' &&
        (rec.source === 'file'
          ? o.source === 'file' &&
            o.size === rec.size &&
            o.sha256 !== null &&
            o.sha256 === rec.sha256
          : o.source === 'link' && o.link === rec.link),
    );
  }

  private markDuplicate(rec: UploadRecord, same: UploadRecord): void {
    Object.assign(rec, {
      status: 'duplicate',
      duplicateOf: same.id,
      error: {
        code: 'validation',
        message:
          rec.source === 'file'
            ? `Already added to this collection as “${same.name}” (the same file), so it was not sent again.`
            : `This link is already added to this collection as “${same.name}”.`,
      },
      updatedAt: this.deps.clock.now(),
    } satisfies Partial<UploadRecord>);
  }

  private markUncertain(rec: UploadRecord): void {
    this.set(rec, {
      status: 'uncertain',
      error: {
        code: 'offline',
        message:
          'The request to add this video was sent, but no answer came back, so it may already be in the collection. Look there first; if it is missing, choose “Add again”.',
      },
    });
  }

  private need(id: string): UploadRecord {
    const rec = this.records.get(id);
    if (!rec) throw new CoreError('not-found', 'This upload is no longer listed.');
    return rec;
  }

  private view(rec: UploadRecord): Upload {
    const run = this.running.get(rec.id);
    return {
      id: rec.id,
      collectionId: rec.collectionId,
      source: rec.source,
      name: rec.name,
      fileName: rec.path === null ? null : basename(rec.path),
      link: rec.link,
      mediaType: rec.mediaType,
      status: rec.status,
      bytesDone: rec.bytesDone,
      totalBytes: rec.size,
      bytesPerSecond: run && rec.status === 'uploading' ? run.speed.bytesPerSecond() : 0,
      resumable: rec.resumable,
      restarts: rec.restarts,
      videoId: rec.videoId,
      duplicateOf: rec.duplicateOf,
      error: rec.error,
      createdAt: rec.createdAt,
      updatedAt: rec.updatedAt,
    };
  }

  private emit(rec: UploadRecord): void {
    if (!this.closed && this.records.has(rec.id))
      this.deps.bus.emit('uploads:changed', this.view(rec));
  }

  private set(rec: UploadRecord, patch: Partial<UploadRecord>): void {
    Object.assign(rec, patch, { updatedAt: this.deps.clock.now() });
    this.save(true);
    this.emit(rec);
  }

  private save(force: boolean): void {
    this.file.save(this.records.values(), force);
  }

  /** Start waiting uploads, oldest first, while slots are free and the network is there. */
  private pump(): void {
    if (this.closed || !this.deps.isOnline()) return;
    const max = this.deps.maxParallel ?? 2;
    const waiting = [...this.records.values()]
      .filter((r) => r.status === 'waiting' && !this.running.has(r.id))
      .sort((a, b) => a.createdAt - b.createdAt);
    for (const rec of waiting) {
      if (this.running.size >= max) return;
      this.run(rec);
    }
  }

  private run(rec: UploadRecord): void {
    if (this.running.has(rec.id) || this.closed) return;
    const run: Running = runningTransfer();
    this.running.set(rec.id, run);
    run.done = this.work(rec, run)
      .catch((err: unknown) => {
        if (run.reason !== null) return;
        if (err instanceof WaitForNetwork) {
          this.set(rec, { status: 'waiting', error: null });
          return;
        }
        if (err instanceof PausedError) {
          this.set(rec, { status: 'paused', error: err.toInfo() });
          return;
        }
        this.deps.logger.warn('upload failed', { error: String(err) });
        this.set(rec, { status: 'failed', error: toAppError(err) });
      })
      .finally(() => {
        this.running.delete(rec.id);
        if (run.reason === 'close') this.save(true);
        else this.pump();
      });
  }

  private async work(rec: UploadRecord, run: Running): Promise<void> {
    const signal = run.controller.signal;
    if (rec.jobUrl !== null && rec.videoId === null) return this.follow(rec, signal);
    if (!rec.transferred) await this.transfer(rec, run);
    await this.register(rec, signal);
  }

  // ── sending the file ──────────────────────────────────────────────────

  private async transfer(rec: UploadRecord, run: Running): Promise<void> {
    const signal = run.controller.signal;
    const path = rec.path!;
    const size = rec.size!;
    const st = await stat(path).catch(() => null);
    if (st === null || st.size !== size || st.mtimeMs !== rec.mtimeMs) {
      throw new CoreError(
        'validation',
        `“${basename(path)}” changed or moved since it was added, so it was not sent. Add it again.`,
      );
    }
    this.set(rec, { status: 'uploading', error: null });
    let failures = 0;
    // Continuing (after a pause or a restart): what the address holds is the truth, not our count.
    let askFirst = rec.uploadUrl !== null;
    for (;;) {
      signal.throwIfAborted();
      if (rec.uploadUrl === null) {
        const url = await this.network(() =>
          this.deps.client().uploadUrl(rec.collectionId, rec.name, signal),
        );
        this.set(rec, { uploadUrl: url, resumable: null, bytesDone: 0 });
      }
      const url = rec.uploadUrl!;
      try {
        if (rec.resumable === null || askFirst) {
          askFirst = false;
          const held = await this.held(url, size, signal);
          if (held === 'gone') {
            this.startAgain(rec);
            continue;
          }
          rec.resumable = held !== 'no-session';
          if (typeof held === 'number') rec.bytesDone = held;
          this.save(true);
        }
        const before = rec.bytesDone;
        const finished = rec.resumable
          ? await this.sendPieces(rec, run, url, size)
          : await this.sendWhole(rec, run, url, size);
        if (finished) break;
        if (rec.bytesDone > before) failures = 0;
      } catch (err) {
        signal.throwIfAborted();
        if (err instanceof AddressGone) {
          this.startAgain(rec);
          continue;
        }
        if (err instanceof OutOfStep && failures < (this.deps.maxRetries ?? 5)) {
          // The address holds a different count than ours: ask it, then go on from there.
          failures += 1;
          askFirst = true;
          continue;
        }
        if (err instanceof VideoDbError || err instanceof CoreError) throw err;
        // The connection dropped: continue where the address says it stands (or start again).
        failures = await this.dropped(rec, failures, signal, err);
        if (rec.resumable) {
          const held = await this.held(url, size, signal).catch(() => null);
          if (held === 'gone' || held === 'no-session') this.startAgain(rec);
          else if (typeof held === 'number') rec.bytesDone = held;
        } else {
          this.startAgain(rec);
        }
      }
    }
    this.set(rec, { transferred: true, bytesDone: size });
  }

  /** A fresh address and the file from its first byte. */
  private startAgain(rec: UploadRecord): void {
    this.set(rec, {
      uploadUrl: null,
      resumable: null,
      bytesDone: 0,
      restarts: rec.restarts + (rec.bytesDone > 0 || rec.uploadUrl !== null ? 1 : 0),
    });
  }

  /**
   * Ask the address how much of the file it holds (a resumable upload's status query): a byte
   * count, 'no-session' when it keeps none (then the file goes as one POST), 'gone' when the
   * address no longer takes uploads (expired).
   */
  private async held(
    url: string,
    size: number,
    signal: AbortSignal,
  ): Promise<number | 'no-session' | 'gone'> {
    const res = await fetch(url, {
      method: 'PUT',
      headers: { 'content-range': `bytes */${size}` },
      signal,
      redirect: 'manual',
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status === 308) return rangeEnd(res.headers.get('range'));
    if (res.status === 200 || res.status === 201) return size;
    if (res.status === 404 || res.status === 410) return 'gone';
    return 'no-session';
  }

  /** Send the rest of the file in pieces; true when the address has all of it. */
  private async sendPieces(
    rec: UploadRecord,
    run: Running,
    url: string,
    size: number,
  ): Promise<boolean> {
    const piece = this.deps.pieceBytes ?? pieceSize(size);
    while (rec.bytesDone < size) {
      const start = rec.bytesDone;
      const end = Math.min(size, start + piece) - 1;
      const res = await fetch(url, {
        method: 'PUT',
        headers: {
          'content-range': `bytes ${start}-${end}/${size}`,
          'content-length': String(end - start + 1),
        },
        body: this.fileBody(rec, run, start, end),
        duplex: 'half',
        signal: run.controller.signal,
        redirect: 'manual',
      } as RequestInit);
      await res.body?.cancel().catch(() => undefined);
      if (res.status === 200 || res.status === 201) {
        rec.bytesDone = size;
        return true;
      }
      if (res.status === 308) {
        const held = rangeEnd(res.headers.get('range'));
        rec.bytesDone = held;
        this.save(false);
        continue;
      }
      if (res.status === 404 || res.status === 410 || res.status === 403) throw new AddressGone();
      if (res.status === 400 || res.status === 409 || res.status === 416) throw new OutOfStep();
      if (res.status >= 500 || res.status === 408 || res.status === 429)
        throw new Error(`the upload address answered ${res.status}`);
      throw new VideoDbError(
        'server',
        `The upload stopped: the address answered ${res.status}. Try again later.`,
      );
    }
    return true;
  }

  /** Send the file as one multipart POST (as VideoDB's SDKs do); true when it was taken. */
  private async sendWhole(
    rec: UploadRecord,
    run: Running,
    url: string,
    size: number,
  ): Promise<boolean> {
    const boundary = `----videodb-clips-${randomBytes(12).toString('hex')}`;
    const fileName = basename(rec.path!).replace(/["\r\n]/g, '_');
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        `Content-Type: application/octet-stream\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    rec.bytesDone = 0;
    const file = this.fileBody(rec, run, 0, size - 1);
    const body = streamOf(
      (async function* () {
        yield new Uint8Array(head);
        for await (const chunk of file) yield chunk;
        yield new Uint8Array(tail);
      })(),
    );
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(head.length + size + tail.length),
      },
      body,
      duplex: 'half',
      signal: run.controller.signal,
      redirect: 'manual',
    } as RequestInit);
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return true;
    if (res.status === 404 || res.status === 410 || res.status === 403) throw new AddressGone();
    if (res.status >= 500 || res.status === 408 || res.status === 429)
      throw new Error(`the upload address answered ${res.status}`);
    throw new VideoDbError(
      'server',
      `The upload stopped: the address answered ${res.status}. Try again later.`,
    );
  }

  /** Bytes `start..end` of the file, counted as the network takes them. */
  private fileBody(
    rec: UploadRecord,
    run: Running,
    start: number,
    end: number,
  ): ReadableStream<Uint8Array> {
    const stream = createReadStream(rec.path!, { start, end, highWaterMark: 256 * 1024 });
    let lastEmit = 0;
    let trailing: ReturnType<typeof setTimeout> | null = null;
    const announce = (): void => {
      trailing = null;
      lastEmit = Date.now();
      rec.updatedAt = this.deps.clock.now();
      this.save(false);
      this.emit(rec);
    };
    const taken = (position: number): void => {
      rec.bytesDone = position;
      const now = Date.now();
      run.speed.add(position, now);
      // At most every PROGRESS_EVERY_MS, and the last count is always said (a burst of reads
      // followed by a slow network must not leave the bar behind).
      if (now - lastEmit >= PROGRESS_EVERY_MS) announce();
      else
        trailing ??= setTimeout(() => {
          if (run.reason === null && rec.status === 'uploading') announce();
          else trailing = null;
        }, PROGRESS_EVERY_MS);
    };
    return streamOf(
      (async function* () {
        let position = start;
        for await (const chunk of stream) {
          const bytes = chunk as Buffer;
          yield new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
          position += bytes.length;
          taken(position);
        }
      })(),
    );
  }

  /** A dropped connection: offline → wait for the network; else wait longer each time, then pause. */
  private async dropped(
    rec: UploadRecord,
    failures: number,
    signal: AbortSignal,
    err: unknown,
  ): Promise<number> {
    const n = failures + 1;
    this.deps.logger.info('upload connection dropped', {
      attempt: n,
      bytes: rec.bytesDone,
      error: String(err),
    });
    if (!this.deps.isOnline()) throw new WaitForNetwork();
    if (n > (this.deps.maxRetries ?? 5)) throw new PausedError();
    this.emit(rec);
    await this.sleep((this.deps.retryDelayMs ?? 500) * 2 ** (n - 1), signal);
    return n;
  }

  /** An API call; a network failure while offline makes the upload wait for the network. */
  private async network<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof VideoDbError && err.code === 'offline' && !err.ambiguous)
        throw new WaitForNetwork();
      throw err;
    }
  }

  // ── adding it to the collection ───────────────────────────────────────

  private async register(rec: UploadRecord, signal: AbortSignal): Promise<void> {
    if (rec.registerSent) {
      // Sent before, no answer known: never again without the person's say-so.
      this.markUncertain(rec);
      return;
    }
    const url = rec.source === 'link' ? rec.link! : rec.uploadUrl!;
    // The mark is on disk before the request goes out (as the outbox's "sending" mark is).
    this.set(rec, { status: 'registering', registerSent: true, error: null });
    let answer: Awaited<ReturnType<VideoDbClient['registerUpload']>>;
    try {
      answer = await this.deps
        .client()
        .registerUpload(
          rec.collectionId,
          { url, name: rec.name, mediaType: rec.mediaType },
          signal,
        );
    } catch (err) {
      signal.throwIfAborted();
      const existing = err instanceof VideoDbError ? existingIdIn(err.message) : null;
      if (existing !== null) return this.finish(rec, existing);
      if (err instanceof VideoDbError && err.ambiguous) {
        this.markUncertain(rec);
        return;
      }
      // Refused, or never sent (no connection): nothing was made, so it may be sent again.
      rec.registerSent = false;
      if (err instanceof VideoDbError && err.code === 'offline') throw new WaitForNetwork();
      throw err;
    }
    if ('media' in answer) return this.finish(rec, answer.media.id);
    this.set(rec, { status: 'processing', jobUrl: answer.job.outputUrl });
    await this.follow(rec, signal);
  }

  /** Poll the import job until VideoDB says how it ended. */
  private async follow(rec: UploadRecord, signal: AbortSignal): Promise<void> {
    if (rec.status !== 'processing') this.set(rec, { status: 'processing' });
    const client = this.deps.client();
    for (;;) {
      await this.sleep(this.deps.pollIntervalMs ?? 1000, signal);
      let poll: Awaited<ReturnType<VideoDbClient['poll']>>;
      try {
        poll = await client.poll(rec.jobUrl!, signal);
      } catch (err) {
        signal.throwIfAborted();
        if (err instanceof VideoDbError && (err.code === 'offline' || err.code === 'server'))
          continue;
        throw err;
      }
      if (poll.state === 'done') {
        const media = client.parseUploadResult(poll.data, rec.collectionId);
        return this.finish(rec, media.id);
      }
      if (poll.state === 'failed') throw poll.error;
    }
  }

  private finish(rec: UploadRecord, videoId: string): void {
    this.set(rec, { status: 'done', videoId, error: null, jobUrl: null });
    try {
      this.deps.onAdded?.(rec.collectionId);
    } catch (err) {
      this.deps.logger.warn('could not refresh the library after an upload', {
        error: String(err),
      });
    }
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return sleepUnless(this.deps.clock, ms, signal);
  }
}

/** The upload address no longer takes this upload (expired): a new one is asked for. */
class AddressGone extends Error {}

/** A piece was refused: the address holds a different count of bytes than the engine thought. */
class OutOfStep extends VideoDbError {
  constructor() {
    super('server', 'The upload address did not take the next piece. Try again later.');
  }
}

/** The network is gone: the upload waits for it (not a failure). */
class WaitForNetwork extends Error {}

/** Too many dropped connections in a row: the upload waits for the person's "Resume". */
class PausedError extends VideoDbError {
  constructor() {
    super(
      'offline',
      'The connection kept dropping, so the upload is paused. Resume it when the network is steady.',
    );
  }
}

/**
 * Piece size for a resumable address: about a hundredth of the file, in multiples of 256 KiB (what
 * resumable upload services require), between 1 and 16 MiB.
 */
export function pieceSize(fileBytes: number): number {
  const unit = 256 * 1024;
  const wanted = Math.ceil(fileBytes / 100 / unit) * unit;
  return Math.min(16 * 1024 * 1024, Math.max(1024 * 1024, wanted));
}

/** A web stream over an async generator (the request body fetch reads as the network takes it). */
function streamOf(gen: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await gen.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await gen.return(undefined);
    },
  });
}

/** `bytes=0-99` → 100 bytes held; none (no header) → 0. */
function rangeEnd(value: string | null): number {
  const m = /bytes=0-(\d+)/.exec(value ?? '');
  return m ? Number(m[1]) + 1 : 0;
}
