/**
 * Online state from probes, not OS flags (design.md). An OS hint only triggers a probe; the
 * client's reports flip to offline at once on a network failure; while offline the probe runs on
 * a short interval that backs off to a cap, while online it runs rarely.
 */
import { realClock } from '../engine';
import type { Clock, ConnectivityHints, Logger } from '../types';

/** Online state as the engine and the status bar see it. */
export interface Connectivity {
  readonly online: boolean;
  /** Called by the client on every result: a network failure flips to offline at once. */
  report(ok: boolean): void;
  /** Probe now (used on OS hint changes, on the timer, and by the UI's "check now"). */
  check(): Promise<boolean>;
  onChange(listener: (online: boolean) => void): () => void;
  start(): void;
  stop(): void;
  readonly lastCheckedAt: number | null;
}

/** Options of {@link createConnectivity}. */
export interface ConnectivityOptions {
  probe: () => Promise<boolean>;
  hints?: ConnectivityHints;
  clock?: Clock;
  /** First probe interval while offline (doubles up to {@link OFFLINE_MAX_FACTOR}×); default 5 s. */
  offlineIntervalMs?: number;
  /** Probe interval while online; default 60 s. */
  onlineIntervalMs?: number;
  logger?: Logger;
}

/**
 * The offline interval grows up to this many times its first value (5 s → 30 s by default): the
 * backstop for when no hint arrives. OS hints (main), the page's `online` event (renderer) and
 * every request's result make the engine look at once.
 */
export const OFFLINE_MAX_FACTOR = 6;

/** Create the connectivity tracker. It starts optimistic (online) until a probe says otherwise. */
export function createConnectivity(opts: ConnectivityOptions): Connectivity {
  const clock = opts.clock ?? realClock;
  const offlineBase = Math.max(1, opts.offlineIntervalMs ?? 5_000);
  const offlineCap = offlineBase * OFFLINE_MAX_FACTOR;
  const onlineInterval = Math.max(1, opts.onlineIntervalMs ?? 60_000);
  const listeners = new Set<(online: boolean) => void>();

  let online = true;
  let lastCheckedAt: number | null = null;
  let running = false;
  let timer: unknown = null;
  let offlineDelay = offlineBase;
  let inFlight: Promise<boolean> | null = null;
  let unsubscribeHints: (() => void) | null = null;

  const set = (next: boolean): void => {
    if (next === online) return;
    online = next;
    offlineDelay = offlineBase;
    opts.logger?.info(next ? 'connectivity: online' : 'connectivity: offline');
    for (const l of [...listeners]) {
      try {
        l(next);
      } catch (err) {
        opts.logger?.warn('connectivity listener failed', { err });
      }
    }
  };

  const schedule = (opts: { now?: boolean } = {}): void => {
    if (!running) return;
    if (timer !== null) clock.clearTimeout(timer);
    let delay: number;
    if (opts.now === true) {
      delay = 0;
    } else if (online) {
      delay = onlineInterval;
    } else {
      delay = offlineDelay;
      offlineDelay = Math.min(offlineCap, offlineDelay * 2);
    }
    timer = clock.setTimeout(() => {
      timer = null;
      void api.check();
    }, delay);
  };

  const api: Connectivity = {
    get online() {
      return online;
    },
    get lastCheckedAt() {
      return lastCheckedAt;
    },
    report(ok) {
      const was = online;
      set(ok);
      // A request that failed on the network: look again at once (a blip is over in one probe,
      // and a real cut is confirmed), then back off. Online again: back to the slow pace.
      if (was !== online) schedule({ now: !online });
    },
    check() {
      // Concurrent callers (hint + timer + "check now") share one probe.
      if (inFlight) return inFlight;
      inFlight = (async () => {
        let ok: boolean;
        try {
          ok = await opts.probe();
        } catch {
          ok = false;
        }
        lastCheckedAt = clock.now();
        set(ok);
        schedule();
        return ok;
      })().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (running) return;
      running = true;
      // The OS flag is a hint only: it never sets the state, it makes us look.
      unsubscribeHints = opts.hints?.onChange(() => void api.check()) ?? null;
      void api.check();
    },
    stop() {
      running = false;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      unsubscribeHints?.();
      unsubscribeHints = null;
    },
  };
  return api;
}
