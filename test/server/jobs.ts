import { randomUUID } from 'node:crypto';
import type { ProgressShape } from './switches';
import { mulberry32 } from '../support/rng';

/** What a job does. */
export type JobKind =
  'clip' | 'index' | 'scene-index' | 'transcript' | 'download' | 'upload' | 'editor-export';

/** Where a job is. */
export type JobState = 'processing' | 'done' | 'failed';

/** A job as `control.jobs()` lists it. */
export interface JobInfo {
  id: string;
  kind: JobKind;
  videoId: string;
  /** Server-clock ms. */
  createdAt: number;
  durationMs: number;
  state: JobState;
}

/** What a route hands over when it creates a job. */
export interface JobSpec {
  kind: JobKind;
  videoId: string;
  durationMs: number;
  /** `never` keeps the job processing forever. */
  outcome: 'done' | 'fail' | 'never';
  /** Set when the job is bound to fail whatever the outcome switch says (e.g. video not searchable). */
  failMessage?: string;
  /** Produces the job's raw result; runs once, when the job ends successfully. */
  result: () => unknown;
  /**
   * Turns the raw result into the `data` of the answer. Runs on every read, so switches set
   * after the job was created (length type, link field name…) still show.
   */
  render?: (data: unknown) => unknown;
  /** Runs once when the job ends, with its final state (marks indexes ready, etc.). */
  onEnd?: (state: 'done' | 'failed') => void;
  callbackUrl?: string;
  /** How its percentage moves while it runs (linear with no jitter when absent). */
  progress?: { shape: ProgressShape; jitter: number; seed: number };
}

interface Job extends JobSpec {
  id: string;
  createdAt: number;
  state: JobState;
  /** Seeded source of this job's progress jitter. */
  rng: () => number;
  /** Highest percentage reported so far (reports never go back). */
  reported: number;
  data?: unknown;
  message?: string;
  timer?: NodeJS.Timeout;
}

/** Message of a job failed by the `jobOutcome: 'fail'` switch. */
export const INJECTED_FAILURE_MESSAGE = 'Processing failed on the server. Please try again later.';

/**
 * Jobs on the server's own clock (wall clock plus an offset that `advanceTime` grows), so tests
 * can finish a long job without waiting for it. A job ends the first time anyone looks at it
 * (poll, listing) after its end time, or when its timer fires, whichever comes first.
 */
export class JobStore {
  private readonly jobs = new Map<string, Job>();
  private offsetMs = 0;
  private closed = false;
  /** Jobs created since start or `clear()`: each job's jitter seed is the switch's seed plus this. */
  private created = 0;

  constructor(private readonly sendCallback: (url: string, envelope: unknown) => void) {}

  /** Server-clock time in ms. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the server clock forward and ends every job that is now due. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new Error('advanceTime needs a non-negative number of ms');
    this.offsetMs += ms;
    this.tick();
  }

  /** Creates a job and arms its timer. */
  create(spec: JobSpec): JobInfo {
    const job: Job = {
      ...spec,
      id: randomUUID().replaceAll('-', ''),
      createdAt: this.now(),
      state: 'processing',
      rng: mulberry32((spec.progress?.seed ?? 1) * 7919 + this.created++),
      reported: 0,
    };
    this.jobs.set(job.id, job);
    if (spec.outcome !== 'never' && !this.closed) {
      // The timer only matters for callbacks and for side effects seen without polling; unref so
      // a forgotten job never keeps a test process alive.
      job.timer = setTimeout(() => this.tick(), spec.durationMs + 5);
      job.timer.unref();
    }
    this.settle(job);
    return this.info(job);
  }

  /** A job by id, settled first; undefined for unknown ids. */
  get(
    id: string,
  ): (JobInfo & { data?: unknown; message?: string; percentage: number | null }) | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    this.settle(job);
    const out: JobInfo & { data?: unknown; message?: string; percentage: number | null } = {
      ...this.info(job),
      percentage: this.percentage(job),
    };
    if (job.state === 'done') out.data = job.render ? job.render(job.data) : job.data;
    if (job.message !== undefined) out.message = job.message;
    return out;
  }

  /** How many jobs exist (no settling, no copy). */
  get size(): number {
    return this.jobs.size;
  }

  /** Every job, settled first. */
  list(): JobInfo[] {
    this.tick();
    return [...this.jobs.values()].map((j) => this.info(j));
  }

  /** The running job of this kind for this video, if any (so repeated GETs reuse it). */
  running(kind: JobKind, videoId: string): JobInfo | undefined {
    this.tick();
    const job = [...this.jobs.values()].find(
      (j) => j.kind === kind && j.videoId === videoId && j.state === 'processing',
    );
    return job ? this.info(job) : undefined;
  }

  /** Ends every job that is due. */
  tick(): void {
    for (const job of this.jobs.values()) this.settle(job);
  }

  /** Forgets every job (used by `control.reset({ state: true })`). */
  clear(): void {
    for (const job of this.jobs.values()) if (job.timer) clearTimeout(job.timer);
    this.jobs.clear();
    this.created = 0;
  }

  /** Stops all timers; used when the server closes. */
  close(): void {
    this.closed = true;
    for (const job of this.jobs.values()) if (job.timer) clearTimeout(job.timer);
  }

  /** The running job's reported percentage by its shape; null when the shape reports none. */
  private percentage(job: Job): number | null {
    if (job.state !== 'processing') return 100;
    const shape = job.progress?.shape ?? 'linear';
    if (shape === 'none') return null;
    const elapsed = this.now() - job.createdAt;
    let x = job.durationMs <= 0 ? 1 : elapsed / job.durationMs;
    const jitter = job.progress?.jitter ?? 0;
    if (jitter > 0) x += jitter * (2 * job.rng() - 1);
    const done = shareDone(shape, Math.max(0, Math.min(1, x)));
    // A job that never ends stops moving at 95 %, which is what "stuck" looks like to a client.
    const pct = Math.max(0, Math.min(job.outcome === 'never' ? 95 : 99, Math.floor(done * 100)));
    job.reported = Math.max(job.reported, pct);
    return job.reported;
  }

  private settle(job: Job): void {
    if (job.state !== 'processing' || job.outcome === 'never') return;
    if (this.now() < job.createdAt + job.durationMs) return;
    if (job.timer) clearTimeout(job.timer);
    let envelope: unknown;
    if (job.failMessage === undefined && job.outcome === 'done') {
      try {
        job.data = job.result();
        job.state = 'done';
        envelope = {
          success: true,
          status: 'done',
          data: job.render ? job.render(job.data) : job.data,
        };
      } catch (err) {
        job.state = 'failed';
        job.message = err instanceof Error ? err.message : String(err);
      }
    } else {
      job.state = 'failed';
      job.message = job.failMessage ?? INJECTED_FAILURE_MESSAGE;
    }
    if (job.state === 'failed')
      envelope = { success: false, status: 'failed', message: job.message };
    job.onEnd?.(job.state === 'done' ? 'done' : 'failed');
    if (job.callbackUrl !== undefined && !this.closed) this.sendCallback(job.callbackUrl, envelope);
  }

  private info(job: Job): JobInfo {
    return {
      id: job.id,
      kind: job.kind,
      videoId: job.videoId,
      createdAt: job.createdAt,
      durationMs: job.durationMs,
      state: job.state,
    };
  }
}

/** Share of the work done (0..1) when the share `x` of the job's time has gone, by shape. */
export function shareDone(shape: Exclude<ProgressShape, 'none'>, x: number): number {
  switch (shape) {
    case 'linear':
      return x;
    case 'back-loaded':
      return x ** 3;
    case 'stalled':
      return x < 1 / 3 ? 0 : (x - 1 / 3) / (2 / 3);
    case 'creeping':
      return 1 - (1 - x) ** 3;
  }
}
