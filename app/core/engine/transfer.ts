/**
 * What every long-running transfer of the core shares (MP4 downloads, uploads, the editor bundle
 * job): a wait on the core's clock that an abort cuts short, the speed over the last few seconds,
 * the record of a transfer under way, and a list of records kept in one JSON file of the data
 * folder, written atomically.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock, Logger } from '../types';

/** Wait `ms` on `clock`; rejects with the signal's reason as soon as it aborts. */
export function sleepUnless(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal.reason);
    };
    const handle = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** How far back the speed looks. */
const SPEED_WINDOW_MS = 3000;

/** Bytes moved over time, for "1.2 MB/s": add a sample per chunk, read the speed any time. */
export class TransferSpeed {
  private readonly samples: Array<{ at: number; bytes: number }> = [];

  /** `bytes` is the position reached (not the chunk's size). */
  add(bytes: number, at = Date.now()): void {
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - this.samples[0]!.at > SPEED_WINDOW_MS)
      this.samples.shift();
  }

  /** Bytes per second over the last few seconds; 0 before two samples. */
  bytesPerSecond(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at <= first.at) return 0;
    return Math.round(((last.bytes - first.bytes) * 1000) / (last.at - first.at));
  }
}

/**
 * A transfer under way (a download, an upload): its abort, why it was stopped (null while it
 * runs; `R` are the reasons its room stops one for), what settles once it has, and its speed.
 */
export interface RunningTransfer<R extends string> {
  controller: AbortController;
  reason: R | null;
  done: Promise<void>;
  speed: TransferSpeed;
}

/** A transfer about to run: not stopped, `done` settled until the work is set. */
export function runningTransfer<R extends string>(): RunningTransfer<R> {
  return {
    controller: new AbortController(),
    reason: null,
    done: Promise.resolve(),
    speed: new TransferSpeed(),
  };
}

/** Stop a transfer for `reason`; settles once its work has. */
export function stopTransfer<R extends string>(run: RunningTransfer<R>, reason: R): Promise<void> {
  run.reason = reason;
  run.controller.abort();
  return run.done;
}

/** How often a list is written while only progress changes. */
const SAVE_EVERY_MS = 1000;

/**
 * A list of records in one JSON file (`{version: 1, [key]: [...]}`): read once, written whole to a
 * temporary file then renamed, so a crash leaves the old list or the new one, never half. An
 * unreadable file starts an empty list (and says so in the log); a failed write is logged, never
 * thrown (the transfer goes on, the next write tries again).
 */
export class JsonRecordFile<T> {
  private lastSave = 0;

  constructor(
    private readonly file: string,
    private readonly key: string,
    private readonly logger: Logger,
  ) {}

  /** The records that pass `valid`. */
  load(valid: (r: T) => boolean): T[] {
    if (!existsSync(this.file)) return [];
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, unknown>;
      const list = parsed[this.key];
      return Array.isArray(list) ? (list as T[]).filter((r) => r !== null && valid(r)) : [];
    } catch (err) {
      this.logger.warn(`${this.key} list unreadable; starting empty`, { error: String(err) });
      return [];
    }
  }

  /** Write the list; unless `force`, at most once a second. */
  save(records: Iterable<T>, force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastSave < SAVE_EVERY_MS) return;
    this.lastSave = now;
    const tmp = `${this.file}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(tmp, JSON.stringify({ version: 1, [this.key]: [...records] }));
      renameSync(tmp, this.file);
    } catch (err) {
      this.logger.warn(`could not save the ${this.key} list`, { error: String(err) });
    }
  }
}
