/**
 * Typed events of the engine. Listeners run synchronously after the change was written; a
 * throwing listener is logged and never breaks the engine.
 */
import type { EventName, EventPayload } from '../../shared/contract';
import { eventDrift } from '../../shared/contract-check';
import type { Logger } from '../types';

type AnyListener = (event: EventName, payload: unknown) => void;

/** A small typed event emitter. */
export class EventBus {
  private readonly listeners = new Set<AnyListener>();

  constructor(
    private readonly logger?: Logger,
    /** Tests and development: a payload that drifted from the contract throws (see contract-check). */
    private readonly checkContract = false,
  ) {}

  /** Emit an event to every listener. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (this.checkContract) {
      const drifted = eventDrift(event, payload);
      if (drifted !== null) throw new Error(`Contract drift: event ${event}: ${drifted}`);
    }
    for (const l of [...this.listeners]) {
      try {
        l(event, payload);
      } catch (err) {
        this.logger?.error('event listener failed', { event, error: String(err) });
      }
    }
  }

  /** Listen to one event. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.onAny((name, payload) => {
      if (name === event) listener(payload as EventPayload<E>);
    });
  }

  /** Listen to every event. */
  onAny(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
