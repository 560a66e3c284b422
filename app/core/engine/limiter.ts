/**
 * A counting semaphore: the engine's global limit on concurrent API requests, shared by the
 * outbox, the poller and indexing tasks, so a burst of work never floods the connection.
 *
 * Two lanes: a waiter that asks `first` (the outbox sending queued requests) gets the next free
 * slot before any ordinary waiter (polls), so requests the user is waiting to see sent are not
 * held up behind the first polls of the ones just sent. While the first lane {@link hold}s the
 * limiter, freed slots stay free for it (`tryAcquire`) instead of going to ordinary waiters.
 */
export class Limiter {
  private active = 0;
  private readonly firstLane: (() => void)[] = [];
  private readonly waiting: (() => void)[] = [];
  private holds = 0;

  constructor(private readonly max: number) {}

  /** Wait for a slot; call the returned function exactly once to give it back. */
  async acquire(lane: 'first' | 'normal' = 'normal'): Promise<() => void> {
    if (this.active >= this.max || (lane === 'normal' && this.holds > 0)) {
      await new Promise<void>((resolve) =>
        (lane === 'first' ? this.firstLane : this.waiting).push(resolve),
      );
    } else this.active++;
    return this.releaser();
  }

  /** A slot now if one is free (and nobody waits for it, unless held for the first lane), else null. */
  tryAcquire(): (() => void) | null {
    if (this.active >= this.max || this.firstLane.length > 0) return null;
    if (this.waiting.length > 0 && this.holds === 0) return null;
    this.active++;
    return this.releaser();
  }

  /**
   * Keep freed slots for the first lane until the returned function is called (once); ordinary
   * waiters then get the slots that are free.
   */
  hold(): () => void {
    this.holds++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.holds--;
      while (this.holds === 0 && this.active < this.max && this.waiting.length > 0) {
        this.active++;
        this.waiting.shift()!();
      }
    };
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.firstLane.shift() ?? (this.holds === 0 ? this.waiting.shift() : undefined);
      // Hand the slot straight to the next waiter so `active` never dips below the real count.
      if (next) next();
      else this.active--;
    };
  }

  /** Run `fn` inside a slot. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Slots in use. */
  get inUse(): number {
    return this.active;
  }
}
