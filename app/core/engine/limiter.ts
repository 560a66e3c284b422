/**
 * A counting semaphore: the engine's global limit on concurrent API requests, shared by the
 * outbox, the poller and indexing tasks, so a burst of work never floods the connection.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  /** Wait for a slot; call the returned function exactly once to give it back. */
  async acquire(): Promise<() => void> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
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
