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
import type { JobPatch, JobRecord, OutboxRow } from '../store';
import { VideoDbError, type JobHandle, type VideoDbClient } from '../videodb';
import type { EngineServices } from './job-engine';

/** What the {@link Outbox} needs. */
export interface OutboxDeps extends Omit<EngineServices, 'scheduler' | 'bus'> {
  random: () => number;
  /** Keeps a promise for close() to wait on. */
  track<T>(p: Promise<T>): Promise<T>;
  /** A job's row changed: announce it. */
  emitJob(jobId: string): void;
  /** Announce a job's row and return it (null when it is gone). */
  announce(jobId: string): JobRecord | null;
  /** The outbox size or pause state changed (the core emits `connectivity:changed`). */
  onChanged(): void;
  /** VideoDB accepted the request (`job` as now written): the job engine follows it from here. */
  onAccepted(job: JobRecord, handle: JobHandle, client: VideoDbClient, firstPollAt: number): void;
  /** The request was refused for good. */
  onFailed(jobId: string, error: AppErrorInfo): void;
}

/** After the I/O callbacks of this turn of the event loop (no timer: no time is added). */
const nextLoopTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Rows read ahead from the queue per query. */
const READ_AHEAD = 64;

/**
 * Rows marked `sending` ahead of a free request slot, in the same transaction as the rows that
 * have one: a turn commits the marks of up to this many later sends too, so a long drain commits
 * once per five POSTs instead of once per POST (each commit waits for the disk). Every mark is
 * still on disk before its POST. The price, only if the app is killed mid-drain: up to this many
 * requests that never left are found `sending` at the next start and shown as uncertain, never
 * resent on their own. A drain that stops (closed, paused, offline) puts them back in the queue.
 */
const MARK_AHEAD = 4;

/** While draining, the status bar hears at most this often (and always at the end). */
const STATUS_EVERY_MS = 100;

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

/** An answer that came back: written with the next turn's marks (one transaction). */
interface Answer {
  job: JobRecord;
  handle: JobHandle;
  client: VideoDbClient;
  patch: JobPatch;
  firstPollAt: number;
}

/**
 * The outbox. Nothing is sent before start(): crash recovery must see the last run's rows first.
 *
 * The drain costs the same per request whatever the queue's length (issue 14 §1): the next rows
 * are read ahead in order from an index (no sort); a turn writes the answers that came back
 * and the "sending" marks of the next rows in one transaction (the rows of the free slots and
 * {@link MARK_AHEAD} more, each mark still committed before its POST); the status bar hears at most every 100 ms while
 * draining; and the outbox holds the request slots while it drains, so the first polls of the
 * accepted jobs wait until the queue is sent.
 */
export class Outbox {
  private paused = false;
  private started = false;
  private closed = false;
  private draining = false;
  private drainAgain = false;
  /** The drain waits for a request slot: answers wait for its turn's transaction. */
  private waitingForSlot = false;
  /** Due rows read ahead, in send order (each is checked again when it is marked). */
  private due: OutboxRow[] = [];
  /** Rows committed `sending` whose POST has not gone yet (see {@link MARK_AHEAD}), in order. */
  private marked: OutboxRow[] = [];
  private statusTimer: ReturnType<typeof setTimeout> | null = null;
  private answers: Answer[] = [];
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
    if (this.statusTimer !== null) clearTimeout(this.statusTimer);
    this.statusTimer = null;
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

  private mayRun(): boolean {
    return !this.closed && !this.paused && this.d.isOnline();
  }

  /** The next due row without taking it (reads ahead when the buffer is empty). */
  private peekDue(): OutboxRow | null {
    if (this.due.length === 0) this.due = this.repo.nextDueRows(this.now(), READ_AHEAD);
    return this.due[0] ?? null;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    this.due = [];
    // While the queue drains, the poller waits: sends first (see the class comment).
    const unhold = this.d.limiter.hold();
    try {
      do {
        this.drainAgain = false;
        while (this.mayRun() && (this.marked.length > 0 || this.peekDue())) {
          this.waitingForSlot = true;
          let slots: (() => void)[];
          try {
            slots = [await this.d.limiter.acquire('first')];
            // Let the answers of this turn of the event loop come in (the slots they free stay
            // held for us): their writes and the next marks then share one transaction.
            await nextLoopTurn();
          } finally {
            this.waitingForSlot = false;
          }
          if (!this.mayRun()) {
            slots[0]!();
            break;
          }
          for (let more = this.d.limiter.tryAcquire(); more; more = this.d.limiter.tryAcquire())
            slots.push(more);
          if (this.marked.length < slots.length) {
            // Mark the rows of the free slots and a few more ahead, with the answers that came
            // back, in one transaction, committed before any of their POSTs.
            this.peekDue();
            const rows = this.due.splice(0, slots.length - this.marked.length + MARK_AHEAD);
            const answers = this.takeAnswers();
            const sending = new Set(
              this.repo.outboxTurn(
                answers.map((a) => ({ jobId: a.job.id, patch: a.patch })),
                rows.map((r) => r.jobId),
                this.now(),
              ),
            );
            this.afterAnswers(answers);
            for (const row of rows) if (sending.has(row.jobId)) this.marked.push(row);
          }
          const rows = this.marked.splice(0, slots.length);
          for (const release of slots.splice(rows.length)) release();
          for (const row of rows) {
            const release = slots.shift()!;
            const job = this.d.announce(row.jobId);
            void this.d.track(
              (job ? this.send(job, row.attempts + 1) : Promise.resolve()).finally(() => {
                release();
                this.kick();
              }),
            );
          }
          this.statusChanged();
        }
      } while (this.drainAgain && !this.closed);
    } finally {
      this.draining = false;
      this.due = [];
      unhold();
      this.unmarkAhead();
      this.flushAnswers();
      this.statusChanged();
      this.armWake();
    }
  }

  /**
   * Tell the status bar the queue changed: at once when idle; while draining at most every
   * {@link STATUS_EVERY_MS} (a 2000-request drain is not 2000 status events), and at its end.
   */
  private statusChanged(): void {
    if (!this.draining) {
      if (this.statusTimer !== null) clearTimeout(this.statusTimer);
      this.statusTimer = null;
      this.d.onChanged();
      return;
    }
    if (this.statusTimer !== null) return;
    // Real time on purpose: this paces events for a person, whatever the engine's clock.
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      if (!this.closed) this.d.onChanged();
    }, STATUS_EVERY_MS);
  }

  private takeAnswers(): Answer[] {
    const out = this.answers;
    this.answers = [];
    return out;
  }

  /** The drain stopped with rows marked ahead: back in the queue, with any answers written. */
  private unmarkAhead(): void {
    if (this.marked.length === 0) return;
    const rows = this.marked;
    this.marked = [];
    const answers = this.takeAnswers();
    const back = this.repo.unmarkSending(
      answers.map((a) => ({ jobId: a.job.id, patch: a.patch })),
      rows.map((r) => r.jobId),
      this.now(),
    );
    this.afterAnswers(answers);
    for (const id of back) this.d.emitJob(id);
  }

  /** Write the answers now (no turn is coming to carry them). */
  private flushAnswers(): void {
    const answers = this.takeAnswers();
    if (answers.length === 0) return;
    this.repo.outboxTurn(
      answers.map((a) => ({ jobId: a.job.id, patch: a.patch })),
      [],
      this.now(),
    );
    this.afterAnswers(answers);
    this.statusChanged();
  }

  /** The answers are written: announce them and hand the jobs to the poller. */
  private afterAnswers(answers: readonly Answer[]): void {
    for (const a of answers) {
      const now = this.d.announce(a.job.id);
      if (now) this.d.onAccepted(now, a.handle, a.client, a.firstPollAt);
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

  private async send(job: JobRecord, attempt: number): Promise<void> {
    const jobId = job.id;
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
      const firstPollAt = now + this.d.tuning.firstPollMs;
      const patch: JobPatch = {
        outputUrl: handle.outputUrl,
        remoteJobId: handle.id,
        requestType: handle.requestType,
        apiBaseUrl: client.baseUrl,
        progress: 0,
        lastProgressAt: now,
        pollIntervalMs: null,
        nextPollAt: firstPollAt,
        error: null,
      };
      this.answers.push({ job, handle, client, patch, firstPollAt });
      // The drain's next turn writes it with the next marks; without a turn coming, write now.
      if (!this.waitingForSlot) this.flushAnswers();
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
    this.statusChanged();
  }
}
