/**
 * The library: collections, videos and scene indexes, fetched through the client and cached with
 * the time they were fetched, so the user can browse offline. Also "make searchable" tasks,
 * polled through the same scheduler and request limit as clip jobs.
 */
import type {
  AppErrorInfo,
  Collection,
  IndexingTask,
  SceneIndex,
  Video,
} from '../../shared/domain';
import { CoreError, toAppError } from '../errors';
import { toIndexingTask, toJob, type IndexingTaskRecord } from '../store';
import { nextPollInterval, pollDelayMs } from '../engine';
import type { EngineServices, JobLibraryHooks } from '../jobs';

/** Dependencies of {@link LibraryService}: the engine's shared services. */
export type LibraryDeps = EngineServices;

/** Cached lists younger than this are served without asking the API again. */
const COLLECTIONS_FRESH_MS = 30_000;
/** Cached videos older than this are refreshed in the background while online. */
const VIDEOS_STALE_MS = 10 * 60_000;
/**
 * A "not searchable by speech" older than this is forgotten (shown as unknown): an index may have
 * been made elsewhere since. It is not asked again by a read: the only read that tells, the
 * transcript, STARTS a transcript job on the user's account when there is none (videodb-api.md
 * §4), and neither the video object nor the scene index list says anything about speech. So it
 * is learned again only when the user acts: a spoken clip's outcome, or "Make searchable by
 * speech", which answers at once, without new work, when an index already exists.
 */
export const SPEECH_NO_FORGOTTEN_AFTER_MS = 24 * 60 * 60_000;

/** A saved list of scene indexes younger than this answers readiness without asking the API. */
const SCENES_FRESH_MS = 10 * 60_000;

/** How long a video lookup that failed is not repeated (one per video per minute, not per clip). */
const VIDEO_MISS_MEMORY_MS = 60_000;

const NOT_SAVED_OFFLINE =
  'You are offline, and this part of your library has not been saved on this computer yet.';

/** Errors after which the saved copy is the best answer (the network, not the request, failed). */
function isNetworkTrouble(err: unknown): boolean {
  const code = toAppError(err).code;
  return code === 'offline' || code === 'timeout' || code === 'server' || code === 'rate-limited';
}

/** Collections, videos, scene indexes and indexing tasks. */
export class LibraryService implements JobLibraryHooks {
  private readonly videoFetches = new Map<string, Promise<void>>();
  /** When a video lookup last came back empty (see {@link VIDEO_MISS_MEMORY_MS}). */
  private readonly videoMisses = new Map<string, number>();
  private readonly videoLookups = new Map<
    string,
    Promise<{ name: string; streamUrl: string | null } | null>
  >();
  /** The collections fetch in flight: identical refreshes share it instead of asking again. */
  private collectionsFetch: Promise<void> | null = null;
  private readonly announcing = new Set<string>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(private readonly d: LibraryDeps) {}

  private get repo() {
    return this.d.store.library;
  }
  private now(): number {
    return this.d.clock.now();
  }
  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p)).catch(() => undefined);
    return p;
  }

  // ── collections ─────────────────────────────────────────────────────

  /** Collections: from the API when online (and not fresh), else the saved copy. */
  async listCollections(input: { refresh: boolean }): Promise<{
    collections: Collection[];
    fromCache: boolean;
    fetchedAt: number | null;
  }> {
    const cached = this.repo.collections();
    const fresh = cached.fetchedAt !== null && this.now() - cached.fetchedAt < COLLECTIONS_FRESH_MS;
    if (this.d.isOnline() && (input.refresh || !fresh)) {
      try {
        await this.fetchCollections();
        const c = this.repo.collections();
        return { collections: c.collections, fromCache: false, fetchedAt: c.fetchedAt };
      } catch (err) {
        if (!isNetworkTrouble(err) || cached.fetchedAt === null) throw err;
      }
    } else if (!this.d.isOnline() && cached.fetchedAt === null) {
      throw new CoreError('offline', NOT_SAVED_OFFLINE);
    }
    return {
      collections: cached.collections,
      fromCache: !this.d.isOnline() || input.refresh || !fresh,
      fetchedAt: cached.fetchedAt,
    };
  }

  private fetchCollections(): Promise<void> {
    this.collectionsFetch ??= (async () => {
      const { collections, defaultCollectionId } = await this.d.client().listCollections();
      this.repo.saveCollections(
        collections.map((c) => ({ ...c, isDefault: c.isDefault || c.id === defaultCollectionId })),
        this.now(),
      );
    })().finally(() => {
      this.collectionsFetch = null;
    });
    return this.collectionsFetch;
  }

  // ── videos ──────────────────────────────────────────────────────────

  /** A page of a collection's videos from the cache; the first request fetches every page. */
  async listVideos(input: {
    collectionId: string;
    search?: string | undefined;
    refresh: boolean;
    offset: number;
    limit: number;
  }): Promise<{ videos: Video[]; total: number; fromCache: boolean; fetchedAt: number | null }> {
    const cid = input.collectionId;
    this.repo.forgetStaleSpeech(this.now() - SPEECH_NO_FORGOTTEN_AFTER_MS, { collectionId: cid });
    let fetchedAt = this.repo.videosFetchedAt(cid);
    let fromCache = !this.d.isOnline();
    if (input.refresh || fetchedAt === null) {
      if (this.d.isOnline()) {
        try {
          await this.fetchVideos(cid);
          fromCache = false;
        } catch (err) {
          if (!isNetworkTrouble(err) || fetchedAt === null) throw err;
          fromCache = true;
        }
      } else if (fetchedAt === null) {
        throw new CoreError('offline', NOT_SAVED_OFFLINE);
      }
      fetchedAt = this.repo.videosFetchedAt(cid);
    } else if (this.d.isOnline() && this.now() - fetchedAt > VIDEOS_STALE_MS) {
      // Serve the saved copy now; the fresh one arrives as `library:changed`.
      void this.track(this.fetchVideos(cid)).catch((err: unknown) =>
        this.d.logger.warn('background video refresh failed', { code: toAppError(err).code }),
      );
    }
    const page = this.repo.listVideos(cid, input.search, input.offset, input.limit);
    return { ...page, fromCache, fetchedAt };
  }

  /** Fetch every page of a collection, storing pages as they arrive (one fetch at a time). */
  private fetchVideos(collectionId: string): Promise<void> {
    const running = this.videoFetches.get(collectionId);
    if (running) return running;
    const p = (async () => {
      const startedAt = this.now();
      let ord = 0;
      await this.d.client().listAllVideos(collectionId, {
        signal: this.abort.signal,
        onPage: (videos) => {
          this.repo.saveVideosPage(videos, ord, this.now());
          ord += videos.length;
          this.nameWaitingJobs();
        },
      });
      this.repo.finishVideosFetch(collectionId, startedAt, this.now());
      this.d.bus.emit('library:changed', { collectionId });
    })().finally(() => this.videoFetches.delete(collectionId));
    this.videoFetches.set(collectionId, p);
    return p;
  }

  /** Fetch collections and (when given) a collection's videos again. */
  async refresh(input: { collectionId?: string | undefined }): Promise<{ ok: true }> {
    if (!this.d.isOnline()) {
      throw new CoreError(
        'offline',
        'You are offline. The library will refresh when you are back online.',
      );
    }
    await this.fetchCollections();
    this.d.bus.emit('library:changed', { collectionId: null });
    if (input.collectionId !== undefined) await this.fetchVideos(input.collectionId);
    return { ok: true };
  }

  /**
   * One video with its scene indexes and indexing tasks. "Searchable by scenes" comes from the
   * API's list of scene indexes; "searchable by speech" only from what the app learned (see
   * {@link SPEECH_NO_FORGOTTEN_AFTER_MS}): opening a video never starts work on the account.
   */
  async getVideo(input: { videoId: string; collectionId: string }): Promise<{
    video: Video;
    sceneIndexes: SceneIndex[];
    indexing: IndexingTask[];
    fromCache: boolean;
    fetchedAt: number | null;
  }> {
    const { videoId, collectionId } = input;
    if (this.repo.forgetStaleSpeech(this.now() - SPEECH_NO_FORGOTTEN_AFTER_MS, { videoId }) > 0) {
      // The list shows the same flag: let it read the video again.
      this.d.bus.emit('library:changed', { collectionId });
    }
    if (this.d.isOnline()) {
      try {
        const client = this.d.client();
        // Never the transcript here: asking for one the API does not have starts a job.
        const [video, sceneIndexes] = await Promise.all([
          client.getVideo(videoId, collectionId),
          client.listSceneIndexes(videoId),
        ]);
        const now = this.now();
        this.d.store.transaction(() => {
          this.repo.saveVideo(
            {
              ...video,
              // null keeps what the app learned (the upsert does not overwrite with unknown)
              searchableBySpeech: null,
              searchableByScenes: sceneIndexes.some((s) => s.status === 'done'),
            },
            now,
          );
          this.repo.saveSceneIndexes(videoId, sceneIndexes, now);
        });
        this.nameWaitingJobs(videoId);
        const saved = this.repo.getVideo(videoId, collectionId);
        return {
          video: saved?.video ?? video,
          sceneIndexes,
          indexing: this.repo.tasksFor(videoId).map(toIndexingTask),
          fromCache: false,
          fetchedAt: now,
        };
      } catch (err) {
        if (!isNetworkTrouble(err)) throw err;
      }
    }
    const cached = this.repo.getVideo(videoId, collectionId);
    if (!cached) throw new CoreError('offline', NOT_SAVED_OFFLINE);
    return {
      video: cached.video,
      sceneIndexes: this.repo.sceneIndexes(videoId).sceneIndexes,
      indexing: this.repo.tasksFor(videoId).map(toIndexingTask),
      fromCache: true,
      fetchedAt: cached.fetchedAt,
    };
  }

  // ── hooks for the job engine ────────────────────────────────────────

  /** Name and stream of a video from the cache, else the API (errors → null). */
  videoInfo(
    videoId: string,
    collectionId: string,
  ): Promise<{ name: string; streamUrl: string | null } | null> {
    // One lookup per video at a time: a queue of 2000 clips of six videos sent at once asks six times.
    const key = `${collectionId}\u0000${videoId}`;
    const pending = this.videoLookups.get(key);
    if (pending) return pending;
    // A video the API would not describe just now is not asked for again at every clip of it.
    const missedAt = this.videoMisses.get(key);
    if (missedAt !== undefined && this.now() - missedAt < VIDEO_MISS_MEMORY_MS)
      return Promise.resolve(null);
    const p = this.lookUpVideo(videoId, collectionId, key).finally(() =>
      this.videoLookups.delete(key),
    );
    this.videoLookups.set(key, p);
    return p;
  }

  private async lookUpVideo(
    videoId: string,
    collectionId: string,
    key: string,
  ): Promise<{ name: string; streamUrl: string | null } | null> {
    const cached = this.repo.getVideo(videoId, collectionId) ?? this.repo.getVideo(videoId);
    if (cached) {
      this.nameWaitingJobs(videoId);
      return { name: cached.video.name, streamUrl: cached.video.streamUrl };
    }
    if (!this.d.isOnline()) return null;
    try {
      // Inside the global request limit, like every other request the engine makes on its own.
      const video = await this.d.limiter.run(() => this.d.client().getVideo(videoId, collectionId));
      this.repo.saveVideo(video, this.now());
      this.videoMisses.delete(key);
      this.nameWaitingJobs(videoId);
      return { name: video.name, streamUrl: video.streamUrl };
    } catch {
      this.videoMisses.set(key, this.now());
      return null;
    }
  }

  /**
   * Jobs requested before the library knew their video (offline) carry its raw id as their name:
   * now that the cache knows the video, they take its name (`jobs:changed` for each).
   */
  private nameWaitingJobs(videoId?: string): void {
    try {
      for (const rec of this.d.store.jobs.nameFromLibrary(this.now(), videoId)) {
        this.d.bus.emit('jobs:changed', toJob(rec));
      }
    } catch (err) {
      // A name is cosmetic: never let it fail the library call that learned it.
      this.d.logger.warn('could not name waiting jobs', { code: toAppError(err).code });
    }
  }

  /** Scene indexes for validating a request: fresh when online, else saved, else unknown. */
  async sceneIndexes(videoId: string): Promise<SceneIndex[] | null> {
    if (this.d.isOnline()) {
      try {
        const list = await this.d.client().listSceneIndexes(videoId);
        this.repo.saveSceneIndexes(videoId, list, this.now());
        return list;
      } catch (err) {
        if (toAppError(err).code === 'not-found') {
          throw new CoreError('not-found', 'This video no longer exists.');
        }
      }
    }
    const cached = this.repo.sceneIndexes(videoId);
    return cached.fetchedAt === null ? null : cached.sceneIndexes;
  }

  /**
   * What the app knows of a video's indexes, for readiness before a multi-clip (issue 12 §2).
   * Scenes: the saved list when younger than {@link SCENES_FRESH_MS}, else asked (inside the
   * global limit) while online. Speech: only what the app learned (see
   * {@link SPEECH_NO_FORGOTTEN_AFTER_MS}). Never starts work on the account.
   */
  async searchability(
    videoId: string,
    collectionId: string,
    opts: { scenes: boolean },
  ): Promise<{
    name: string;
    length: number | null;
    speech: boolean | null;
    scenes: boolean | null;
    running: IndexingTask['kind'][];
  }> {
    const cached = this.repo.getVideo(videoId, collectionId) ?? this.repo.getVideo(videoId);
    let scenes: boolean | null = cached?.video.searchableByScenes ?? null;
    if (opts.scenes && scenes !== true) {
      const saved = this.repo.sceneIndexes(videoId);
      const fresh = saved.fetchedAt !== null && this.now() - saved.fetchedAt < SCENES_FRESH_MS;
      let list = saved.fetchedAt === null ? null : saved.sceneIndexes;
      if (!fresh && this.d.isOnline()) {
        try {
          list = await this.d.limiter.run(() =>
            this.d.client().listSceneIndexes(videoId, this.abort.signal),
          );
          this.repo.saveSceneIndexes(videoId, list, this.now());
        } catch (err) {
          if (toAppError(err).code === 'not-found') {
            throw new CoreError('not-found', 'This video no longer exists.');
          }
        }
      }
      if (list !== null) {
        const known = list.some((x) => x.status === 'done');
        if (known !== scenes && cached) {
          // The library's badge learns it too.
          this.repo.setSearchable(videoId, { scenes: known }, this.now());
          this.announceLater(cached.video.collectionId);
        }
        scenes = known;
      }
    }
    const running = this.repo
      .tasksFor(videoId)
      .filter((t) => t.status === 'running')
      .map((t) => t.kind);
    return {
      name: cached?.video.name ?? videoId,
      length: cached?.video.length ?? null,
      speech: cached?.video.searchableBySpeech ?? null,
      scenes,
      running,
    };
  }

  /** One `library:changed` per collection for many videos learned together (gathered 100 ms). */
  private announceLater(collectionId: string): void {
    if (this.announcing.has(collectionId)) return;
    this.announcing.add(collectionId);
    this.d.clock.setTimeout(() => {
      this.announcing.delete(collectionId);
      if (!this.closed) this.d.bus.emit('library:changed', { collectionId });
    }, 100);
  }

  /** The "make searchable" task of one index of a video, if any. */
  indexingTask(videoId: string, kind: IndexingTask['kind']): IndexingTask | null {
    const t = this.repo.task(videoId, kind);
    return t ? toIndexingTask(t) : null;
  }

  /** A clip outcome told us whether the video is searchable by speech (and when). */
  recordSpeechSearchable(videoId: string, searchable: boolean): void {
    const before = this.repo.getVideo(videoId);
    this.repo.setSearchable(videoId, { speech: searchable }, this.now());
    if (before?.video.searchableBySpeech === searchable) return;
    this.d.bus.emit('library:changed', { collectionId: before?.video.collectionId ?? null });
  }

  // ── make searchable ─────────────────────────────────────────────────

  /** Start spoken-word or scene indexing; progress arrives as `library:indexing`. */
  async makeSearchable(input: {
    videoId: string;
    collectionId: string;
    kind: IndexingTask['kind'];
  }): Promise<IndexingTask> {
    const { videoId, collectionId, kind } = input;
    const existing = this.repo.task(videoId, kind);
    if (existing?.status === 'running') return toIndexingTask(existing);
    if (!this.d.isOnline()) {
      throw new CoreError(
        'offline',
        'You are offline. Making a video searchable needs a connection.',
      );
    }
    const client = this.d.client();
    const now = this.now();
    const base: IndexingTaskRecord = {
      videoId,
      collectionId,
      kind,
      status: 'running',
      progress: 0,
      error: null,
      outputUrl: null,
      sceneIndexId: null,
      nextPollAt: now + this.d.tuning.firstPollMs,
      pollIntervalMs: null,
      lastProgressAt: now,
      createdAt: now,
      updatedAt: now,
    };
    let task: IndexingTaskRecord;
    if (kind === 'spoken') {
      const r = await client.indexSpokenWords(videoId);
      task = 'alreadyExists' in r ? { ...base } : { ...base, outputUrl: r.outputUrl };
      if ('alreadyExists' in r) {
        this.repo.saveTask(task);
        return toIndexingTask(this.finishTask(task));
      }
    } else {
      const r = await client.indexScenes(videoId);
      task = { ...base, outputUrl: r.job?.outputUrl ?? null, sceneIndexId: r.sceneIndexId };
      if (!task.outputUrl && !task.sceneIndexId) {
        throw new CoreError('bad-response', 'VideoDB did not say which scene index it started.');
      }
    }
    this.repo.saveTask(task);
    this.d.bus.emit('library:indexing', toIndexingTask(task));
    this.schedule(task);
    return toIndexingTask(task);
  }

  private schedule(t: IndexingTaskRecord): void {
    this.d.scheduler.schedule(`index:${t.videoId}:${t.kind}`, t.nextPollAt ?? this.now(), () =>
      this.track(this.pollTask(t.videoId, t.kind)),
    );
  }

  private async pollTask(videoId: string, kind: IndexingTask['kind']): Promise<void> {
    const t = this.repo.task(videoId, kind);
    if (!t || t.status !== 'running' || this.closed) return;
    const client = this.d.client();
    try {
      if (t.outputUrl) {
        const res = await this.d.limiter.run(() => client.poll(t.outputUrl!, this.abort.signal));
        if (res.state === 'running') return this.reschedule(t, res.percentage);
        if (res.state === 'failed') return this.failTask(t, res.error.toInfo());
        this.finishTask(t);
        await this.refreshFlags(t);
      } else {
        const list = await this.d.limiter.run(() =>
          client.listSceneIndexes(videoId, this.abort.signal),
        );
        const mine = list.find((s) => s.id === t.sceneIndexId);
        if (mine?.status !== 'done') return this.reschedule(t, null);
        this.finishTask(t);
        await this.refreshFlags(t);
      }
    } catch (err) {
      if (this.closed) return;
      const info = toAppError(err);
      if (info.code === 'not-found') {
        return this.failTask(t, {
          code: 'not-found',
          message: 'This job has expired on the server.',
        });
      }
      this.reschedule(t, null);
    }
  }

  private reschedule(t: IndexingTaskRecord, percentage: number | null): void {
    const now = this.now();
    const moved = percentage !== null && percentage !== t.progress;
    const interval = nextPollInterval(t.pollIntervalMs, moved, this.d.tuning);
    const delay = pollDelayMs(
      interval,
      { percentage: percentage ?? t.progress, elapsedMs: now - t.createdAt, moved },
      this.d.tuning,
    );
    const next: IndexingTaskRecord = {
      ...t,
      progress: percentage ?? t.progress,
      pollIntervalMs: interval,
      nextPollAt: now + delay,
      lastProgressAt: moved ? now : t.lastProgressAt,
      updatedAt: now,
    };
    this.repo.saveTask(next);
    if (moved) this.d.bus.emit('library:indexing', toIndexingTask(next));
    this.schedule(next);
  }

  private finishTask(t: IndexingTaskRecord): IndexingTaskRecord {
    const now = this.now();
    const done: IndexingTaskRecord = {
      ...t,
      status: 'done',
      progress: 100,
      error: null,
      nextPollAt: null,
      updatedAt: now,
    };
    this.d.store.transaction(() => {
      this.repo.saveTask(done);
      if (t.kind === 'spoken') this.repo.setSearchable(t.videoId, { speech: true }, now);
      else this.repo.setSearchable(t.videoId, { scenes: true }, now);
    });
    this.d.bus.emit('library:indexing', toIndexingTask(done));
    this.d.bus.emit('library:changed', { collectionId: t.collectionId });
    return done;
  }

  /** After a scene index finished, take the API's list of scene indexes as the truth. */
  private async refreshFlags(t: IndexingTaskRecord): Promise<void> {
    if (t.kind !== 'scenes') return;
    try {
      const list = await this.d.client().listSceneIndexes(t.videoId, this.abort.signal);
      this.repo.saveSceneIndexes(t.videoId, list, this.now());
      this.d.bus.emit('library:changed', { collectionId: t.collectionId });
    } catch {
      // the flag is already set from the finished task; the list refreshes on the next detail view
    }
  }

  private failTask(t: IndexingTaskRecord, error: AppErrorInfo): void {
    const failed: IndexingTaskRecord = {
      ...t,
      status: 'failed',
      error,
      nextPollAt: null,
      updatedAt: this.now(),
    };
    this.repo.saveTask(failed);
    this.d.bus.emit('library:indexing', toIndexingTask(failed));
  }

  /** Resume polling of tasks that were running when the app closed. */
  start(): void {
    for (const t of this.repo.runningTasks()) this.schedule(t);
  }

  /** Stop background work and wait for it. */
  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    while (this.inflight.size > 0 || this.videoFetches.size > 0) {
      await Promise.allSettled([...this.inflight, ...this.videoFetches.values()]);
    }
  }
}
