/**
 * What the user sees when the engine cannot start (history file unreadable, data folder not
 * writable…): a native dialog with the reason in plain words and three ways on, instead of the
 * app vanishing with a log line. Pure: the Electron calls are in main-process.ts.
 */
import type { MessageBoxOptions } from 'electron';
import { StorageError } from '../core';

/** The ways on from a failed start. */
export type StartupChoice = 'quit' | 'show-logs' | 'move-aside';

/** A failed start as the dialog tells it. */
export interface StartupFailure {
  message: string;
  /** Technical detail for the smaller text (never the main message). */
  detail: string;
  canMoveAside: boolean;
}

/** Plain words for whatever stopped the start. */
export function describeStartupFailure(err: unknown): StartupFailure {
  if (err instanceof StorageError) {
    return { message: err.message, detail: '', canMoveAside: err.canMoveAside };
  }
  const raw = err instanceof Error ? err.message : String(err);
  return {
    message:
      'Something went wrong while VideoDB Clips was starting. The log has the details; if it keeps happening, moving the history aside starts the app with an empty one (the old file is kept).',
    detail: raw.slice(0, 500),
    canMoveAside: true,
  };
}

/** The dialog's options and which choice each button is. */
export function startupDialog(f: StartupFailure): {
  options: MessageBoxOptions;
  choices: StartupChoice[];
} {
  const choices: StartupChoice[] = f.canMoveAside
    ? ['quit', 'show-logs', 'move-aside']
    : ['quit', 'show-logs'];
  const labels: Record<StartupChoice, string> = {
    quit: 'Quit',
    'show-logs': 'Show Logs',
    'move-aside': 'Move History Aside and Start Fresh',
  };
  return {
    choices,
    options: {
      type: 'error',
      title: 'VideoDB Clips could not start',
      message: 'VideoDB Clips could not start',
      detail: f.detail === '' ? f.message : `${f.message}\n\n${f.detail}`,
      buttons: choices.map((c) => labels[c]),
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    },
  };
}
