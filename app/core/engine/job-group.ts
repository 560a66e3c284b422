/**
 * What a room that groups clip jobs under a parent needs (a multi-clip's children, a
 * comparison's runs), written once:
 * - {@link GatheredAnnouncer}: the parents whose jobs changed, announced once per gathering
 *   window (a 300-job parent is not announced 300 times while its children move on);
 * - {@link KeyedQueue}: the work of one parent (asking for its jobs) runs one piece at a time, in
 *   order, and a close waits for what is running.
 */
import type { Clock, Logger } from '../types';

/** Gathers ids and calls `flush` with them at most once per `everyMs`. */
export class GatheredAnnouncer {
  private readonly pending = new Set<string>();
  private timer: ReturnType<Clock['setTimeout']> | null = null;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly everyMs: number,
    private readonly flush: (ids: string[]) => void,
  ) {}

  /** Announce `id` with the next gathering. */
  add(id: string): void {
    if (this.closed) return;
    this.pending.add(id);
    if (this.timer !== null) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      const ids = [...this.pending];
      this.pending.clear();
      this.flush(ids);
    }, this.everyMs);
  }

  /** Drop what is gathered; nothing more is announced. */
  close(): void {
    this.closed = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}

/** Work queued per key: one piece at a time per key, in order; failures logged, never thrown. */
export class KeyedQueue {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  /** Run `work` after what is queued for `key`. */
  run(key: string, work: () => Promise<void>): void {
    const before = this.running.get(key) ?? Promise.resolve();
    const tracked: Promise<void> = before
      .then(work)
      .catch((err: unknown) => this.logger.warn(`${this.what} stopped`, { error: String(err) }))
      .finally(() => {
        if (this.running.get(key) === tracked) this.running.delete(key);
      });
    this.running.set(key, tracked);
  }

  /** Wait for everything queued (for a close). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }
}
