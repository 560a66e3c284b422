/**
 * One prompt across many videos (issue 12 §1). A multi-clip is a parent in its own table with
 * one child per video; each child is an ordinary clip job made through `jobs.submit`, so it goes
 * through the same outbox (sent exactly once, queued while offline, `uncertain` rules unchanged),
 * the same poller and the same concurrency limit as any clip: 300 videos are 300 queued requests,
 * not 300 parallel ones. The parent's status is read from its children's jobs; its answer is their
 * segments merged and ranked (merge.ts); its reel is the top N compiled across videos.
 *
 * A submit stores the parent and its children first, then asks for each child's clip; if the app
 * stops half way, the next start asks for the rest (a child asked twice is the same job: the
 * engine deduplicates requests in flight by fingerprint).
 */
import { randomUUID } from 'node:crypto';
import {
  ErrorCode,
  type ContentType,
  type IndexKind,
  type Job,
  type JobSummary,
  type ModelTier,
  type MultiClip,
  type MultiClipChild,
  type MultiClipDetail,
  type MultiClipReadiness,
} from '../../shared/domain';
import { GatheredAnnouncer, KeyedQueue, type EventBus } from '../engine';
import { CoreError, toAppError } from '../errors';
import { saysNotSearchableBySpeech, type JobEngine } from '../jobs';
import type { LibraryService } from '../library';
import { toJob, toJobSummary, type MultiClipRecord, type PrepKind, type Store } from '../store';
import type { ClipboardWriter, Clock, Logger } from '../types';
import { formatMultiClip, type MultiClipCopyFormat } from './format-multiclip';
import type { VideoDbClient } from '../videodb';
import { breakdown, rankAcross, reelOf, type ChildAnswer } from './merge';

/** The most videos one multi-clip asks about. */
export const MAX_MULTICLIP_VIDEOS = 1000;
/** How long the children's changes are gathered before the parent is announced again. */
const ANNOUNCE_EVERY_MS = 100;
/**
 * A rough guess of VideoDB's indexing time, in seconds of work per second of video, for "about N
 * minutes" (the API says nothing in advance; VideoDB indexes videos side by side, so the longest
 * one sets the time). A guess, said as one.
 */
const INDEX_SECONDS_PER_SECOND: Record<IndexKind, number> = { spoken: 0.15, scenes: 0.3 };
/** Added to every estimate: starting the job and noticing it finished. */
const INDEX_OVERHEAD_S = 30;
/** The length assumed for a video whose length the library does not know. */
const UNKNOWN_LENGTH_S = 10 * 60;

/** The indexes a content type needs: spoken words, scenes, or both. */
function needsOf(contentType: ContentType): { speech: boolean; scenes: boolean } {
  return { speech: contentType !== 'visual', scenes: contentType !== 'spoken' };
}

const KIND_WORDS: Record<IndexKind, string> = { spoken: 'by speech', scenes: 'by scenes' };

/** What the service needs from the rest of the core. */
export interface MultiClipDeps {
  store: Store;
  jobs: JobEngine;
  library: LibraryService;
  client: () => VideoDbClient;
  isOnline: () => boolean;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** The system clipboard (copying the answer). */
  clipboard: ClipboardWriter;
}

/** What `multiclip:submit` takes (parsed). */
export interface MultiClipInput {
  videos?: Array<{ videoId: string; collectionId: string }> | undefined;
  wholeCollection?: string | undefined;
  prompt: string;
  contentType: ContentType;
  modelName: ModelTier;
  /** Ask collection search first which videos are worth asking (only while online). */
  narrow?: boolean | undefined;
  /** Make the videos that miss an index searchable first (the person said yes). */
  prepare?: boolean | undefined;
}

type VideoRef = { videoId: string; collectionId: string };

/** What the parent's view reads of a child's job. */
type ChildJob = Pick<JobSummary, 'videoName' | 'status' | 'error' | 'segmentCount'>;

/** Multi-clips: one engine per core. */
export class MultiClipService {
  private readonly announcer: GatheredAnnouncer;
  private readonly asking: KeyedQueue;
  private closed = false;
  private readonly off: () => void;

  constructor(private readonly d: MultiClipDeps) {
    this.announcer = new GatheredAnnouncer(d.clock, ANNOUNCE_EVERY_MS, (ids) => {
      for (const id of ids) {
        const rec = d.store.multiclips.get(id);
        if (rec) d.bus.emit('multiclip:changed', this.view(rec));
      }
    });
    this.asking = new KeyedQueue(d.logger, 'multi-clip submit');
    // A child's job changed: its parent is announced again (gathered, at most every 100 ms).
    const offs = [
      d.bus.on('jobs:changed', (job) => {
        for (const id of d.store.multiclips.ofJob(job.id)) this.announcer.add(id);
      }),
      // A video being made searchable for a child moved on: show it; once it is done (or failed),
      // the child's clip is asked for (or the child says why not).
      d.bus.on('library:indexing', (task) => {
        for (const id of d.store.multiclips.waitingFor(task.videoId)) {
          if (task.status === 'running') {
            this.announcer.add(id);
          } else this.ask(id);
        }
      }),
      // Back online: preparation that could not be asked for while offline is asked for now.
      d.bus.on('connectivity:changed', (state) => {
        if (!state.online) return;
        for (const id of d.store.multiclips.unfinished()) this.ask(id);
      }),
    ];
    this.off = () => offs.forEach((off) => off());
  }

  /**
   * Which of these videos can answer the content type: known ready, known to miss an index (or
   * being made searchable), or not known. Reads only what the app saved or can read without
   * starting work on the account; the scene lists it asks for go through the global limit.
   */
  async readiness(input: {
    videos?: VideoRef[] | undefined;
    wholeCollection?: string | undefined;
    contentType: ContentType;
  }): Promise<MultiClipReadiness> {
    const videos = unique(input.videos ?? (await this.collectionVideos(input.wholeCollection!)));
    const need = needsOf(input.contentType);
    const online = this.d.isOnline();
    const checks = await Promise.all(
      videos.map(async (v) => {
        try {
          return { v, s: await this.d.library.searchability(v.videoId, v.collectionId, need) };
        } catch {
          return { v, s: null };
        }
      }),
    );
    const out: MultiClipReadiness = {
      total: videos.length,
      ready: 0,
      missing: [],
      speechUnknown: 0,
      scenesUnknown: 0,
      estimateMinutes: null,
      usage: null,
      online,
    };
    let longestS = 0;
    for (const { v, s } of checks) {
      if (s === null) {
        if (need.scenes) out.scenesUnknown++;
        else out.speechUnknown++;
        continue;
      }
      const kinds: IndexKind[] = [];
      const running = (k: IndexKind): boolean => s.running.includes(k);
      if (need.speech && (s.speech === false || running('spoken'))) kinds.push('spoken');
      if (need.scenes && (s.scenes === false || running('scenes'))) kinds.push('scenes');
      if (need.speech && s.speech === null && !running('spoken')) out.speechUnknown++;
      if (need.scenes && s.scenes === null && !running('scenes')) out.scenesUnknown++;
      if (kinds.length > 0) {
        const preparing = kinds.every(running);
        out.missing.push({
          videoId: v.videoId,
          collectionId: v.collectionId,
          videoName: s.name,
          length: s.length,
          kinds,
          preparing,
        });
        const length = s.length ?? UNKNOWN_LENGTH_S;
        const work = kinds.reduce((sum, k) => sum + length * INDEX_SECONDS_PER_SECOND[k], 0);
        longestS = Math.max(longestS, work + INDEX_OVERHEAD_S);
      } else if ((!need.speech || s.speech === true) && (!need.scenes || s.scenes === true)) {
        out.ready++;
      }
    }
    if (out.missing.length > 0) out.estimateMinutes = Math.max(1, Math.ceil(longestS / 60));
    if (online && out.missing.length > 0) {
      try {
        out.usage = await this.d.client().accountUsage();
      } catch (err) {
        this.d.logger.info('usage could not be read', { code: toAppError(err).code });
      }
    }
    return out;
  }

  /** Store the parent and its children, then ask for each child's clip (in the background). */
  async submit(input: MultiClipInput): Promise<MultiClip> {
    if (this.closed) throw new CoreError('internal', 'The app is closing.');
    const all = unique(input.videos ?? (await this.collectionVideos(input.wholeCollection!)));
    if (all.length === 0)
      throw new CoreError('validation', 'This collection has no videos to ask about.');
    // Videos to make searchable first: kept whatever collection search says (it cannot find
    // what is not indexed yet).
    const prep = new Map<string, PrepKind[]>();
    if (input.prepare === true) {
      const r = await this.readiness({ videos: all, contentType: input.contentType });
      for (const m of r.missing) prep.set(m.videoId, m.kinds);
    }
    let chosen = all;
    let skipped = 0;
    let narrowed = false;
    if (input.narrow === true && this.d.isOnline()) {
      const judged = all.filter((v) => !prep.has(v.videoId));
      const worth = await this.worthAsking(judged, input.prompt, input.contentType);
      if (worth !== null) {
        narrowed = true;
        skipped = judged.length - worth.length;
        const keep = new Set([...worth.map((v) => v.videoId), ...prep.keys()]);
        chosen = all.filter((v) => keep.has(v.videoId));
      }
    }
    const id = randomUUID();
    this.d.store.transaction(() =>
      this.d.store.multiclips.insert({
        id,
        prompt: input.prompt.trim(),
        contentType: input.contentType,
        modelName: input.modelName,
        scopeCollectionId: input.wholeCollection ?? null,
        createdAt: this.d.clock.now(),
        narrowed,
        skipped,
        children: chosen.map((v) => ({ ...v, prep: prep.get(v.videoId) })),
      }),
    );
    const view = this.view(this.need(id));
    this.d.bus.emit('multiclip:changed', view);
    this.ask(id);
    return view;
  }

  /** Newest first. */
  list(): MultiClip[] {
    return this.d.store.multiclips.list(200).map((r) => this.view(r));
  }

  /** The multi-clip a clip job was asked for, or null (a clip asked on its own). */
  parentOf(jobId: string): { id: string; prompt: string; videos: number } | null {
    const id = this.d.store.multiclips.ofJob(jobId)[0];
    const rec = id === undefined ? null : this.d.store.multiclips.get(id);
    return rec ? { id: rec.id, prompt: rec.prompt, videos: rec.children.length } : null;
  }

  /** One multi-clip with its merged, ranked answer. */
  get(id: string): MultiClipDetail {
    const rec = this.need(id);
    const jobs = this.jobsOf(rec);
    const answers: ChildAnswer[] = [];
    for (const c of rec.children) {
      const job = c.jobId === null ? undefined : jobs.get(c.jobId);
      if (job?.status !== 'done') continue;
      answers.push({
        videoId: c.videoId,
        collectionId: c.collectionId,
        videoName: job.videoName,
        segments: job.segments,
      });
    }
    const segments = rankAcross(answers);
    const rows = new Map(
      [...jobs].map(([id, j]) => [id, { ...j, segmentCount: j.segments.length }] as const),
    );
    return { ...this.view(rec, rows), segments, breakdown: breakdown(segments) };
  }

  /** Ask again for the children that failed, or could not be asked for. */
  async retryFailed(id: string, opts: { prepare?: boolean } = {}): Promise<MultiClip> {
    const rec = this.need(id);
    const jobs = this.summariesOf(rec);
    if (opts.prepare === true) {
      // Failed for want of an index: made searchable first, then asked again (prepare()).
      let any = false;
      for (const c of rec.children) {
        const job = c.jobId === null ? undefined : jobs.get(c.jobId);
        const error = c.error ?? (job?.status === 'failed' ? job.error : null);
        const kind = error === null ? null : missingIndexIn(error);
        if (kind === null || (c.jobId !== null && job?.status !== 'failed')) continue;
        this.d.store.multiclips.setChildPrep(id, c.videoId, { kinds: [kind], started: false });
        any = true;
      }
      if (any) this.ask(id, { again: true });
    }
    for (const c of this.need(id).children) {
      if (c.prep !== null) continue;
      if (c.jobId !== null && jobs.get(c.jobId)?.status === 'failed') {
        try {
          await this.d.jobs.retry(c.jobId);
        } catch (err) {
          this.d.logger.warn('multi-clip child retry failed', { error: String(err) });
        }
      }
    }
    if (this.need(id).children.some((c) => c.jobId === null && c.error !== null)) {
      this.ask(id, { again: true });
    }
    return this.view(this.need(id));
  }

  /** Compile the top `topN` segments across videos into one reel. */
  async compile(id: string, topN: number): Promise<MultiClipDetail> {
    const detail = this.get(id);
    const items = reelOf(detail.segments, topN);
    if (items.length === 0)
      throw new CoreError('validation', 'No video has answered with segments yet.');
    const { streamUrl, playerUrl } = await this.d.client().compile(items);
    this.d.store.multiclips.setReel(id, {
      topN: Math.min(topN, detail.segments.length),
      streamUrl,
      playerUrl,
      mintedAt: this.d.clock.now(),
    });
    const next = this.get(id);
    this.d.bus.emit('multiclip:changed', this.view(this.need(id)));
    return next;
  }

  /** Copy the answer (the reel's link, Markdown, JSON or CSV) to the clipboard. */
  async copy(id: string, format: MultiClipCopyFormat): Promise<{ text: string }> {
    const text = formatMultiClip(this.get(id), format);
    await this.d.clipboard.writeText(text);
    return { text };
  }

  /** Ask for the children of interrupted submits. */
  start(): void {
    for (const id of this.d.store.multiclips.unfinished()) this.ask(id);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.off();
    this.announcer.close();
    await this.asking.drain();
  }

  // ───────────────────────────────────────────────────────────────────────

  private need(id: string): MultiClipRecord {
    const rec = this.d.store.multiclips.get(id);
    if (!rec) throw new CoreError('not-found', 'This multi-clip is no longer in the history.');
    return rec;
  }

  /**
   * The videos collection search says match the prompt, in the order given; null when the search
   * could not be asked (then every video is asked, as without narrowing).
   */
  private async worthAsking(
    videos: Array<{ videoId: string; collectionId: string }>,
    prompt: string,
    contentType: ContentType,
  ): Promise<Array<{ videoId: string; collectionId: string }> | null> {
    const index = contentType === 'visual' ? 'scene' : 'spoken_word';
    const hits = new Set<string>();
    try {
      for (const cid of new Set(videos.map((v) => v.collectionId))) {
        const found = await this.d.client().searchCollection(cid, prompt, index);
        for (const f of found) hits.add(f.videoId);
      }
    } catch (err) {
      this.d.logger.warn('collection search failed; asking every video', {
        code: toAppError(err).code,
      });
      return null;
    }
    return videos.filter((v) => hits.has(v.videoId));
  }

  /** Every video of a collection (from the library, saved for offline). */
  private async collectionVideos(
    collectionId: string,
  ): Promise<Array<{ videoId: string; collectionId: string }>> {
    const out: Array<{ videoId: string; collectionId: string }> = [];
    for (let offset = 0; ; offset += 500) {
      const page = await this.d.library.listVideos({
        collectionId,
        refresh: false,
        offset,
        limit: 500,
      });
      if (page.total > MAX_MULTICLIP_VIDEOS) {
        throw new CoreError(
          'validation',
          `This collection has ${page.total.toLocaleString('en')} videos; one prompt can ask up to ${MAX_MULTICLIP_VIDEOS.toLocaleString('en')}. Select the videos instead.`,
        );
      }
      out.push(...page.videos.map((v) => ({ videoId: v.id, collectionId })));
      if (page.videos.length === 0 || out.length >= page.total) return out;
    }
  }

  /** Ask for each child's clip that has none yet (one at a time; the outbox sends them). */
  private ask(id: string, opts: { again?: boolean } = {}): void {
    this.asking.run(id, async () => {
      const rec = this.d.store.multiclips.get(id);
      if (!rec) return;
      for (const c of rec.children) {
        if (this.closed) return;
        if (c.prep !== null) {
          const ready = await this.prepare(id, c, c.prep);
          this.announcer.add(id);
          if (!ready) continue;
          if (c.jobId !== null) {
            // It failed for want of the index it now has: the same job is asked again.
            try {
              this.d.jobs.retry(c.jobId);
            } catch (err) {
              this.d.store.multiclips.setChildError(id, c.videoId, toAppError(err));
            }
            continue;
          }
        } else if (c.jobId !== null || (c.error !== null && !opts.again)) continue;
        try {
          const contentType = rec.contentType as ContentType;
          const sceneIndexId =
            contentType === 'spoken' ? undefined : await this.d.jobs.defaultSceneIndex(c.videoId);
          const { job } = await this.d.jobs.submit({
            videoId: c.videoId,
            collectionId: c.collectionId,
            prompt: rec.prompt,
            contentType,
            modelName: rec.modelName as ModelTier,
            ...(sceneIndexId === undefined ? {} : { sceneIndexId }),
          });
          this.d.store.multiclips.setChildJob(id, c.videoId, job.id);
        } catch (err) {
          const e = toAppError(err);
          this.d.store.multiclips.setChildError(id, c.videoId, e);
        }
        this.announcer.add(id);
      }
    });
  }

  /**
   * Move a child that waits for its video to be made searchable: ask VideoDB for each index not
   * asked for yet (the library tracks the job: persistent, resumed at start, no give-up), note
   * the ones finished. True when nothing is left to wait for (its clip can be asked now); a
   * failure ends the wait with the child failed and the reason.
   */
  private async prepare(
    id: string,
    c: MultiClipRecord['children'][number],
    prep: { kinds: PrepKind[]; started: boolean },
  ): Promise<boolean> {
    const left: PrepKind[] = [];
    let started = true;
    for (const kind of prep.kinds) {
      const task = this.d.library.indexingTask(c.videoId, kind);
      if (task?.status === 'done') continue;
      if (task?.status === 'running') {
        left.push(kind);
        continue;
      }
      if (task?.status === 'failed' && prep.started) {
        this.failPrep(id, c.videoId, kind, task.error?.message ?? null);
        return false;
      }
      if (!this.d.isOnline()) {
        left.push(kind);
        started = false;
        continue;
      }
      try {
        const t = await this.d.library.makeSearchable({
          videoId: c.videoId,
          collectionId: c.collectionId,
          kind,
        });
        if (t.status === 'failed') {
          this.failPrep(id, c.videoId, kind, t.error?.message ?? null);
          return false;
        }
        if (t.status === 'running') left.push(kind);
      } catch (err) {
        const e = toAppError(err);
        if (e.code === 'offline' || e.code === 'timeout' || e.code === 'server') {
          left.push(kind);
          started = false;
          continue;
        }
        this.failPrep(id, c.videoId, kind, e.message);
        return false;
      }
    }
    this.d.store.multiclips.setChildPrep(id, c.videoId, { kinds: left, started });
    return left.length === 0;
  }

  private failPrep(id: string, videoId: string, kind: IndexKind, why: string | null): void {
    this.d.store.multiclips.setChildError(id, videoId, {
      code: 'index-failed',
      message: `This video could not be made searchable ${KIND_WORDS[kind]}${why ? `: ${why}` : '.'}`,
    });
  }

  /** The children's jobs with their segments (the merged answer needs them). */
  private jobsOf(rec: MultiClipRecord): Map<string, Job> {
    const ids = rec.children.flatMap((c) => (c.jobId === null ? [] : [c.jobId]));
    return new Map(this.d.store.jobs.getMany(ids).map((r) => [r.id, toJob(r)]));
  }

  /**
   * The children's jobs as list rows: status, name, error and segment count, no segments. What
   * every announce needs, so a 300-video parent announced while its children run stays cheap.
   */
  private summariesOf(rec: MultiClipRecord): Map<string, ChildJob> {
    const ids = rec.children.flatMap((c) => (c.jobId === null ? [] : [c.jobId]));
    return new Map(
      this.d.store.jobs.getSummaries(ids).map((r) => [r.id, toJobSummary(r)] as const),
    );
  }

  /** The indexes a child still waits for, with their mean progress where VideoDB reports it. */
  private preparation(videoId: string, kinds: PrepKind[]): MultiClipChild['preparing'] {
    const progress = kinds
      .map((k) => this.d.library.indexingTask(videoId, k))
      .filter((t) => t?.status === 'running' && t.progress !== null)
      .map((t) => t!.progress!);
    return {
      kinds,
      progress:
        progress.length === 0 ? null : progress.reduce((a, b) => a + b, 0) / progress.length,
    };
  }

  private view(
    rec: MultiClipRecord,
    jobs: Map<string, ChildJob> = this.summariesOf(rec),
  ): MultiClip {
    const counts = {
      total: rec.children.length,
      answered: 0,
      failed: 0,
      running: 0,
      uncertain: 0,
      preparing: 0,
    };
    const children: MultiClipChild[] = rec.children.map((c) => {
      const job = c.jobId === null ? undefined : jobs.get(c.jobId);
      const status: MultiClipChild['status'] =
        c.prep !== null
          ? 'preparing'
          : c.jobId === null
            ? c.error !== null
              ? 'failed'
              : 'not-sent'
            : (job?.status ?? 'deleted');
      if (status === 'done') counts.answered++;
      else if (status === 'failed') counts.failed++;
      else if (status === 'uncertain') counts.uncertain++;
      else if (status === 'preparing') counts.preparing++;
      else if (status !== 'deleted') counts.running++;
      const child: MultiClipChild = {
        videoId: c.videoId,
        collectionId: c.collectionId,
        videoName: job?.videoName ?? c.videoId,
        jobId: c.jobId,
        status,
        segmentCount: status === 'preparing' ? 0 : (job?.segmentCount ?? 0),
        error:
          status === 'preparing'
            ? null
            : c.error !== null
              ? { code: ErrorCode.catch('internal').parse(c.error.code), message: c.error.message }
              : (job?.error ?? null),
        needsIndex: null as IndexKind | null,
        preparing: c.prep === null ? null : this.preparation(c.videoId, c.prep.kinds),
      };
      if (status === 'failed' && child.error !== null)
        child.needsIndex = missingIndexIn(child.error);
      return child;
    });
    return {
      id: rec.id,
      prompt: rec.prompt,
      contentType: rec.contentType as ContentType,
      modelName: rec.modelName as ModelTier,
      scopeCollectionId: rec.scopeCollectionId,
      createdAt: rec.createdAt,
      narrowed: rec.narrowed,
      skipped: rec.skipped,
      children,
      counts,
      reel: rec.reel,
    };
  }
}

/** Each video once, in the order given. */
function unique(videos: VideoRef[]): VideoRef[] {
  return [...new Map(videos.map((v) => [v.videoId, v])).values()];
}

/** The index a failed clip says its video lacks; null when it failed for another reason. */
function missingIndexIn(error: { message: string }): IndexKind | null {
  if (/searchable by scenes|scene index not found|no scene index/i.test(error.message))
    return 'scenes';
  if (saysNotSearchableBySpeech({ code: 'internal', message: error.message })) return 'spoken';
  return null;
}
