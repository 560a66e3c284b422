import type { ConnectivityHints } from '../core/types';

/** The parts of Electron used for hints. */
export interface HintSources {
  net: { isOnline(): boolean };
  powerMonitor: {
    on(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
    off(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
  };
  /** How often the OS flag is read for changes (main has no `online` event). */
  pollMs?: number;
}

/**
 * OS connectivity hints for the core: `net.isOnline()`, plus a nudge on resume from sleep and when
 * the OS flag flips (polled, as main has no `online` event). The core's probe decides; these only
 * make it look sooner.
 */
export function createConnectivityHints(sources: HintSources): ConnectivityHints {
  return {
    isOnline: () => sources.net.isOnline(),
    onChange(listener) {
      const events = ['resume', 'unlock-screen'] as const;
      for (const e of events) sources.powerMonitor.on(e, listener);
      let last = sources.net.isOnline();
      const timer = setInterval(() => {
        const now = sources.net.isOnline();
        if (now !== last) {
          last = now;
          listener();
        }
      }, sources.pollMs ?? 3000);
      timer.unref?.();
      return () => {
        clearInterval(timer);
        for (const e of events) sources.powerMonitor.off(e, listener);
      };
    },
    // Electron's powerMonitor 'resume' ("Emitted when system is resuming"): polls that fell due
    // while the machine slept run at once.
    onResume(listener) {
      sources.powerMonitor.on('resume', listener);
      return () => void sources.powerMonitor.off('resume', listener);
    },
  };
}
