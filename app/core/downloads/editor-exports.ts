/**
 * VideoDB's own editor bundle of a clip (videodb-api.md §8): the clip's timeline (its segments,
 * as cuts of their videos) goes to `POST editor/export` with `format: "nle"`; the job is polled
 * through its steps until VideoDB hands back a link to the bundle and a fidelity report of what it
 * could carry. The `client_ref` comes from the clip's fingerprint and segments, so asking again
 * (a retry, a second click, the next run of the app) names the same job instead of making another.
 * The editor formats the app builds itself (export/) need no network; this one does.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EditorExport, Job } from '../../shared/domain';
import { sleepUnless, type EventBus } from '../engine';
import { CoreError, toAppError } from '../errors';
import { fingerprint } from '../jobs';
import type { Clock, Logger } from '../types';
import { VideoDbError, type EditorTimeline, type VideoDbClient } from '../videodb';

/** What the exports need from the rest of the core. */
export interface EditorExportsDeps {
  client: () => VideoDbClient;
  getJob: (jobId: string) => Job;
  isOnline: () => boolean;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** Between polls of the export job; default 1.5 s. */
  pollIntervalMs?: number;
}

/** The `client_ref` of a clip's bundle: its request's fingerprint and its cuts. */
export function clientRefOf(job: Job): string {
  const cuts = job.segments.map((s) => [s.videoId ?? job.request.videoId, s.start, s.end]);
  const hash = createHash('sha256')
    .update(JSON.stringify([fingerprint(job.request), cuts]))
    .digest('hex');
  return `videodb-clips-${hash.slice(0, 40)}`;
}

/** The clip as a timeline: one video track, its segments in time order. */
export function timelineOf(job: Job): EditorTimeline {
  const clips = [...job.segments]
    .sort((a, b) => a.start - b.start)
    .map((s) => ({
      video_id: s.videoId ?? job.request.videoId,
      collection_id: s.collectionId ?? job.request.collectionId,
      start: s.start,
      end: s.end,
    }));
  return { name: job.request.prompt.slice(0, 200), tracks: [{ type: 'video', clips }] };
}

/** VideoDB's editor bundles of clips, this run of the app. */
export class EditorExports {
  private readonly byJob = new Map<string, EditorExport>();
  private readonly running = new Map<string, AbortController>();
  private closed = false;

  constructor(private readonly deps: EditorExportsDeps) {}

  /** Ask VideoDB for the clip's bundle (or give the one already asked for). */
  start(jobId: string): EditorExport {
    if (this.closed) throw new CoreError('internal', 'The app is closing.');
    const job = this.deps.getJob(jobId);
    if (job.status !== 'done' || job.segments.length === 0) {
      throw new CoreError('validation', 'Only a finished clip with segments can be exported.');
    }
    const known = this.byJob.get(jobId);
    if (known && known.status !== 'failed') return known;
    if (!this.deps.isOnline()) {
      throw new CoreError(
        'offline',
        'VideoDB’s editor bundle needs the network. The editor formats in the copy menu work offline.',
      );
    }
    const now = this.deps.clock.now();
    const rec: EditorExport = {
      id: randomUUID(),
      jobId,
      clientRef: clientRefOf(job),
      status: 'sending',
      bundleUrl: null,
      fidelityLevel: null,
      fidelity: [],
      error: null,
      createdAt: now,
      updatedAt: now,
    };
    this.set(rec, {});
    void this.run(rec, job);
    return rec;
  }

  /** The clip's bundle, if one was asked for in this run. */
  list(jobId: string): EditorExport[] {
    const e = this.byJob.get(jobId);
    return e ? [e] : [];
  }

  /** Stop polling. */
  close(): void {
    this.closed = true;
    for (const c of this.running.values()) c.abort();
  }

  private set(rec: EditorExport, patch: Partial<EditorExport>): EditorExport {
    const next = { ...rec, ...patch, updatedAt: this.deps.clock.now() };
    this.byJob.set(rec.jobId, next);
    if (!this.closed) this.deps.bus.emit('downloads:editor-export-changed', next);
    return next;
  }

  private async run(first: EditorExport, job: Job): Promise<void> {
    const controller = new AbortController();
    this.running.set(first.id, controller);
    const signal = controller.signal;
    let rec = first;
    try {
      const client = this.deps.client();
      const { timelineId, jobId } = await client.startEditorExport(
        timelineOf(job),
        rec.clientRef,
        signal,
      );
      rec = this.set(rec, { status: 'queued' });
      for (;;) {
        await this.sleep(this.deps.pollIntervalMs ?? 1500, signal);
        let answer: Awaited<ReturnType<VideoDbClient['editorExportStatus']>>;
        try {
          answer = await client.editorExportStatus(timelineId, jobId, signal);
        } catch (err) {
          // A dropped poll is not a failed export: ask again at the next turn.
          if (err instanceof VideoDbError && err.transient && !signal.aborted) continue;
          throw err;
        }
        if (answer.state === 'done') {
          rec = this.set(rec, {
            status: 'done',
            bundleUrl: answer.bundleUrl,
            fidelityLevel: answer.fidelity.level,
            fidelity: answer.fidelity.items,
          });
          return;
        }
        if (answer.state === 'error') {
          rec = this.set(rec, {
            status: 'failed',
            error: {
              code: 'server',
              message: `VideoDB could not make the bundle: ${answer.message}`,
            },
          });
          return;
        }
        if (answer.state !== rec.status) rec = this.set(rec, { status: answer.state });
      }
    } catch (err) {
      if (signal.aborted) return;
      this.deps.logger.warn('editor export failed', { error: String(err) });
      this.set(rec, { status: 'failed', error: toAppError(err) });
    } finally {
      this.running.delete(first.id);
    }
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return sleepUnless(this.deps.clock, ms, signal);
  }
}
