/**
 * The outbox: clip requests waiting to be sent, kept in the store so nothing is lost, each sent
 * exactly once or marked `uncertain`.
 *
 * The exactly-once rule: a job is committed as `sending` BEFORE its POST goes out, and committed
 * as `processing` (with the server's job address) in one transaction when the answer comes back.
 * A job found `sending` at start therefore may or may not exist on the server: the job engine
 * makes it `uncertain`, and it is only sent again when the person says so. An answer that does
 * not prove the request was refused (a gateway 5xx, a reset after the body went, a timeout) makes
 * it `uncertain` too; only answers that prove refusal are retried, with backoff.
 */
import type { AppErrorInfo } from '../../shared/domain';
import { toAppError } from '../errors';
import { outboxBackoffMs } from '../engine';
import type { JobRecord } from '../store';
import { VideoDbError, type JobHandle, type VideoDbClient } from '../videodb';
import type { EngineServices } from './job-engine';

/** What the {@link Outbox} needs. */
export interface OutboxDeps extends Omit<EngineServices, 'scheduler' | 'bus'> {
  random: () => number;
  /** Keeps a promise for close() to wait on. */
  track<T>(p: Promise<T>): Promise<T>;
  /** A job's row changed: announce it. */
  emitJob(jobId: string): void;
  /** The outbox size or pause state changed (the core emits `connectivity:changed`). */
  onChanged(): void;
  /** VideoDB accepted the request: the job engine follows the job from here. */
  onAccepted(job: JobRecord, handle: JobHandle, client: VideoDbClient, firstPollAt: number): void;
  /** The request was refused for good. */
  onFailed(jobId: string, error: AppErrorInfo): void;
}

const UNCERTAIN_MESSAGE =
  'The request may have reached VideoDB, but no answer came back. Send it again only if the clip does not appear.';

/** Why a clip POST is uncertain, in plain words: no answer, an error answer, or an unreadable one. */
function uncertainMessage(e: VideoDbError): string {
  const advice = 'Send it again only if the clip does not appear.';
  if (e.status === null) return UNCERTAIN_MESSAGE;
  if (e.status >= 200 && e.status < 300) {
    return `The request reached VideoDB, but the app could not understand the answer, so it cannot tell whether the clip was started. ${advice}`;
  }
  return `The request may have reached VideoDB, but the answer was an error (HTTP ${e.status}) that does not say whether the clip was started. ${advice}`;
}

/** The outbox. Nothing is sent before start(): crash recovery must see the last run's rows first. */
export class Outbox {
  private paused = false;
  private started = false;
  private closed = false;
  private draining = false;
  private drainAgain = false;
  private wakeTimer: unknown = null;

  constructor(private readonly d: OutboxDeps) {}

  private get repo() {
    return this.d.store.jobs;
  }
  private now(): number {
    return this.d.clock.now();
  }

  /** Start sending (after the job engine's recovery). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.d.onChanged();
    this.kick();
  }

  /** Stop: nothing more is sent; sends in flight finish (the engine waits on them). */
  close(): void {
    this.closed = true;
    if (this.wakeTimer !== null) this.d.clock.clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }

  /** Pause or resume sending. */
  setPaused(paused: boolean): void {
    this.paused = paused;
    this.d.onChanged();
    if (!paused) this.kick();
  }

  /** True while sending is paused. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Requests waiting to be sent. */
  queuedCount(): number {
    return this.repo.queuedCount();
  }

  /** Start draining the outbox if it may run now. */
  kick(): void {
    if (!this.started || this.closed || this.paused || !this.d.isOnline()) return;
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    void this.d.track(this.drain());
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      do {
        this.drainAgain = false;
        while (!this.closed && !this.paused && this.d.isOnline()) {
          const row = this.repo.nextDue(this.now());
          if (!row) break;
          const release = await this.d.limiter.acquire();
          if (this.closed || this.paused || !this.d.isOnline()) {
            release();
            break;
          }
          // Committed before the POST: a crash from here on leaves the job `sending`.
          if (!this.repo.markSending(row.jobId, this.now())) {
            release();
            continue;
          }
          this.d.emitJob(row.jobId);
          this.d.onChanged();
          void this.d.track(
            this.send(row.jobId, row.attempts + 1).finally(() => {
              release();
              this.kick();
            }),
          );
        }
      } while (this.drainAgain && !this.closed);
    } finally {
      this.draining = false;
      this.armWake();
    }
  }

  /** Wake up when the next backed-off row becomes due. */
  private armWake(): void {
    if (this.closed) return;
    if (this.wakeTimer !== null) this.d.clock.clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    const at = this.repo.nextDueAt();
    if (at === null) return;
    const delay = at - this.now();
    if (delay <= 0 && !this.d.isOnline()) return; // the reconnect will kick
    this.wakeTimer = this.d.clock.setTimeout(
      () => {
        this.wakeTimer = null;
        this.kick();
      },
      Math.max(delay, 10),
    );
  }

  private async send(jobId: string, attempt: number): Promise<void> {
    const job = this.repo.get(jobId);
    if (!job) return;
    const r = job.request;
    try {
      const client = this.d.client();
      const handle = await client.clip(r.videoId, {
        prompt: r.prompt,
        contentType: r.contentType,
        modelName: r.modelName,
        ...(r.sceneIndexId !== undefined ? { sceneIndexId: r.sceneIndexId } : {}),
        ...(r.callbackUrl !== undefined ? { callbackUrl: r.callbackUrl } : {}),
      });
      const now = this.now();
      const firstPoll = now + this.d.tuning.firstPollMs;
      this.repo.markAccepted(
        jobId,
        {
          outputUrl: handle.outputUrl,
          remoteJobId: handle.id,
          requestType: handle.requestType,
          apiBaseUrl: client.baseUrl,
          progress: 0,
          lastProgressAt: now,
          pollIntervalMs: null,
          nextPollAt: firstPoll,
          error: null,
        },
        now,
      );
      this.d.emitJob(jobId);
      this.d.onChanged();
      this.d.onAccepted(job, handle, client, firstPoll);
    } catch (err) {
      this.onSendError(jobId, attempt, err);
    }
  }

  private onSendError(jobId: string, attempt: number, err: unknown): void {
    const now = this.now();
    const info = toAppError(err);
    const e = err instanceof VideoDbError ? err : null;
    this.d.logger.warn('clip request failed', { jobId, code: info.code, attempt });
    let failed = false;
    if (e?.ambiguous) {
      // Never resent on its own: a second POST could make a second clip and spend credits twice.
      this.repo.endSend(jobId, 'uncertain', { code: info.code, message: uncertainMessage(e) }, now);
    } else if (e?.transient || info.code === 'offline') {
      const offline = info.code === 'offline';
      if (!offline && attempt >= this.d.tuning.outboxMaxAttempts) {
        this.repo.endSend(jobId, 'failed', info, now, true);
      } else {
        const delay = offline
          ? 0
          : (e?.retryAfterMs ?? outboxBackoffMs(attempt, this.d.tuning, this.d.random));
        this.repo.requeue(jobId, now + delay, info, now, !offline);
      }
    } else {
      this.repo.endSend(jobId, 'failed', info, now);
      failed = true;
    }
    if (failed) this.d.onFailed(jobId, info);
    this.d.emitJob(jobId);
    this.d.onChanged();
  }
}
