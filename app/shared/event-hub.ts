/**
 * The page-side end of the event stream, shared by both transports (preload over IPC, the
 * preview client over WebSocket): a listener registry that delivers a message only when it names
 * a contract event, and keeps one failing listener from silencing the rest.
 */
import { EVENT_NAMES } from './channels';
import type { EventName } from './contract';

/** Listener registry for contract events. */
export interface EventHub {
  /** Subscribe; the returned function unsubscribes (subscribing a function twice gives two). */
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
  /** Deliver `{name, payload}` from the transport; anything that is not a contract event is dropped. */
  dispatch(message: unknown): void;
}

/** Create an {@link EventHub}. `onListenerError` reports a listener that threw. */
export function createEventHub(onListenerError: (err: unknown) => void): EventHub {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  return {
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      const entry = (payload: unknown): void => listener(payload);
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    dispatch(message) {
      if (typeof message !== 'object' || message === null) return;
      const { name, payload } = message as { name?: unknown; payload?: unknown };
      if (typeof name !== 'string' || !(EVENT_NAMES as readonly string[]).includes(name)) return;
      for (const listener of listeners.get(name as EventName) ?? []) {
        try {
          listener(payload);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
  };
}
