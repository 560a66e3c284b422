/**
 * "Save as MP4…": asks VideoDB for the clip's MP4 (`POST /download`, polling when it answers with
 * a job), then receives the file into `<target>.part` with HTTP Range, so a dropped connection, a
 * pause or a restart continues where it stopped; the size is checked against what the server
 * announced before the file takes its name. A link that is refused (403/404/410: links expire
 * after about a day) is asked for again once. Downloads are kept in `downloads.json` in the data
 * folder (the link, the target and the bytes done), so they outlive the app; the `.part` file's
 * own length is the truth about the bytes done.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { AppErrorInfo, Download, DownloadStatus, Job } from '../../shared/domain';
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
import { VideoDbError, type VideoDbClient } from '../videodb';

/** What the engine needs from the rest of the core. */
export interface DownloadEngineDeps {
  /** Folder of `downloads.json`. */
  dataDir: string;
  client: () => VideoDbClient;
  /** The clip job (throws 'not-found' when it is gone). */
  getJob: (jobId: string) => Job;
  /**
   * The clip's stream link, minted again first when it is old (VideoDB's stop working after
   * about a day, and `/download` refuses a dead one); null when the clip has none.
   */
  freshStreamLink?: (jobId: string) => Promise<string | null>;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** Between polls of a download job; default 1 s. */
  pollIntervalMs?: number;
  /** First wait after a dropped connection (doubles each time); default 500 ms. */
  retryDelayMs?: number;
  /** Dropped connections in a row, with no byte gained, before the download pauses; default 5. */
  maxRetries?: number;
}

/** A download as kept on disk. */
interface DownloadRecord {
  id: string;
  jobId: string;
  targetPath: string;
  name: string;
  streamLink: string;
  downloadUrl: string | null;
  etag: string | null;
  status: DownloadStatus;
  bytesDone: number;
  totalBytes: number | null;
  error: AppErrorInfo | null;
  createdAt: number;
  updatedAt: number;
}

/** Why a download was stopped: the user paused, or the core is closing (resume on the next start). */
type Running = RunningTransfer<'pause' | 'close'>;

const FILE = 'downloads.json';
const PROGRESS_EVERY_MS = 200;

/** "Save as MP4…" of done clips: one engine per core. */
export class DownloadEngine {
  private readonly records = new Map<string, DownloadRecord>();
  private readonly running = new Map<string, Running>();
  private readonly file: JsonRecordFile<DownloadRecord>;
  private closed = false;

  constructor(private readonly deps: DownloadEngineDeps) {
    this.file = new JsonRecordFile(join(deps.dataDir, FILE), 'downloads', deps.logger);
    for (const r of this.file.load(
      (r) => typeof r.id === 'string' && typeof r.targetPath === 'string',
    ))
      this.records.set(r.id, r);
  }

  /** A file name for the clip: its prompt, made safe, with `.mp4`. */
  suggestedFileName(jobId: string): string {
    const job = this.deps.getJob(jobId);
    const base = job.request.prompt
      .replace(/[^\p{L}\p{N} _-]+/gu, ' ')
      .trim()
      .replace(/\s+/g, ' ')
      .slice(0, 60)
      .trim();
    return `${base === '' ? 'clip' : base}.mp4`;
  }

  /** Start saving a done clip to `targetPath`; returns at once (progress comes as events). */
  start(jobId: string, targetPath: string): Download {
    if (this.closed) throw new CoreError('internal', 'The app is closing.');
    if (!isAbsolute(targetPath))
      throw new CoreError('validation', 'Choose where to save the file.');
    const job = this.deps.getJob(jobId);
    if (job.status !== 'done' || job.clipStreamUrl === null) {
      throw new CoreError('validation', 'Only a finished clip can be saved as MP4.');
    }
    const same = [...this.records.values()].find(
      (r) => r.targetPath === targetPath && r.status !== 'done' && r.status !== 'failed',
    );
    if (same) {
      if (same.status === 'paused') this.resume(same.id);
      return this.view(same);
    }
    const now = this.deps.clock.now();
    const rec: DownloadRecord = {
      id: randomUUID(),
      jobId,
      targetPath,
      name: basename(targetPath).replace(/\.mp4$/i, ''),
      streamLink: job.clipStreamUrl,
      downloadUrl: null,
      etag: null,
      status: 'preparing',
      bytesDone: 0,
      totalBytes: null,
      error: null,
      createdAt: now,
      updatedAt: now,
    };
    this.records.set(rec.id, rec);
    this.save(true);
    this.emit(rec);
    this.run(rec);
    return this.view(rec);
  }

  /** Downloads of one clip (or all), newest first. */
  list(jobId?: string): Download[] {
    return [...this.records.values()]
      .filter((r) => jobId === undefined || r.jobId === jobId)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((r) => this.view(r));
  }

  /** One download; throws 'not-found'. */
  get(id: string): Download {
    return this.view(this.need(id));
  }

  /** Stop receiving; the bytes so far stay for a resume. */
  async pause(id: string): Promise<Download> {
    const rec = this.need(id);
    const run = this.running.get(id);
    if (run) await stopTransfer(run, 'pause');
    if (rec.status === 'preparing' || rec.status === 'downloading') {
      this.set(rec, { status: 'paused', error: null });
    }
    return this.view(rec);
  }

  /** Continue a paused (or failed) download from the bytes already on disk. */
  resume(id: string): Download {
    const rec = this.need(id);
    if (this.running.has(id) || rec.status === 'done') return this.view(rec);
    this.set(rec, { status: rec.downloadUrl === null ? 'preparing' : 'downloading', error: null });
    this.run(rec);
    return this.view(rec);
  }

  /** Continue every download that was under way when the app last stopped. */
  startAll(): void {
    for (const rec of this.records.values()) {
      if (rec.status === 'preparing' || rec.status === 'downloading') this.run(rec);
    }
  }

  /** Stop every transfer and keep where each one is, so the next start continues it. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.running.values()].map((run) => stopTransfer(run, 'close')));
    this.save(true);
  }

  // ───────────────────────────────────────────────────────────────────────

  private need(id: string): DownloadRecord {
    const rec = this.records.get(id);
    if (!rec) throw new CoreError('not-found', 'This download is no longer listed.');
    return rec;
  }

  private view(rec: DownloadRecord): Download {
    const run = this.running.get(rec.id);
    return {
      id: rec.id,
      jobId: rec.jobId,
      targetPath: rec.targetPath,
      fileName: basename(rec.targetPath),
      status: rec.status,
      bytesDone: rec.bytesDone,
      totalBytes: rec.totalBytes,
      bytesPerSecond: run && rec.status === 'downloading' ? run.speed.bytesPerSecond() : 0,
      error: rec.error,
      createdAt: rec.createdAt,
      updatedAt: rec.updatedAt,
    };
  }

  private emit(rec: DownloadRecord): void {
    if (!this.closed) this.deps.bus.emit('downloads:changed', this.view(rec));
  }

  private set(rec: DownloadRecord, patch: Partial<DownloadRecord>): void {
    Object.assign(rec, patch, { updatedAt: this.deps.clock.now() });
    this.save(true);
    this.emit(rec);
  }

  private save(force: boolean): void {
    this.file.save(this.records.values(), force);
  }

  private run(rec: DownloadRecord): void {
    if (this.running.has(rec.id) || this.closed) return;
    const run: Running = runningTransfer();
    this.running.set(rec.id, run);
    run.done = this.transfer(rec, run)
      .catch((err: unknown) => {
        if (run.reason !== null) return;
        if (err instanceof PausedError) {
          this.set(rec, { status: 'paused', error: err.toInfo() });
          return;
        }
        this.deps.logger.warn('download failed', { error: String(err) });
        this.set(rec, { status: 'failed', error: toAppError(err) });
      })
      .finally(() => {
        this.running.delete(rec.id);
        // A closing core keeps the status (`downloading`) so the next start continues.
        if (run.reason === 'close') this.save(true);
      });
  }

  /** A fresh MP4 link for the clip: `POST /download`, polled when it answers with a job. */
  private async mintLink(rec: DownloadRecord, signal: AbortSignal): Promise<string> {
    const client = this.deps.client();
    const fresh = await this.deps.freshStreamLink?.(rec.jobId).catch(() => null);
    if (fresh !== undefined && fresh !== null && fresh !== rec.streamLink) rec.streamLink = fresh;
    const answer = await client.requestDownload(rec.streamLink, rec.name, signal);
    if ('downloadUrl' in answer) return answer.downloadUrl;
    for (;;) {
      await this.sleep(this.deps.pollIntervalMs ?? 1000, signal);
      const poll = await client.poll(answer.job.outputUrl, signal);
      if (poll.state === 'done') return client.parseDownloadResult(poll.data);
      if (poll.state === 'failed') throw poll.error;
    }
  }

  private async transfer(rec: DownloadRecord, run: Running): Promise<void> {
    const signal = run.controller.signal;
    const part = `${rec.targetPath}.part`;
    let askedAgain = false;
    let failures = 0;
    const maxRetries = this.deps.maxRetries ?? 5;
    const retryDelay = this.deps.retryDelayMs ?? 500;

    for (;;) {
      signal.throwIfAborted();
      if (rec.downloadUrl === null) {
        if (rec.status !== 'preparing') this.set(rec, { status: 'preparing' });
        const url = await this.mintLink(rec, signal);
        this.set(rec, { downloadUrl: url, etag: null });
      }
      if (rec.status !== 'downloading') this.set(rec, { status: 'downloading', error: null });

      const have = existsSync(part) ? statSync(part).size : 0;
      rec.bytesDone = have;
      if (rec.totalBytes !== null && have === rec.totalBytes) return this.finish(rec, part);

      const headers: Record<string, string> = {};
      if (have > 0) {
        headers['range'] = `bytes=${have}-`;
        if (rec.etag !== null) headers['if-range'] = rec.etag;
      }
      let res: Response;
      try {
        // The link is presigned: no API key goes with it.
        res = await fetch(rec.downloadUrl!, { headers, signal, redirect: 'follow' });
      } catch (err) {
        signal.throwIfAborted();
        failures = await this.dropped(rec, failures, maxRetries, retryDelay, signal, err);
        continue;
      }

      if (res.status === 403 || res.status === 404 || res.status === 410) {
        await res.body?.cancel().catch(() => undefined);
        if (askedAgain) {
          throw new VideoDbError('forbidden', 'VideoDB refused the download link twice in a row.');
        }
        // Expired (links live about a day): ask for a new one, keep the bytes we have.
        askedAgain = true;
        this.deps.logger.info('download link refused; asking for a new one', {
          status: res.status,
        });
        rec.downloadUrl = null;
        continue;
      }
      if (res.status === 416) {
        await res.body?.cancel().catch(() => undefined);
        const total = totalFromRange(res.headers.get('content-range'));
        if (total !== null && total === have) {
          rec.totalBytes = total;
          return this.finish(rec, part);
        }
        // What we have does not fit the file the server has now: start over.
        await rm(part, { force: true });
        continue;
      }
      if (res.status >= 500 || res.status === 408 || res.status === 429) {
        await res.body?.cancel().catch(() => undefined);
        failures = await this.dropped(rec, failures, maxRetries, retryDelay, signal, null);
        continue;
      }
      let offset: number;
      if (res.status === 206) {
        const range = parseContentRange(res.headers.get('content-range'));
        if (range === null || range.start !== have) {
          await res.body?.cancel().catch(() => undefined);
          await rm(part, { force: true });
          continue;
        }
        offset = have;
        rec.totalBytes = range.total;
      } else if (res.status === 200) {
        // The server sent the whole file (no Range support, or the file changed): from 0.
        offset = 0;
        const length = Number(res.headers.get('content-length'));
        rec.totalBytes = Number.isFinite(length) && length > 0 ? length : null;
      } else {
        await res.body?.cancel().catch(() => undefined);
        throw new VideoDbError(
          'server',
          `The download stopped: the server answered ${res.status}. Try again later.`,
        );
      }
      rec.etag = res.headers.get('etag');
      const gained = await this.receive(rec, run, res, part, offset).catch(async (err) => {
        signal.throwIfAborted();
        failures = await this.dropped(rec, failures, maxRetries, retryDelay, signal, err);
        return -1;
      });
      if (gained > 0) failures = 0;
      if (gained < 0) continue;

      const size = statSync(part).size;
      rec.bytesDone = size;
      if (rec.totalBytes === null || size === rec.totalBytes) return this.finish(rec, part);
      if (size > rec.totalBytes) {
        await rm(part, { force: true });
        throw new VideoDbError(
          'bad-response',
          `The file arrived with ${size} bytes where the server announced ${rec.totalBytes}; it was deleted. Try again.`,
        );
      }
      // The answer ended early without an error: continue from where it stopped.
    }
  }

  /** Write the answer's body at `offset`; returns the bytes gained. */
  private async receive(
    rec: DownloadRecord,
    run: Running,
    res: Response,
    part: string,
    offset: number,
  ): Promise<number> {
    mkdirSync(dirname(part), { recursive: true });
    const fh = await open(part, existsSync(part) ? 'r+' : 'w');
    let position = offset;
    let lastEmit = 0;
    try {
      await fh.truncate(offset);
      if (res.body === null) return 0;
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        await fh.write(chunk, 0, chunk.length, position);
        position += chunk.length;
        rec.bytesDone = position;
        const now = Date.now();
        run.speed.add(position, now);
        if (now - lastEmit >= PROGRESS_EVERY_MS) {
          lastEmit = now;
          rec.updatedAt = this.deps.clock.now();
          this.save(false);
          this.emit(rec);
        }
      }
    } finally {
      await fh.close();
    }
    return position - offset;
  }

  /** A dropped connection: wait (longer each time) and go on, or pause after too many. */
  private async dropped(
    rec: DownloadRecord,
    failures: number,
    maxRetries: number,
    retryDelay: number,
    signal: AbortSignal,
    err: unknown,
  ): Promise<number> {
    const n = failures + 1;
    this.deps.logger.info('download connection dropped; resuming', {
      attempt: n,
      bytes: rec.bytesDone,
      error: err === null ? null : String(err),
    });
    if (n > maxRetries) {
      throw new PausedError();
    }
    this.emit(rec);
    await this.sleep(retryDelay * 2 ** (n - 1), signal);
    return n;
  }

  private async finish(rec: DownloadRecord, part: string): Promise<void> {
    renameSync(part, rec.targetPath);
    const size = statSync(rec.targetPath).size;
    this.set(rec, {
      status: 'done',
      bytesDone: size,
      totalBytes: rec.totalBytes ?? size,
      error: null,
      downloadUrl: null,
    });
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return sleepUnless(this.deps.clock, ms, signal);
  }
}

/** Too many dropped connections in a row: the download waits for the user's "Resume". */
class PausedError extends VideoDbError {
  constructor() {
    super(
      'offline',
      'The connection kept dropping, so the download is paused. Resume it when the network is back.',
    );
  }
}

/** `bytes 100-199/1000` → {start: 100, total: 1000}; null when unreadable or the total is `*`. */
function parseContentRange(value: string | null): { start: number; total: number } | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value?.trim() ?? '');
  return m ? { start: Number(m[1]), total: Number(m[3]) } : null;
}

/** `bytes *\/1000` (a 416's answer) → 1000. */
function totalFromRange(value: string | null): number | null {
  const m = /\/(\d+)$/.exec(value?.trim() ?? '');
  return m ? Number(m[1]) : null;
}
