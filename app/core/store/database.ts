/**
 * Opening the one SQLite file of the app: WAL, foreign keys, busy timeout, migrations, and the
 * recovery path for a damaged file (moved aside, a fresh one made, the user told).
 */
import { DatabaseSync } from 'node:sqlite';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { AppErrorInfo } from '../../shared/domain';
import type { Logger } from '../types';
import { CoreError } from './core-error';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

/** File name of the database inside the data folder. */
export const DATABASE_FILE = 'videodb-clips.sqlite';

/** An open database and what the user should hear about how it was opened. */
export interface OpenedDatabase {
  db: DatabaseSync;
  file: string;
  warnings: AppErrorInfo[];
}

// SQLite result codes that mean "this is not a usable database file".
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

function isCorruption(err: unknown): boolean {
  const e = err as { errcode?: number; message?: string } | null;
  if (!e) return false;
  const primary = typeof e.errcode === 'number' ? e.errcode & 0xff : -1;
  if (primary === SQLITE_CORRUPT || primary === SQLITE_NOTADB) return true;
  return /file is not a database|malformed|corrupt/i.test(e.message ?? '');
}

/** Run `fn` in a transaction (BEGIN IMMEDIATE so a writer never upgrades mid-way). */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  if (db.isTransaction) return fn();
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

/** Open and check; throws on corruption (caller moves the file aside) or on a newer schema. */
function openChecked(file: string): DatabaseSync {
  const db = new DatabaseSync(file, { timeout: 5000, enableForeignKeyConstraints: true });
  try {
    // Read the version before writing anything, so a newer file is left exactly as it was.
    const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
    const version = row?.user_version ?? 0;
    if (version > SCHEMA_VERSION) {
      throw new CoreError(
        'internal',
        'Your clip history was saved by a newer version of VideoDB Clips. Update the app to open it; the file was left untouched.',
      );
    }
    const check = db.prepare('PRAGMA quick_check').all() as { quick_check: string }[];
    if (check.length !== 1 || check[0]?.quick_check !== 'ok') {
      throw Object.assign(new Error('database disk image is malformed (quick_check)'), {
        errcode: SQLITE_CORRUPT,
      });
    }
    db.exec('PRAGMA journal_mode = WAL');
    // FULL: the "sending" mark must survive a power cut, not only a crash of the app.
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    db.exec('PRAGMA busy_timeout = 5000');
    migrate(db, version);
    return db;
  } catch (err) {
    try {
      db.close();
    } catch {
      // already unusable
    }
    throw err;
  }
}

function migrate(db: DatabaseSync, from: number): void {
  for (let v = from; v < SCHEMA_VERSION; v++) {
    transaction(db, () => {
      db.exec(MIGRATIONS[v]!);
      db.exec(`PRAGMA user_version = ${v + 1}`);
    });
  }
}

/**
 * Open `<dataDir>/videodb-clips.sqlite`, creating and migrating it as needed. A file SQLite cannot
 * read is renamed to `….corrupt-<timestamp>` (with its -wal/-shm) and a fresh one is created; the
 * returned warnings say so in plain words. A file from a newer app version is refused untouched.
 */
export function openDatabase(
  dataDir: string,
  opts: { now?: () => number; logger?: Logger } = {},
): OpenedDatabase {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, DATABASE_FILE);
  const warnings: AppErrorInfo[] = [];
  try {
    return { db: openChecked(file), file, warnings };
  } catch (err) {
    if (!isCorruption(err)) throw err;
    const stamp = new Date(opts.now?.() ?? Date.now()).toISOString().replace(/[:.]/g, '-');
    const aside = `${file}.corrupt-${stamp}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    }
    opts.logger?.error('database unreadable; moved aside', {
      aside,
      error: (err as Error).message,
    });
    warnings.push({
      code: 'internal',
      message: `Your clip history file could not be read, so a new one was started. The old file was kept as ${aside}.`,
    });
    return { db: openChecked(file), file, warnings };
  }
}
