/**
 * Clip jobs: submit, resume after restart, the poller, stuck detection, completion and compile.
 * Sending is the {@link Outbox}'s (outbox.ts, with the exactly-once rule). A job found `sending`
 * at start may or may not exist on the server: it becomes `uncertain` here, before the outbox
 * starts. Every change is written first and emitted after.
 */
import { randomUUID } from 'node:crypto';
import { LINK_REMINT_AFTER_MS } from '../../shared/domain';
import type {
  AppErrorInfo,
  ClipRequest,
  Job,
  JobSummary,
  SceneIndex,
  Segment,
} from '../../shared/domain';
import type { Clock, CoreTuning, Logger, Notifier } from '../types';
import { toJob, toJobSummary, type JobListQuery, type JobRecord, type Store } from '../store';
import { CoreError, toAppError } from '../errors';
import { VideoDbError, type JobHandle, type VideoDbClient } from '../videodb';
import {
  nextPollInterval,
  outboxBackoffMs,
  type EventBus,
  type Limiter,
  type PollScheduler,
} from '../engine';
import { fingerprint } from './fingerprint';
import { Outbox } from './outbox';
import { alignPollAt, PollPlanner } from './poll-plan';

/** What the engine needs to know about videos (implemented by the library service). */
export interface JobLibraryHooks {
  /** Name and stream of a video: from the cache, else from the API when online; null if unknown. */
  videoInfo(
    videoId: string,
    collectionId: string,
  ): Promise<{ name: string; streamUrl: string | null } | null>;
  /** The video's scene indexes (cache, else API when online); null when they cannot be known. */
  sceneIndexes(videoId: string): Promise<SceneIndex[] | null>;
  /** A clip outcome told us whether the video is searchable by speech. */
  recordSpeechSearchable(videoId: string, searchable: boolean): void;
}

/** What createCore hands every room that talks to VideoDB on a schedule (jobs, outbox, library). */
export interface EngineServices {
  store: Store;
  /** The client of the current API address. */
  client: () => VideoDbClient;
  isOnline: () => boolean;
  clock: Clock;
  tuning: CoreTuning;
  limiter: Limiter;
  scheduler: PollScheduler;
  bus: EventBus;
  logger: Logger;
}

/** Dependencies of {@link JobEngine}. */
export interface JobEngineDeps extends EngineServices {
  library: JobLibraryHooks;
  notifier?: Notifier | undefined;
  notificationsOn: () => boolean;
  /** The outbox size or pause state changed (the core emits `connectivity:changed`). */
  onOutboxChanged: () => void;
  random?: () => number;
}

const EXPIRED: AppErrorInfo = { code: 'not-found', message: 'This job has expired on the server.' };

/**
 * The note on a job that was sent to another API address than the current one. Its key stays with
 * that address, so the job is not polled until that address is the current one again.
 */
function otherAddressNote(apiBaseUrl: string): AppErrorInfo {
  return {
    code: 'auth',
    message: `This clip was started on another API address (${apiBaseUrl}). The app checks on it again when you switch back to that address in Settings.`,
  };
}
const isOtherAddressNote = (e: AppErrorInfo | null): boolean =>
  e !== null && e.code === 'auth' && e.message.startsWith('This clip was started on another API');
/** Tries at compiling a done clip's playable stream within one run (then at the next start). */
const COMPILE_ATTEMPTS = 5;

export { LINK_REMINT_AFTER_MS };

/** The origin of a job address, for a note; the address itself when it cannot be read. */
function originOf(url: string | null): string {
  try {
    return new URL(url ?? '').origin;
  } catch {
    return url ?? 'unknown';
  }
}

/**
 * What to compile for a done job: the shots of each video, in the order the videos first appear.
 * A segment without a video of its own is of the requested video.
 */
export function compileItems(
  job: JobRecord,
): Array<{ videoId: string; collectionId: string; shots: Array<[number, number]> }> {
  const byVideo = new Map<
    string,
    { videoId: string; collectionId: string; shots: Array<[number, number]> }
  >();
  for (const s of job.segments) {
    const videoId = s.videoId ?? job.request.videoId;
    let item = byVideo.get(videoId);
    if (!item) {
      // A result without its collection is taken to be of the requested video's collection.
      item = { videoId, collectionId: s.collectionId ?? job.request.collectionId, shots: [] };
      byVideo.set(videoId, item);
    }
    item.shots.push([s.start, s.end]);
  }
  return [...byVideo.values()];
}

/** Heuristic: a spoken clip failed because the video has no spoken-word index. */
export function saysNotSearchableBySpeech(e: AppErrorInfo): boolean {
  // Judged by the message whatever the code: the API reports it as a 400 on some paths and as
  // a failed job on others.
  return (
    /(spoken|transcri|speech)/i.test(e.message) &&
    /(not indexed|no index|index .*first|not found|missing|no transcript)/i.test(e.message)
  );
}

/** The clip job engine. */
export class JobEngine {
  /** The requests waiting to be sent (the `outbox:` calls and the status bar use it directly). */
  readonly outbox: Outbox;
  private closed = false;
  private started = false;
  private readonly inflight = new Set<Promise<unknown>>();
  /** The poll of each job waiting for its answer (see pollOnce). */
  private readonly pollsInFlight = new Map<string, symbol>();
  /** Clips whose links are being minted again (one `/compile` per clip at a time). */
  private readonly reminting = new Map<string, Promise<void>>();
  /** Links already reported dead in this run (a player retrying them asks once). */
  private readonly deadLinks = new Set<string>();
  private readonly abort = new AbortController();
  private readonly random: () => number;
  private readonly planner: PollPlanner;

  constructor(private readonly d: JobEngineDeps) {
    this.random = d.random ?? Math.random;
    // The prior: the newest finished jobs, read once per kind of job (issue 14 §4).
    const recent = () => this.repo.list({ statuses: ['done'], offset: 0, limit: 200 }).jobs;
    this.planner = new PollPlanner(recent, () => d.tuning.firstPollMs, this.random);
    this.outbox = new Outbox({
      ...d,
      random: this.random,
      track: (p) => this.track(p),
      emitJob: (id) => void this.emitJob(id),
      announce: (id) => this.emitJob(id),
      onChanged: () => d.onOutboxChanged(),
      onAccepted: (job, handle, client, firstPollAt) =>
        this.onAccepted(job, handle, client, firstPollAt),
      onFailed: (id, error) => this.afterFailure(id, error),
    });
  }

  private get repo() {
    return this.d.store.jobs;
  }
  private now(): number {
    return this.d.clock.now();
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p)).catch(() => undefined);
    return p;
  }

  private emitJob(id: string): JobRecord | null {
    const rec = this.repo.get(id);
    if (rec) this.d.bus.emit('jobs:changed', toJob(rec));
    return rec;
  }

  private must(id: string): JobRecord {
    const rec = this.repo.get(id);
    if (!rec) throw new CoreError('not-found', 'This clip is no longer in your history.');
    return rec;
  }

  // ── life cycle ──────────────────────────────────────────────────────

  /** Resume after start: interrupted sends → uncertain; poll processing jobs; send the queue. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const now = this.now();
    for (const id of this.repo.recoverInterruptedSends(now)) {
      this.d.logger.warn('send interrupted by a crash; job marked uncertain', { jobId: id });
      this.emitJob(id);
    }
    for (const job of this.repo.trackedProcessing()) {
      this.schedulePoll(job.id, job.nextPollAt ?? now);
    }
    for (const job of this.repo.compilePendingJobs()) {
      void this.track(this.compileClip(job.id));
    }
    this.outbox.start();
  }

  /** Stop timers; wait for in-flight sends and writes. Polls in flight are aborted. */
  async close(): Promise<void> {
    this.closed = true;
    this.outbox.close();
    this.abort.abort();
    await this.d.scheduler.stop();
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /**
   * The API address changed: every followed job is looked at again, so those of the new address
   * are polled (and lose their note) and the others get the note instead of being polled.
   */
  onAddressChanged(): void {
    if (!this.started || this.closed) return;
    const now = this.now();
    for (const job of this.repo.trackedProcessing()) this.schedulePoll(job.id, now);
  }

  /** The connection came back (or went): send what waits. */
  onConnectivityChanged(): void {
    if (this.d.isOnline()) this.outbox.kick();
  }

  // ── calls ───────────────────────────────────────────────────────────

  /** Validate, deduplicate, store job + outbox row atomically, and send when online. */
  async submit(input: ClipRequest): Promise<{ job: Job; existing: boolean }> {
    const request = await this.validate(input);
    const fp = fingerprint(request);
    const dup = this.repo.findActive(fp);
    if (dup) return { job: toJob(dup), existing: true };
    const info = await this.d.library.videoInfo(request.videoId, request.collectionId);
    // Check again: another submit of the same request may have landed while we awaited.
    const dup2 = this.repo.findActive(fp);
    if (dup2) return { job: toJob(dup2), existing: true };
    const rec = this.repo.insertQueued({
      id: randomUUID(),
      request,
      videoName: info?.name ?? request.videoId,
      fingerprint: fp,
      createdAt: this.now(),
    });
    this.d.bus.emit('jobs:changed', toJob(rec));
    this.d.onOutboxChanged();
    this.outbox.kick();
    return { job: toJob(rec), existing: false };
  }

  private async validate(input: ClipRequest): Promise<ClipRequest> {
    const request: ClipRequest = { ...input, prompt: input.prompt.trim() };
    const needsScenes = request.contentType !== 'spoken';
    if (!needsScenes && request.sceneIndexId === undefined) return request;
    const indexes = await this.d.library.sceneIndexes(request.videoId);
    if (indexes === null) return request; // cannot know offline: the server will judge
    if (request.sceneIndexId !== undefined) {
      if (!indexes.some((s) => s.id === request.sceneIndexId)) {
        throw new CoreError('validation', 'That scene index does not belong to this video.');
      }
      return request;
    }
    if (indexes.length === 0) {
      throw new CoreError(
        'validation',
        'This video is not searchable by scenes yet. Make it searchable first, or search the speech.',
      );
    }
    if (indexes.length === 1) return { ...request, sceneIndexId: indexes[0]!.id };
    throw new CoreError('validation', 'This video has several scene indexes: choose one.');
  }

  /**
   * The scene index a clip of this video would use when none is chosen: the only one, or the
   * first finished one of several (in the API's order); undefined when there is none or it cannot
   * be known. Used where one prompt asks many videos and nobody can choose per video.
   */
  async defaultSceneIndex(videoId: string): Promise<string | undefined> {
    const indexes = await this.d.library.sceneIndexes(videoId);
    return (indexes?.find((s) => s.status === 'done') ?? indexes?.[0])?.id;
  }

  /** One job (its links are minted again in the background if they are old; see refreshLinks). */
  get(id: string): Job {
    const job = toJob(this.must(id));
    if (this.linksStale(job)) void this.track(this.refreshLinks([id]));
    return job;
  }

  private linksStale(job: Job): boolean {
    if (job.status !== 'done' || job.clipStreamUrl === null || job.segments.length === 0)
      return false;
    const minted = job.linksMintedAt ?? job.finishedAt ?? 0;
    return this.now() - minted >= LINK_REMINT_AFTER_MS;
  }

  /** The clip's stream link, minted again first if it is old (for `/download`). */
  async freshStreamLink(id: string): Promise<string | null> {
    await this.refreshLinks([id]);
    return this.repo.get(id)?.clipStreamUrl ?? null;
  }

  /**
   * A clip's link answered "gone" while it played (the media relay saw 403/404/410): mint that
   * clip's links again whatever their age, once per link, and say so with `jobs:changed` (the
   * player loads the new link).
   */
  async remintDeadLink(url: string): Promise<void> {
    if (!this.d.isOnline() || this.closed || this.deadLinks.has(url)) return;
    this.deadLinks.add(url);
    const job = this.repo.byClipStreamUrl(url);
    if (job === null || job.status !== 'done' || job.segments.length === 0) return;
    await this.track(this.remint(job.id));
  }

  /**
   * Mint the links of these clips again where they are old, from the segments the history keeps
   * (`/compile`), and wait for it; online only (offline the old links stay, and the window says
   * they may not open). A failure keeps the old links and is logged.
   */
  async refreshLinks(ids: readonly string[]): Promise<void> {
    if (!this.d.isOnline() || this.closed) return;
    const stale = this.repo.getMany(ids).filter((j) => this.linksStale(toJob(j)));
    await Promise.all(stale.map((j) => this.remint(j.id)));
  }

  /**
   * Mint a clip's links again: the compiled clip (`/compile`), then each segment's own link
   * (`/video/{id}/stream`), one clip at a time. A segment whose link cannot be had keeps its old
   * one (its times are in every export anyway).
   */
  private remint(jobId: string): Promise<void> {
    let p = this.reminting.get(jobId);
    if (p === undefined) {
      p = (async () => {
        await this.compileClip(jobId, COMPILE_ATTEMPTS);
        const job = this.repo.get(jobId);
        if (!job || this.closed || !job.segments.some((s) => s.streamUrl !== null)) return;
        const client = this.d.client();
        const links = await Promise.all(
          job.segments.map((s) =>
            s.streamUrl === null
              ? null
              : this.d.limiter
                  .run(() =>
                    client.streamSegments(
                      s.videoId ?? job.request.videoId,
                      [[s.start, s.end]],
                      this.abort.signal,
                    ),
                  )
                  .then((r) => r.streamUrl)
                  .catch(() => null),
          ),
        );
        if (this.closed || links.every((l) => l === null)) return;
        this.repo.setSegmentLinks(jobId, links);
        this.emitJob(jobId);
      })().finally(() => this.reminting.delete(jobId));
      this.reminting.set(jobId, p);
    }
    return p;
  }

  /** The history page. */
  list(q: JobListQuery): { jobs: JobSummary[]; total: number; totalIsLowerBound: boolean } {
    const page = this.repo.list(q);
    return { ...page, jobs: page.jobs.map(toJobSummary) };
  }

  /** Failed → a new attempt through the outbox; a stopped job → polled again. */
  retry(id: string): Job {
    const job = this.must(id);
    if (job.status === 'failed') return this.requeue(id);
    if (job.status === 'processing' && !job.tracking) {
      const now = this.now();
      this.repo.patch(
        id,
        { tracking: true, stuck: false, lastProgressAt: now, nextPollAt: now },
        now,
      );
      this.schedulePoll(id, now);
      return toJob(this.emitJob(id)!);
    }
    throw new CoreError('validation', 'Only failed or stopped clips can be tried again.');
  }

  /** Send an uncertain job again, on the user's say-so. */
  resendUncertain(id: string): Job {
    const job = this.must(id);
    if (job.status !== 'uncertain') {
      throw new CoreError('validation', 'Only clips whose sending is uncertain can be sent again.');
    }
    return this.requeue(id);
  }

  private requeue(id: string): Job {
    this.stopPolling(id);
    this.repo.requeueAsNewAttempt(id, this.now());
    const rec = this.emitJob(id)!;
    this.d.onOutboxChanged();
    this.outbox.kick();
    return toJob(rec);
  }

  /** Stop polling a job (the API has no cancel); retry resumes it. */
  stopTracking(id: string): Job {
    const job = this.must(id);
    if (job.status !== 'processing') {
      throw new CoreError('validation', 'Only clips that are being made can be stopped.');
    }
    this.stopPolling(id);
    this.repo.patch(id, { tracking: false, nextPollAt: null }, this.now());
    return toJob(this.emitJob(id)!);
  }

  /** Follow a job again after "stop tracking": tracking on and a poll at once. */
  follow(id: string): Job {
    const job = this.must(id);
    if (job.tracking) return toJob(job);
    if (job.status !== 'processing') {
      throw new CoreError('validation', 'Only clips that are being made can be followed again.');
    }
    const now = this.now();
    this.repo.patch(
      id,
      { tracking: true, stuck: false, lastProgressAt: now, nextPollAt: now },
      now,
    );
    this.schedulePoll(id, now);
    return toJob(this.emitJob(id)!);
  }

  /** Delete jobs (segments and outbox rows go with them). */
  delete(ids: readonly string[]): { deleted: number } {
    for (const id of ids) {
      this.stopPolling(id);
      this.d.scheduler.cancel(`compile:${id}`);
    }
    const gone = this.repo.delete(ids);
    if (gone.length > 0) {
      this.d.bus.emit('jobs:removed', { ids: gone });
      this.d.onOutboxChanged();
    }
    return { deleted: gone.length };
  }

  /** Mark or unmark a favourite. */
  setFavourite(id: string, favourite: boolean): Job {
    this.must(id);
    this.repo.patch(id, { favourite }, this.now());
    return toJob(this.emitJob(id)!);
  }

  // ── poller ──────────────────────────────────────────────────────────

  /**
   * VideoDB accepted the clip request (the outbox wrote it as `processing`; `job` is the row as
   * written): follow the job.
   */
  private onAccepted(
    job: JobRecord,
    handle: JobHandle,
    client: VideoDbClient,
    firstPollAt: number,
  ): void {
    const r = job.request;
    // Requested offline before the library knew the video: learn its name now that it is sent
    // (the library names every job of the video and says so with `jobs:changed`).
    if (job.videoName === r.videoId || job.videoName === '') {
      void this.track(this.d.library.videoInfo(r.videoId, r.collectionId));
    }
    // A job address the app will never poll fails now instead of waiting forever.
    const refusal = client.pollRefusal(handle.outputUrl);
    if (refusal !== null) {
      this.d.logger.warn('job address refused; job failed', { jobId: job.id });
      this.failJob(job.id, { code: 'bad-response', message: refusal });
      return;
    }
    if (job.tracking) this.schedulePoll(job.id, firstPollAt);
  }

  /**
   * Poll `jobId` at `at`. `known` is the job's row as this poller last wrote it (see reschedule):
   * whatever else changes a polled job (stop tracking, a new attempt, delete, follow) cancels or
   * replaces this timer, and the copy with it, so the poll need not read the row again.
   */
  private schedulePoll(jobId: string, at: number, known?: JobRecord): void {
    this.d.scheduler.schedule(`job:${jobId}`, at, () => this.track(this.pollOnce(jobId, known)));
  }

  /** No more polls of `id`: its timer goes, and an answer still on its way is ignored. */
  private stopPolling(id: string): void {
    this.d.scheduler.cancel(`job:${id}`);
    this.pollsInFlight.delete(id);
  }

  private async pollOnce(jobId: string, known?: JobRecord): Promise<void> {
    let job = known ?? this.repo.get(jobId);
    if (!job || job.status !== 'processing' || !job.tracking || !job.outputUrl || this.closed)
      return;
    const outputUrl = job.outputUrl;
    const client = this.d.client();
    const refusal = client.pollRefusal(outputUrl);
    // A job of another address is polled only by a client of that address (with its own key);
    // one recorded before addresses were (null) is taken as such when its job address is refused.
    const otherAddress =
      job.apiBaseUrl !== null ? job.apiBaseUrl !== client.baseUrl : refusal !== null;
    if (otherAddress) {
      this.parkForOtherAddress(job);
      return;
    }
    if (refusal !== null) {
      this.failJob(jobId, { code: 'bad-response', message: refusal });
      return;
    }
    if (isOtherAddressNote(job.error)) {
      const now = this.now();
      this.repo.patch(jobId, { error: null }, now);
      this.emitJob(jobId);
      job = { ...job, error: null, updatedAt: now };
    }
    // Stopped, sent again or deleted while this poll waits for its answer: the answer is stale.
    const token = Symbol(jobId);
    this.pollsInFlight.set(jobId, token);
    const current = (): boolean => !this.closed && this.pollsInFlight.get(jobId) === token;
    const release = await this.d.limiter.acquire();
    if (!current()) {
      release();
      return;
    }
    let result: Awaited<ReturnType<VideoDbClient['poll']>>;
    try {
      result = await client.poll(outputUrl, this.abort.signal);
    } catch (err) {
      release();
      if (!current()) return;
      this.pollsInFlight.delete(jobId);
      const info = toAppError(err);
      if (info.code === 'not-found') {
        this.failJob(jobId, EXPIRED);
        return;
      }
      this.d.logger.debug('poll failed; will poll again', { jobId, code: info.code });
      this.reschedule(job, job.progress, false);
      return;
    }
    release();
    if (!current()) return;
    this.pollsInFlight.delete(jobId);
    if (result.state === 'running') {
      const moved = result.percentage !== null && result.percentage !== job.progress;
      this.reschedule(job, result.percentage ?? job.progress, moved);
    } else if (result.state === 'done') {
      await this.complete(job, result.data);
    } else {
      const info = result.error.toInfo();
      this.failJob(jobId, info.code === 'not-found' ? EXPIRED : info);
    }
  }

  /** Not polled (no timer) until the job's own address is current again: see onAddressChanged. */
  private parkForOtherAddress(job: JobRecord): void {
    const origin = job.apiBaseUrl ?? originOf(job.outputUrl);
    const note = otherAddressNote(origin);
    if (job.error?.message === note.message && job.nextPollAt === null) return;
    if (this.repo.patch(job.id, { error: note, nextPollAt: null }, this.now()))
      this.emitJob(job.id);
  }

  private reschedule(job: JobRecord, progress: number | null, moved: boolean): void {
    const now = this.now();
    const lastProgressAt = moved ? now : (job.lastProgressAt ?? job.sentAt ?? now);
    const stuck = now - lastProgressAt >= this.d.tuning.stuckAfterMs;
    const interval = nextPollInterval(job.pollIntervalMs, moved, this.d.tuning);
    const at = alignPollAt(now, this.planner.next(job, progress, now));
    // Write only when something the user sees changed (§5): a stale next_poll_at only means a
    // poll at once after a restart.
    const changed = moved || stuck !== job.stuck || progress !== job.progress;
    const patch = {
      progress,
      stuck,
      lastProgressAt,
      pollIntervalMs: interval,
      nextPollAt: at,
    };
    if (changed && !this.repo.patchProgress(job.id, patch, now)) return;
    if (moved || stuck !== job.stuck) this.emitJob(job.id);
    this.schedulePoll(job.id, at, changed ? { ...job, ...patch, updatedAt: now } : job);
  }

  private async complete(job: JobRecord, data: unknown): Promise<void> {
    const client = this.d.client();
    let segments: Segment[];
    let sourceStreamUrl: string | null;
    try {
      const parsed = client.parseClipResult(data);
      segments = parsed.segments;
      sourceStreamUrl = parsed.sourceStreamUrl;
    } catch (err) {
      this.failJob(job.id, toAppError(err));
      return;
    }
    // "Play in context" needs the whole source video. A result's `stream_url` may be a stream of
    // the matched shots only (the local server does that), so the library's stream comes first.
    const info = await this.d.library.videoInfo(job.request.videoId, job.request.collectionId);
    sourceStreamUrl = info?.streamUrl ?? sourceStreamUrl;
    const now = this.now();
    const ok = this.repo.finish(
      job.id,
      segments,
      {
        status: 'done',
        progress: 100,
        stuck: false,
        finishedAt: now,
        nextPollAt: null,
        sourceStreamUrl,
        compilePending: segments.length > 0,
        error: null,
      },
      now,
    );
    if (!ok) return;
    this.planner.ended(job, now);
    if (job.request.contentType === 'spoken') {
      this.d.library.recordSpeechSearchable(job.request.videoId, true);
    }
    const rec = this.emitJob(job.id);
    if (rec) this.notify(rec);
    if (segments.length > 0) await this.compileClip(job.id);
  }

  /** Fetch one playable clip of all segments; on failure keep the segments and try next start. */
  private async compileClip(jobId: string, attempt = 1): Promise<void> {
    const job = this.repo.get(jobId);
    if (!job || job.segments.length === 0 || this.closed) return;
    try {
      const clip = await this.d.limiter.run(() =>
        this.d.client().compile(compileItems(job), this.abort.signal),
      );
      const ok = this.repo.patch(
        jobId,
        {
          clipStreamUrl: clip.streamUrl,
          clipPlayerUrl: clip.playerUrl,
          linksMintedAt: this.now(),
          compilePending: false,
        },
        this.now(),
      );
      if (ok) this.emitJob(jobId);
    } catch (err) {
      const info = toAppError(err);
      const transient = (err instanceof VideoDbError && err.transient) || info.code === 'offline';
      // A network hiccup or a busy server: try again in this run, with backoff (the scheduler
      // holds it while offline). Anything else, or after a few tries: at the next start.
      const again = transient && attempt < COMPILE_ATTEMPTS && !this.closed;
      this.d.logger.warn(
        again
          ? 'could not compile the clip; trying again soon'
          : 'could not compile the clip; will try again at next start',
        { jobId, code: info.code, attempt },
      );
      if (again) {
        const at = this.now() + outboxBackoffMs(attempt, this.d.tuning, this.random);
        this.d.scheduler.schedule(`compile:${jobId}`, at, () =>
          this.track(this.compileClip(jobId, attempt + 1)),
        );
      }
    }
  }

  private failJob(jobId: string, error: AppErrorInfo): void {
    const now = this.now();
    const ok = this.repo.patch(
      jobId,
      { status: 'failed', error, finishedAt: now, nextPollAt: null, stuck: false },
      now,
    );
    if (!ok) return;
    this.afterFailure(jobId, error);
    const rec = this.emitJob(jobId);
    if (rec) this.notify(rec);
  }

  private afterFailure(jobId: string, error: AppErrorInfo): void {
    const job = this.repo.get(jobId);
    if (job?.request.contentType === 'spoken' && saysNotSearchableBySpeech(error)) {
      this.d.library.recordSpeechSearchable(job.request.videoId, false);
    }
  }

  private notify(job: JobRecord): void {
    if (!this.d.notifier || !this.d.notificationsOn()) return;
    const what = `“${job.request.prompt}” in ${job.videoName}`;
    try {
      if (job.status === 'done') {
        const n = job.segments.length;
        this.d.notifier.notify({
          title: 'Clip ready',
          body: `${what}: ${n} ${n === 1 ? 'moment' : 'moments'} found.`,
          jobId: job.id,
        });
      } else if (job.status === 'failed') {
        this.d.notifier.notify({
          title: 'Clip failed',
          body: `${what}: ${job.error?.message ?? 'something went wrong.'}`,
          jobId: job.id,
        });
      }
    } catch (err) {
      this.d.logger.warn('notification failed', { error: String(err) });
    }
  }
}
