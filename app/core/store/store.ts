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
import { MultiClipRepo } from './multiclip-repo';
import { CompareRepo } from './compare-repo';
import { INDEX_AT_OPEN, SearchIndexUpgrade } from './search-index';

/** An open store. */
export interface Store {
  readonly db: DatabaseSync;
  /** Path of the database file. */
  readonly file: string;
  readonly jobs: JobsRepo;
  readonly library: LibraryRepo;
  readonly settings: SettingsRepo;
  readonly multiclips: MultiClipRepo;
  readonly comparisons: CompareRepo;
  /** The search index's upgrade to longer prefixes, while one is under way (search-index.ts). */
  readonly searchIndex: SearchIndexUpgrade;
  /** Problems found while opening (e.g. a damaged file moved aside). */
  readonly warnings: readonly AppErrorInfo[];
  /** Run several changes atomically. */
  transaction<T>(fn: () => T): T;
  /**
   * Stream links the history and library hold, newest first, at most `limit` of each kind: where
   * VideoDB has been serving media from (for the media relay's first start on an older history).
   */
  recentMediaUrls(limit: number): string[];
  close(): void;
}

/** Open (creating or migrating) the store in `dataDir`. See {@link openDatabase}. */
export function openStore(
  dataDir: string,
  opts: { now?: () => number; logger?: Logger } = {},
): Store {
  const { db, file, warnings } = openDatabase(dataDir, opts);
  const searchIndex = new SearchIndexUpgrade(db);
  // A new or small history is indexed at once; a large one in the background (core lifecycle).
  if (searchIndex.pending() && searchIndex.left() <= INDEX_AT_OPEN) searchIndex.finishNow();
  let closed = false;
  return {
    db,
    file,
    warnings,
    jobs: new JobsRepo(db),
    library: new LibraryRepo(db),
    settings: new SettingsRepo(db),
    multiclips: new MultiClipRepo(db),
    comparisons: new CompareRepo(db),
    searchIndex,
    transaction: (fn) => transaction(db, fn),
    recentMediaUrls: (limit) => recentMediaUrls(db, limit),
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

function recentMediaUrls(db: DatabaseSync, limit: number): string[] {
  const n = Math.max(1, Math.floor(limit));
  const rows = [
    ...db
      .prepare(
        `SELECT clip_stream_url AS a, source_stream_url AS b FROM jobs
         WHERE clip_stream_url IS NOT NULL OR source_stream_url IS NOT NULL
         ORDER BY rowid DESC LIMIT ?`,
      )
      .all(n),
    ...db
      .prepare('SELECT stream_url AS a, NULL AS b FROM videos WHERE stream_url IS NOT NULL LIMIT ?')
      .all(n),
    ...db
      .prepare(
        'SELECT stream_url AS a, NULL AS b FROM segments WHERE stream_url IS NOT NULL ORDER BY rowid DESC LIMIT ?',
      )
      .all(n),
  ] as Array<{ a: unknown; b: unknown }>;
  return rows.flatMap((r) => [r.a, r.b]).filter((u): u is string => typeof u === 'string');
}
