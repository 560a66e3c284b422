/**
 * The order the rooms start and stop in. Start: recovery first (interrupted sends become
 * uncertain), then polls, the outbox, the library's tasks, downloads, uploads, probing and the
 * search index's upgrade. Close: stop timers, let in-flight writes finish, then close the
 * connection pools and the database.
 */
import type { Connectivity, StatusReport } from './connectivity';
import type { DownloadEngine, EditorExports } from './downloads';
import type { UploadEngine } from './uploads';
import type { MultiClipService } from './multiclip';
import type { CompareService } from './compare';
import type { PollScheduler } from './engine';
import type { JobEngine } from './jobs';
import type { LibraryService } from './library';
import type { ApiAddress } from './settings';
import { runInBackground, type Store } from './store';
import type { ConnectivityHints, Logger } from './types';

/** The rooms, as built by createCore. */
export interface CoreRooms {
  store: Store;
  address: ApiAddress;
  conn: Connectivity;
  scheduler: PollScheduler;
  status: StatusReport;
  library: LibraryService;
  jobs: JobEngine;
  downloads: DownloadEngine;
  editorExports: EditorExports;
  uploads: UploadEngine;
  multiclips: MultiClipService;
  compares: CompareService;
  hints?: ConnectivityHints | undefined;
  logger: Logger;
}

/** `start` and `close` of the core. */
export function coreLifecycle(r: CoreRooms): { start(): Promise<void>; close(): Promise<void> } {
  let closed = false;
  let closing: Promise<void> | null = null;
  let unsubResume: (() => void) | null = null;
  let searchUpgrade: { stop(): void } | null = null;
  const unsubConn = r.conn.onChange(() => {
    if (r.conn.online) r.scheduler.resumeParked();
    r.jobs.onConnectivityChanged();
    r.uploads.onConnectivityChanged();
    r.status.changed(true);
  });
  return {
    async start() {
      if (closed || closing !== null) return;
      r.jobs.start();
      r.library.start();
      r.downloads.startAll();
      r.uploads.startAll();
      r.multiclips.start();
      r.compares.start();
      r.conn.start();
      // A large history's search index upgrade (migration 14), a slice at a time.
      searchUpgrade ??= runInBackground(r.store.searchIndex, { logger: r.logger });
      // Woken from sleep: look at the network at once, then run the polls that fell due meanwhile.
      unsubResume ??=
        r.hints?.onResume?.(() => {
          void r.conn.check().then(
            () => r.scheduler.runDue(),
            () => undefined,
          );
        }) ?? null;
      try {
        await r.conn.check();
      } catch (err) {
        r.logger.warn('first connectivity check failed', { error: String(err) });
      }
      r.status.changed(true);
    },
    close() {
      closing ??= (async () => {
        unsubConn();
        unsubResume?.();
        searchUpgrade?.stop();
        r.conn.stop();
        await r.downloads.close();
        r.editorExports.close();
        await r.uploads.close();
        await r.multiclips.close();
        await r.compares.close();
        await r.jobs.close();
        await r.library.close();
        closed = true;
        r.status.stop();
        await r.address.close();
        r.store.close();
      })();
      return closing;
    },
  };
}
