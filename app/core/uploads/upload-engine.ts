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
 *
 * This file runs the states (which upload goes when, retries, pause, resume, restart); the record
 * and the file checks are `upload-record.ts`, the bytes on the wire `upload-transfer.ts`, and
 * steps 4 and 5 `upload-register.ts`.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Upload } from '../../shared/domain';
import {
  JsonRecordFile,
  runningTransfer,
  sleepUnless,
  stopTransfer,
  type EventBus,
} from '../engine';
import { CoreError, toAppError } from '../errors';
import type { Clock, Logger } from '../types';
import { VideoDbError, type VideoDbClient } from '../videodb';
import {
  ACTIVE,
  PausedError,
  WaitForNetwork,
  blankUpload,
  fileProblem,
  mediaTypeOf,
  toUpload,
  type Running,
  type UploadRecord,
} from './upload-record';
import { follow, register, type RegisterHooks } from './upload-register';
import {
  AddressGone,
  OutOfStep,
  askHeld,
  sendPieces,
  sendWhole,
  type TransferHooks,
} from './upload-transfer';

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

const FILE = 'uploads.json';

/** "Add videos…": one engine per core. */
export class UploadEngine {
  private readonly records = new Map<string, UploadRecord>();
  private readonly running = new Map<string, Running>();
  private readonly hashing = new Set<string>();
  private readonly file: JsonRecordFile<UploadRecord>;
  private closed = false;
  /** What the byte transfer and the registration ask of the engine. */
  private readonly hooks: TransferHooks & RegisterHooks;

  constructor(private readonly deps: UploadEngineDeps) {
    this.hooks = {
      clock: deps.clock,
      save: (force) => this.save(force),
      emit: (rec) => this.emit(rec),
      pieceBytes: deps.pieceBytes,
      client: () => this.deps.client(),
      set: (rec, patch) => this.set(rec, patch),
      markUncertain: (rec) => this.markUncertain(rec),
      finish: (rec, videoId) => this.finish(rec, videoId),
      sleep: (ms, signal) => this.sleep(ms, signal),
      pollIntervalMs: deps.pollIntervalMs,
    };
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
        ...blankUpload(collectionId, now),
        source: 'file',
        name: fileName.replace(/\.[^.]+$/, '') || fileName,
        path,
        mediaType: mediaTypeOf(fileName) ?? 'video',
      };
      const problem = await fileProblem(path);
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
      ...blankUpload(collectionId, now),
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
    return toUpload(rec, run && rec.status === 'uploading' ? run.speed.bytesPerSecond() : 0);
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
    if (rec.jobUrl !== null && rec.videoId === null) return follow(this.hooks, rec, signal);
    if (!rec.transferred) await this.transfer(rec, run);
    await register(this.hooks, rec, signal);
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
          const held = await askHeld(url, size, signal);
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
          ? await sendPieces(this.hooks, rec, run, url, size)
          : await sendWhole(this.hooks, rec, run, url, size);
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
          const held = await askHeld(url, size, signal).catch(() => null);
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
