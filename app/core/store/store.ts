/**
 * The store: one SQLite database and the repositories over it.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { AppErrorInfo } from '../../shared/domain';
import type { Logger } from '../types';
import { markClosedCleanly, openDatabase, transaction } from './database';
import { JobsRepo } from './jobs-repo';
import { LibraryRepo } from './library-repo';
import { SettingsRepo } from './settings-repo';

/** An open store. */
export interface Store {
  readonly db: DatabaseSync;
  /** Path of the database file. */
  readonly file: string;
  readonly jobs: JobsRepo;
  readonly library: LibraryRepo;
  readonly settings: SettingsRepo;
  /** Problems found while opening (e.g. a damaged file moved aside). */
  readonly warnings: readonly AppErrorInfo[];
  /** Run several changes atomically. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/** Open (creating or migrating) the store in `dataDir`. See {@link openDatabase}. */
export function openStore(
  dataDir: string,
  opts: { now?: () => number; logger?: Logger } = {},
): Store {
  const { db, file, warnings } = openDatabase(dataDir, opts);
  let closed = false;
  return {
    db,
    file,
    warnings,
    jobs: new JobsRepo(db),
    library: new LibraryRepo(db),
    settings: new SettingsRepo(db),
    transaction: (fn) => transaction(db, fn),
    close() {
      if (closed) return;
      closed = true;
      // Fold the WAL back into the main file so a closed store is one self-contained file.
      try {
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } catch {
        // best effort
      }
      db.close();
      markClosedCleanly(file);
    },
  };
}
