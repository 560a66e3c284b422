import type { EventName } from '../../shared/contract';

/** One pushed event as it travels on the event channel. */
export interface EventMessage {
  name: EventName;
  payload: unknown;
}

/** Holds events until the renderer says it listens, then forwards them as they come. */
export interface EventRelay {
  /** Forward now when ready (and a sender is there), else keep in order. */
  push(name: EventName, payload: unknown): void;
  /** The renderer called `app:ready`: flush what was kept, forward directly from now on. */
  ready(): void;
  /** The page is reloading or gone: keep events again until the next `app:ready`. */
  reset(): void;
  readonly isReady: boolean;
}

/**
 * Create a relay. `send` returns false when there is nobody to send to (window closed), in which
 * case the event is kept. The queue is bounded: when it overflows the oldest events go first,
 * because every event carries the full current state of what it names (a newer one supersedes it).
 */
export function createEventRelay(
  send: (message: EventMessage) => boolean,
  opts: { maxQueued?: number } = {},
): EventRelay {
  const maxQueued = opts.maxQueued ?? 2000;
  const queue: EventMessage[] = [];
  let isReady = false;

  const flush = (): void => {
    while (queue.length > 0) {
      const next = queue[0]!;
      if (!send(next)) return;
      queue.shift();
    }
  };

  return {
    push(name, payload) {
      const message = { name, payload };
      if (isReady && queue.length === 0 && send(message)) return;
      queue.push(message);
      if (queue.length > maxQueued) queue.shift();
    },
    ready() {
      isReady = true;
      flush();
    },
    reset() {
      isReady = false;
    },
    get isReady() {
      return isReady;
    },
  };
}
