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
  type Job,
  type ModelTier,
  type MultiClip,
  type MultiClipChild,
  type MultiClipDetail,
} from '../../shared/domain';
import type { EventBus } from '../engine';
import { CoreError, toAppError } from '../errors';
import type { JobEngine } from '../jobs';
import type { LibraryService } from '../library';
import { toJob, type MultiClipRecord, type Store } from '../store';
import type { ClipboardWriter, Clock, Logger } from '../types';
import { formatMultiClip, type MultiClipCopyFormat } from './format-multiclip';
import type { VideoDbClient } from '../videodb';
import { breakdown, rankAcross, reelOf, type ChildAnswer } from './merge';

/** The most videos one multi-clip asks about. */
export const MAX_MULTICLIP_VIDEOS = 1000;
/** How long the children's changes are gathered before the parent is announced again. */
const ANNOUNCE_EVERY_MS = 100;

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
}

/** Multi-clips: one engine per core. */
export class MultiClipService {
  private readonly pending = new Set<string>();
  private timer: ReturnType<Clock['setTimeout']> | null = null;
  private readonly asking = new Map<string, Promise<void>>();
  private closed = false;
  private readonly off: () => void;

  constructor(private readonly d: MultiClipDeps) {
    // A child's job changed: its parent is announced again (gathered, at most every 100 ms).
    this.off = d.bus.on('jobs:changed', (job) => {
      for (const id of d.store.multiclips.ofJob(job.id)) this.pending.add(id);
      if (this.pending.size > 0) this.schedule();
    });
  }

  /** Store the parent and its children, then ask for each child's clip (in the background). */
  async submit(input: MultiClipInput): Promise<MultiClip> {
    if (this.closed) throw new CoreError('internal', 'The app is closing.');
    const videos = input.videos ?? (await this.collectionVideos(input.wholeCollection!));
    let unique = [...new Map(videos.map((v) => [v.videoId, v])).values()];
    if (unique.length === 0)
      throw new CoreError('validation', 'This collection has no videos to ask about.');
    let skipped = 0;
    let narrowed = false;
    if (input.narrow === true && this.d.isOnline()) {
      const worth = await this.worthAsking(unique, input.prompt, input.contentType);
      if (worth !== null) {
        narrowed = true;
        skipped = unique.length - worth.length;
        unique = worth;
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
        children: unique,
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
    return { ...this.view(rec, jobs), segments, breakdown: breakdown(segments) };
  }

  /** Ask again for the children that failed, or could not be asked for. */
  async retryFailed(id: string): Promise<MultiClip> {
    const rec = this.need(id);
    const jobs = this.jobsOf(rec);
    for (const c of rec.children) {
      const job = c.jobId === null ? undefined : jobs.get(c.jobId);
      if (job?.status === 'failed') {
        try {
          await this.d.jobs.retry(job.id);
        } catch (err) {
          this.d.logger.warn('multi-clip child retry failed', { error: String(err) });
        }
      }
    }
    if (rec.children.some((c) => c.jobId === null && c.error !== null)) {
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
    if (this.timer !== null) this.d.clock.clearTimeout(this.timer);
    await Promise.all(this.asking.values());
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
    const before = this.asking.get(id) ?? Promise.resolve();
    const run = before.then(async () => {
      const rec = this.d.store.multiclips.get(id);
      if (!rec) return;
      for (const c of rec.children) {
        if (this.closed) return;
        if (c.jobId !== null || (c.error !== null && !opts.again)) continue;
        try {
          const { job } = await this.d.jobs.submit({
            videoId: c.videoId,
            collectionId: c.collectionId,
            prompt: rec.prompt,
            contentType: rec.contentType as ContentType,
            modelName: rec.modelName as ModelTier,
          });
          this.d.store.multiclips.setChildJob(id, c.videoId, job.id);
        } catch (err) {
          const e = toAppError(err);
          this.d.store.multiclips.setChildError(id, c.videoId, e);
        }
        this.pending.add(id);
        this.schedule();
      }
    });
    const tracked = run
      .catch((err: unknown) =>
        this.d.logger.warn('multi-clip submit stopped', { error: String(err) }),
      )
      .finally(() => {
        if (this.asking.get(id) === tracked) this.asking.delete(id);
      });
    this.asking.set(id, tracked);
  }

  private schedule(): void {
    if (this.timer !== null || this.closed) return;
    this.timer = this.d.clock.setTimeout(() => {
      this.timer = null;
      const ids = [...this.pending];
      this.pending.clear();
      for (const id of ids) {
        const rec = this.d.store.multiclips.get(id);
        if (rec) this.d.bus.emit('multiclip:changed', this.view(rec));
      }
    }, ANNOUNCE_EVERY_MS);
  }

  private jobsOf(rec: MultiClipRecord): Map<string, Job> {
    const ids = rec.children.flatMap((c) => (c.jobId === null ? [] : [c.jobId]));
    return new Map(this.d.store.jobs.getMany(ids).map((r) => [r.id, toJob(r)]));
  }

  private view(rec: MultiClipRecord, jobs = this.jobsOf(rec)): MultiClip {
    const counts = { total: rec.children.length, answered: 0, failed: 0, running: 0, uncertain: 0 };
    const children: MultiClipChild[] = rec.children.map((c) => {
      const job = c.jobId === null ? undefined : jobs.get(c.jobId);
      const status: MultiClipChild['status'] =
        c.jobId === null ? (c.error !== null ? 'failed' : 'not-sent') : (job?.status ?? 'deleted');
      if (status === 'done') counts.answered++;
      else if (status === 'failed') counts.failed++;
      else if (status === 'uncertain') counts.uncertain++;
      else if (status !== 'deleted') counts.running++;
      return {
        videoId: c.videoId,
        collectionId: c.collectionId,
        videoName: job?.videoName ?? c.videoId,
        jobId: c.jobId,
        status,
        segmentCount: job?.segments.length ?? 0,
        error:
          c.error !== null
            ? { code: ErrorCode.catch('internal').parse(c.error.code), message: c.error.message }
            : (job?.error ?? null),
      };
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
