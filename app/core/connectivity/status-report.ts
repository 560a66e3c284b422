/**
 * What the status bar shows (online, queued, paused, last check) and the `connectivity:` calls.
 * `changed()` announces the state only when something shown changed (or when forced).
 */
import type { Handlers } from '../../shared/contract';
import type { ConnectivityState } from '../../shared/domain';
import type { Connectivity } from './connectivity';

/** What {@link createStatusReport} needs. */
export interface StatusReportDeps {
  conn: Connectivity;
  outbox: { queuedCount(): number; readonly isPaused: boolean };
  /** Announces a state (`connectivity:changed`). */
  emit: (state: ConnectivityState) => void;
}

/** The status report. */
export interface StatusReport {
  state(): ConnectivityState;
  /** Announce the state if something shown changed (always when `force`). */
  changed(force?: boolean): void;
  /** Announce nothing more (the core is closing). */
  stop(): void;
  readonly handlers: Pick<Handlers, 'connectivity:status' | 'connectivity:check'>;
}

/** Build the status report. */
export function createStatusReport(d: StatusReportDeps): StatusReport {
  let stopped = false;
  let last = '';
  // Stamps every reported state: strictly growing, and from the wall clock so a restarted core
  // (the preview, with the page still open) continues above what the page already saw.
  let version = 0;
  const state = (): ConnectivityState => {
    version = Math.max(version + 1, Date.now());
    return {
      online: d.conn.online,
      queued: d.outbox.queuedCount(),
      paused: d.outbox.isPaused,
      lastCheckedAt: d.conn.lastCheckedAt,
      version,
    };
  };
  return {
    state,
    changed(force = false) {
      if (stopped) return;
      const s = state();
      const key = JSON.stringify({ ...s, lastCheckedAt: null, version: null });
      if (!force && key === last) return;
      last = key;
      d.emit(s);
    },
    stop() {
      stopped = true;
    },
    handlers: {
      'connectivity:status': async () => state(),
      'connectivity:check': async () => {
        await d.conn.check();
        return state();
      },
    },
  };
}
