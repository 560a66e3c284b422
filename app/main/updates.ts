/**
 * Auto-update with electron-updater (issue 10 §3): only the installed app looks for updates, on
 * the generic feed electron-builder wrote into its `app-update.yml` (`publish` in
 * electron-builder.yml, one URL); a development run and the demo never do. An update downloads
 * quietly; once it is ready the window shows "Restart to update", and only the person's click
 * restarts (after the core has finished its writes). A failed check is logged, never shown: the
 * app works the same without it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core';

/** What {@link startUpdates} uses of electron-updater's `AppUpdater`. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

/** How often the installed app looks again while it runs. */
export const UPDATE_CHECK_EVERY_MS = 6 * 60 * 60_000;

/** The running update check. */
export interface Updates {
  /** The version downloaded and ready to install, or null. */
  readyVersion(): string | null;
  /** Finish (the caller closes the core first), then install and start the new version. */
  restart(): void;
  stop(): void;
}

/** Start looking for updates with `updater`. */
export function startUpdates(opts: {
  updater: Updater;
  logger: Logger;
  /** An update is downloaded and ready (the window shows "Restart to update"). */
  onReady(version: string): void;
  everyMs?: number;
}): Updates {
  const { updater, logger } = opts;
  let ready: string | null = null;
  let stopped = false;
  updater.autoDownload = true;
  // Installed at the next quit too, if the person never clicks: nothing is lost either way.
  updater.autoInstallOnAppQuit = true;
  updater.on('update-downloaded', (info) => {
    ready = typeof info?.version === 'string' ? info.version : 'new';
    logger.info('update ready', { version: ready });
    if (!stopped) opts.onReady(ready);
  });
  // Every failure (checking or downloading) comes here once; the check's own rejection too.
  updater.on('error', (error) => {
    const message = String(error?.message ?? error).split('\n')[0];
    logger.warn('update check failed', { error: message });
  });
  const check = (): void => {
    if (stopped || ready !== null) return;
    updater.checkForUpdates().catch(() => undefined);
  };
  check();
  const timer = setInterval(check, opts.everyMs ?? UPDATE_CHECK_EVERY_MS);
  timer.unref?.();
  return {
    readyVersion: () => ready,
    restart() {
      if (ready === null) return;
      stopped = true;
      clearInterval(timer);
      // isSilent false: the OS installer may show its own progress; run the app after.
      updater.quitAndInstall(false, true);
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/**
 * electron-updater's updater for this OS, when this is the installed app and its build named a
 * feed (electron-builder writes `app-update.yml` next to the app's resources only then); else
 * null. `VIDEODB_CLIPS_NO_UPDATES=1` turns it off (an admin's choice, or a test machine).
 */
export async function installedAppUpdater(opts: {
  isPackaged: boolean;
  resourcesPath: string | undefined;
  logger: Logger;
}): Promise<Updater | null> {
  if (!opts.isPackaged || process.env['VIDEODB_CLIPS_NO_UPDATES'] === '1') return null;
  if (opts.resourcesPath === undefined || !existsSync(join(opts.resourcesPath, 'app-update.yml')))
    return null;
  const { autoUpdater } = await import('electron-updater');
  autoUpdater.logger = {
    info: (m?: unknown) => opts.logger.debug('updater', { message: String(m) }),
    warn: (m?: unknown) => opts.logger.warn('updater', { message: String(m) }),
    error: (m?: unknown) => opts.logger.warn('updater', { message: String(m) }),
    debug: () => undefined,
  };
  return autoUpdater;
}
