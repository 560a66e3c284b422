/** The `outbox:` calls: "Pause sending" is the person's choice and outlives a restart. */
import type { Handlers } from '../../shared/contract';
import type { ConnectivityState } from '../../shared/domain';

/** The settings key the choice is kept under. */
export const OUTBOX_PAUSED_KEY = 'outbox.paused';

/** What {@link createOutboxHandlers} needs. */
export interface OutboxHandlerDeps {
  settings: { get(key: string): unknown; set(key: string, value: unknown): void };
  outbox: { setPaused(paused: boolean): void };
  /** The status bar's state after the change. */
  state: () => ConnectivityState;
}

/** Restores the saved choice, and one handler per `outbox:` call. */
export function createOutboxHandlers(
  d: OutboxHandlerDeps,
): Pick<Handlers, 'outbox:pause' | 'outbox:resume'> {
  if (d.settings.get(OUTBOX_PAUSED_KEY) === true) d.outbox.setPaused(true);
  const setPaused = (paused: boolean): ConnectivityState => {
    d.settings.set(OUTBOX_PAUSED_KEY, paused);
    d.outbox.setPaused(paused);
    return d.state();
  };
  return {
    'outbox:pause': async () => setPaused(true),
    'outbox:resume': async () => setPaused(false),
  };
}
