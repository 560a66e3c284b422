/**
 * Keyed one-shot timers for everything that polls (clip jobs, indexing tasks). A timer that
 * fires while offline is parked and runs when the connection is back, so nothing polls into a
 * dead network and nothing is forgotten.
 */
import type { Clock, Logger } from '../types';

type Task = () => Promise<void>;

/** Shared poll timers with offline parking. */
export class PollScheduler {
  private readonly timers = new Map<string, { handle: unknown; task: Task; at: number }>();
  private readonly parked = new Map<string, Task>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly isOnline: () => boolean,
    private readonly logger?: Logger,
  ) {}

  /** Run `task` for `key` at time `at` (replacing any earlier schedule of the key). */
  schedule(key: string, at: number, task: Task): void {
    if (this.stopped) return;
    this.cancel(key);
    const handle = this.clock.setTimeout(
      () => {
        this.timers.delete(key);
        this.fire(key, task);
      },
      Math.max(0, at - this.clock.now()),
    );
    this.timers.set(key, { handle, task, at });
  }

  private fire(key: string, task: Task): void {
    if (this.stopped) return;
    if (!this.isOnline()) {
      this.parked.set(key, task);
      return;
    }
    const p = task()
      .catch((err: unknown) => this.logger?.error('poll task failed', { key, error: String(err) }))
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  /** Forget a key. */
  cancel(key: string): void {
    const t = this.timers.get(key);
    if (t) this.clock.clearTimeout(t.handle);
    this.timers.delete(key);
    this.parked.delete(key);
  }

  /** True when the key has a timer or is parked. */
  has(key: string): boolean {
    return this.timers.has(key) || this.parked.has(key);
  }

  /** The connection is back: run everything parked while it was down. */
  resumeParked(): void {
    const parked = [...this.parked];
    this.parked.clear();
    for (const [key, task] of parked) this.fire(key, task);
  }

  /**
   * The computer woke from sleep: run now every poll whose time has passed. Timers count only
   * awake time (libuv's monotonic clock stops while the machine sleeps), so without this a poll
   * due during the sleep would wait out the rest of its delay after waking.
   */
  runDue(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    for (const [key, t] of [...this.timers]) {
      if (t.at > now) continue;
      this.clock.clearTimeout(t.handle);
      this.timers.delete(key);
      this.fire(key, t.task);
    }
  }

  /** Stop every timer; resolves when tasks already running have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) this.clock.clearTimeout(t.handle);
    this.timers.clear();
    this.parked.clear();
    await Promise.allSettled([...this.running]);
  }
}
