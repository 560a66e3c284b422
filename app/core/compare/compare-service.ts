/**
 * Compare (issue 12 §3): one prompt on one video, a run per content type × model tier. A
 * comparison is a parent in its own table; each run is an ordinary clip job made through
 * `jobs.submit`, so it goes through the outbox (sent exactly once, queued while offline,
 * `uncertain` rules unchanged), the poller and the concurrency limit like any clip, and shows in
 * the history as usual. The comparison's view is read from its runs' jobs: each run's time to
 * answer, segment count and time ranges, and how much the runs agree (overlap.ts).
 *
 * A run that cannot be asked for (no scene index for a visual run, say) keeps the reason and the
 * others go on. A submit stores the comparison and its runs first, then asks for each run's clip;
 * if the app stops half way, the next start asks for the rest.
 */
import { randomUUID } from 'node:crypto';
import {
  ErrorCode,
  type Comparison,
  type CompareRun,
  type ContentType,
  type Job,
  type ModelTier,
} from '../../shared/domain';
import { GatheredAnnouncer, KeyedQueue, type EventBus } from '../engine';
import { CoreError, toAppError } from '../errors';
import type { JobEngine } from '../jobs';
import { toJob, type ComparisonRecord, type Store } from '../store';
import type { Clock, Logger } from '../types';
import { meanOverlaps, overlapMatrix } from './overlap';

/** How long the runs' changes are gathered before the comparison is announced again. */
const ANNOUNCE_EVERY_MS = 100;
/** Most comparisons one list returns. */
const LIST_LIMIT = 100;

/** What the service needs from the rest of the core. */
export interface CompareDeps {
  store: Store;
  jobs: JobEngine;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
}

/** What `compare:submit` takes (parsed). */
export interface CompareInput {
  videoId: string;
  collectionId: string;
  prompt: string;
  runs: Array<{ contentType: ContentType; modelName: ModelTier }>;
  sceneIndexId?: string | undefined;
}

/** Comparisons: one service per core. */
export class CompareService {
  private readonly announcer: GatheredAnnouncer;
  private readonly asking: KeyedQueue;
  private closed = false;
  private readonly off: () => void;

  constructor(private readonly d: CompareDeps) {
    this.announcer = new GatheredAnnouncer(d.clock, ANNOUNCE_EVERY_MS, (ids) => {
      for (const id of ids) {
        const rec = d.store.comparisons.get(id);
        if (rec) d.bus.emit('compare:changed', this.view(rec));
      }
    });
    this.asking = new KeyedQueue(d.logger, 'comparison submit');
    // A run's job changed: its comparison is announced again (gathered, at most every 100 ms).
    this.off = d.bus.on('jobs:changed', (job) => {
      for (const id of d.store.comparisons.ofJob(job.id)) this.announcer.add(id);
    });
  }

  /** Store the comparison and its runs, then ask for each run's clip (in the background). */
  async submit(input: CompareInput): Promise<Comparison> {
    if (this.closed) throw new CoreError('internal', 'The app is closing.');
    const id = randomUUID();
    this.d.store.transaction(() =>
      this.d.store.comparisons.insert({
        id,
        videoId: input.videoId,
        collectionId: input.collectionId,
        prompt: input.prompt.trim(),
        sceneIndexId: input.sceneIndexId ?? null,
        createdAt: this.d.clock.now(),
        runs: input.runs,
      }),
    );
    const view = this.view(this.need(id));
    this.d.bus.emit('compare:changed', view);
    this.ask(id);
    return view;
  }

  /** Newest first; of one video when given. */
  list(videoId?: string): Comparison[] {
    return this.d.store.comparisons.list(LIST_LIMIT, videoId).map((r) => this.view(r));
  }

  get(id: string): Comparison {
    return this.view(this.need(id));
  }

  /** The comparison a clip job is a run of, or null (a clip asked on its own). */
  parentOf(
    jobId: string,
  ): { id: string; prompt: string; runs: number; videoId: string; collectionId: string } | null {
    const id = this.d.store.comparisons.ofJob(jobId)[0];
    const rec = id === undefined ? null : this.d.store.comparisons.get(id);
    return rec
      ? {
          id: rec.id,
          prompt: rec.prompt,
          runs: rec.runs.length,
          videoId: rec.videoId,
          collectionId: rec.collectionId,
        }
      : null;
  }

  /** Ask again for the runs that failed, or could not be asked for. */
  async retryFailed(id: string): Promise<Comparison> {
    const rec = this.need(id);
    const jobs = this.jobsOf(rec);
    for (const r of rec.runs) {
      const job = r.jobId === null ? undefined : jobs.get(r.jobId);
      if (job?.status !== 'failed') continue;
      try {
        this.d.jobs.retry(job.id);
      } catch (err) {
        this.d.logger.warn('comparison run retry failed', { error: String(err) });
      }
    }
    if (rec.runs.some((r) => r.jobId === null && r.error !== null)) this.ask(id, { again: true });
    return this.view(this.need(id));
  }

  /** Ask for the runs of interrupted submits. */
  start(): void {
    for (const id of this.d.store.comparisons.unfinished()) this.ask(id);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.off();
    this.announcer.close();
    await this.asking.drain();
  }

  // ───────────────────────────────────────────────────────────────────────

  private need(id: string): ComparisonRecord {
    const rec = this.d.store.comparisons.get(id);
    if (!rec) throw new CoreError('not-found', 'This comparison is no longer in the history.');
    return rec;
  }

  /** Ask for each run's clip that has none yet (one at a time; the outbox sends them). */
  private ask(id: string, opts: { again?: boolean } = {}): void {
    this.asking.run(id, async () => {
      const rec = this.d.store.comparisons.get(id);
      if (!rec) return;
      for (const [ord, r] of rec.runs.entries()) {
        if (this.closed) return;
        if (r.jobId !== null || (r.error !== null && !opts.again)) continue;
        const contentType = r.contentType as ContentType;
        try {
          const { job } = await this.d.jobs.submit({
            videoId: rec.videoId,
            collectionId: rec.collectionId,
            prompt: rec.prompt,
            contentType,
            modelName: r.modelName as ModelTier,
            // The scene index matters to the runs that look at scenes only.
            ...(contentType !== 'spoken' && rec.sceneIndexId !== null
              ? { sceneIndexId: rec.sceneIndexId }
              : {}),
          });
          this.d.store.comparisons.setRunJob(id, ord, job.id);
        } catch (err) {
          this.d.store.comparisons.setRunError(id, ord, toAppError(err));
        }
        this.announcer.add(id);
      }
    });
  }

  private jobsOf(rec: ComparisonRecord): Map<string, Job> {
    const ids = rec.runs.flatMap((r) => (r.jobId === null ? [] : [r.jobId]));
    return new Map(this.d.store.jobs.getMany(ids).map((r) => [r.id, toJob(r)]));
  }

  private view(rec: ComparisonRecord, jobs = this.jobsOf(rec)): Comparison {
    const counts = { total: rec.runs.length, answered: 0, failed: 0, running: 0, uncertain: 0 };
    const found = rec.runs.map((r) => (r.jobId === null ? undefined : jobs.get(r.jobId)));
    const answered = found.map((job) =>
      job?.status === 'done' ? job.segments.map((s) => ({ start: s.start, end: s.end })) : null,
    );
    const overlap = overlapMatrix(answered);
    const means = meanOverlaps(overlap);
    const runs: CompareRun[] = rec.runs.map((r, i) => {
      const job = found[i];
      const status: CompareRun['status'] =
        r.jobId === null ? (r.error !== null ? 'failed' : 'not-sent') : (job?.status ?? 'deleted');
      if (status === 'done') counts.answered++;
      else if (status === 'failed') counts.failed++;
      else if (status === 'uncertain') counts.uncertain++;
      else if (status !== 'deleted') counts.running++;
      return {
        contentType: r.contentType as ContentType,
        modelName: r.modelName as ModelTier,
        jobId: r.jobId,
        status,
        secondsToAnswer:
          job?.status === 'done' && job.finishedAt !== null
            ? Math.max(0, job.finishedAt - (job.sentAt ?? job.createdAt)) / 1000
            : null,
        segmentCount: job?.status === 'done' ? job.segments.length : 0,
        ranges: answered[i] ?? [],
        meanOverlap: means[i] ?? null,
        error:
          r.error !== null
            ? { code: ErrorCode.catch('internal').parse(r.error.code), message: r.error.message }
            : job?.status === 'failed' || job?.status === 'uncertain'
              ? job.error
              : null,
      };
    });
    const cached = this.d.store.library.getVideo(rec.videoId, rec.collectionId);
    const named = found.find((j) => j !== undefined && j.videoName !== j.request.videoId);
    return {
      id: rec.id,
      videoId: rec.videoId,
      collectionId: rec.collectionId,
      videoName: cached?.video.name ?? named?.videoName ?? rec.videoId,
      videoLength: cached?.video.length ?? null,
      prompt: rec.prompt,
      sceneIndexId: rec.sceneIndexId,
      createdAt: rec.createdAt,
      runs,
      counts,
      overlap,
    };
  }
}
