/**
 * What to do when the page's renderer process is gone: reload it, unless it keeps crashing
 * (more than a few times a minute), in which case reloading again would only loop and the user
 * is asked instead. Pure: main-process.ts does the reloading and the asking.
 */

/** Why a renderer process went away (Electron's RenderProcessGoneDetails.reason). */
export type GoneReason =
  | 'clean-exit'
  | 'abnormal-exit'
  | 'killed'
  | 'crashed'
  | 'oom'
  | 'launch-failed'
  | 'integrity-failure'
  | 'memory-eviction';

/** The decision for one loss of the page. */
export type CrashDecision = 'reload' | 'ask';

/** Options of {@link createCrashGuard}. */
export interface CrashGuardOptions {
  /** Reloads allowed within {@link windowMs}. */
  maxReloads?: number;
  windowMs?: number;
  now?: () => number;
}

/** Counts recent reloads. */
export interface CrashGuard {
  /** Record a loss of the page and say whether to reload it. */
  decide(): CrashDecision;
  /** The user chose to try again: start counting afresh. */
  reset(): void;
}

/** At most `maxReloads` (3) reloads per `windowMs` (one minute); beyond that, ask. */
export function createCrashGuard(opts: CrashGuardOptions = {}): CrashGuard {
  const max = opts.maxReloads ?? 3;
  const windowMs = opts.windowMs ?? 60_000;
  const now = opts.now ?? Date.now;
  let reloads: number[] = [];
  return {
    decide() {
      const t = now();
      reloads = reloads.filter((at) => t - at < windowMs);
      if (reloads.length >= max) return 'ask';
      reloads.push(t);
      return 'reload';
    },
    reset() {
      reloads = [];
    },
  };
}

/** The dialog shown when the page keeps crashing, and which choice each button is. */
export function crashLoopDialog(reason: GoneReason): {
  options: {
    type: 'error';
    title: string;
    message: string;
    detail: string;
    buttons: string[];
    defaultId: number;
    cancelId: number;
    noLink: true;
  };
  choices: Array<'reload' | 'show-logs' | 'quit'>;
} {
  const why = reason === 'oom' ? 'it ran out of memory' : `it stopped (${reason})`;
  return {
    choices: ['reload', 'show-logs', 'quit'],
    options: {
      type: 'error',
      title: 'The VideoDB Clips window keeps stopping',
      message: 'The VideoDB Clips window keeps stopping',
      detail: `The window was reloaded several times in the last minute and ${why} again. Your history and queued clips are safe. You can try once more, look at the logs, or quit.`,
      buttons: ['Reload', 'Show Logs', 'Quit'],
      defaultId: 0,
      cancelId: 2,
      noLink: true,
    },
  };
}
