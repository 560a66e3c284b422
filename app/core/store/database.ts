/**
 * Opening the one SQLite file of the app: WAL, foreign keys, busy timeout, migrations, and the
 * recovery path for a damaged file (moved aside, a fresh one made, the user told).
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { AppErrorInfo } from '../../shared/domain';
import type { Logger } from '../types';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { salvage } from './salvage';
import { StorageError, fileProblem, folderProblem } from './storage-error';

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

/** Tables every migrated history has; one missing means the file was damaged. */
const REQUIRED_TABLES = ['jobs', 'segments', 'outbox', 'settings', 'jobs_fts'] as const;

function isCorruption(err: unknown): boolean {
  if (err instanceof StorageError) return false;
  const e = err as { errcode?: number; message?: string } | null;
  if (!e) return false;
  const primary = typeof e.errcode === 'number' ? e.errcode & 0xff : -1;
  if (primary === SQLITE_CORRUPT || primary === SQLITE_NOTADB) return true;
  return /file is not a database|malformed|corrupt/i.test(e.message ?? '');
}

/**
 * Statements of one database prepared once per SQL text and reused: for the fixed SQL of the
 * repositories (a query per job event must not pay for compiling it each time).
 */
export function statementCache(db: DatabaseSync): (sql: string) => StatementSync {
  const cache = new Map<string, StatementSync>();
  return (sql) => {
    let s = cache.get(sql);
    if (s === undefined) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
}

/**
 * Run one write (`fn`, outside any transaction) committed without waiting for the disk:
 * `synchronous = NORMAL` for its commit only, then back to FULL. In WAL mode the file stays
 * consistent and the write survives a crash of the app; a power cut may lose it, and the next
 * FULL commit makes it durable with its own. Only for what costs nothing to lose (a job's
 * progress and its next poll time); inside a transaction it simply joins that transaction.
 */
export function lightCommit<T>(db: DatabaseSync, fn: () => T): T {
  if (db.isTransaction) return fn();
  db.exec('PRAGMA synchronous = NORMAL');
  try {
    return fn();
  } finally {
    db.exec('PRAGMA synchronous = FULL');
  }
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
function openChecked(file: string, integrityCheck = true): DatabaseSync {
  const db = new DatabaseSync(file, { timeout: 5000, enableForeignKeyConstraints: true });
  try {
    // Read the version before writing anything, so a newer file is left exactly as it was.
    const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
    const version = row?.user_version ?? 0;
    if (version > SCHEMA_VERSION) {
      throw new StorageError(
        'newer-version',
        'Your clip history was saved by a newer version of VideoDB Clips. Update the app to open it; the file was left untouched.',
        false,
        file,
      );
    }
    if (version === 0) {
      // A SQLite file with someone else's tables: not ours to change or to call damaged.
      const foreign = db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1",
        )
        .get();
      if (foreign !== undefined) {
        throw new StorageError(
          'foreign-file',
          `The file ${file} is a database of another program, not a VideoDB Clips history. Move it aside to start with an empty history (the file is kept), or quit and move it yourself.`,
          true,
          file,
        );
      }
    }
    const check = integrityCheck
      ? (db.prepare('PRAGMA quick_check').all() as { quick_check: string }[])
      : [{ quick_check: 'ok' }];
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
    const present = new Set(
      (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
          name: string;
        }>
      ).map((r) => r.name),
    );
    const missing = REQUIRED_TABLES.find((t) => !present.has(t));
    if (missing !== undefined) {
      throw Object.assign(new Error(`database is damaged: table ${missing} is missing`), {
        errcode: SQLITE_CORRUPT,
      });
    }
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
 * The clean-shutdown mark: written next to the file when the store closes, removed when it opens.
 * It records the file's size and modification time, so a file changed or cut short since (or one
 * whose app crashed, leaving no mark) is checked with `PRAGMA quick_check` on the next start, and a
 * file closed cleanly opens without that check (it reads every page: ~170 ms at 100k clips).
 */
const cleanMark = (file: string): string => `${file}.closed-cleanly`;

/** Leave the clean-shutdown mark for `file` (best effort). */
export function markClosedCleanly(file: string): void {
  try {
    const s = statSync(file);
    writeFileSync(cleanMark(file), JSON.stringify({ size: s.size, mtimeMs: s.mtimeMs }));
  } catch {
    // Without the mark the next start simply runs the check.
  }
}

/** True when the last close was clean and the file is as it was left; consumes the mark. */
function closedCleanly(file: string): boolean {
  const mark = cleanMark(file);
  let left: { size?: unknown; mtimeMs?: unknown };
  try {
    left = JSON.parse(readFileSync(mark, 'utf8')) as typeof left;
  } catch {
    return false;
  }
  try {
    rmSync(mark, { force: true });
    const s = statSync(file);
    // Within a millisecond: some file systems and tools keep only whole milliseconds.
    return (
      left.size === s.size &&
      typeof left.mtimeMs === 'number' &&
      Math.abs(left.mtimeMs - s.mtimeMs) < 1
    );
  } catch {
    return false;
  }
}

/** Rename the history file (with its -wal/-shm) to `….<label>-<timestamp>`; returns the new path. */
function renameAside(file: string, label: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const aside = `${file}.${label}-${stamp}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  }
  return aside;
}

/**
 * The user's choice "Move history aside and start fresh": the history file is renamed (kept, never
 * deleted) so the next open starts an empty one. Returns where the old file went, or null when
 * there was none.
 */
export function moveHistoryAside(dataDir: string, now: number = Date.now()): string | null {
  const file = join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) return null;
  try {
    return renameAside(file, 'moved-aside', now);
  } catch (err) {
    throw folderProblem(err, dataDir);
  }
}

/** The plain-words warning after a damaged file was moved aside and salvaged. */
function salvageWarning(aside: string, report: ReturnType<typeof salvage>): string {
  const parts = [
    report.copied.jobs > 0
      ? `Your clip history file was damaged. ${report.copied.jobs === 1 ? '1 clip was' : `${report.copied.jobs} clips were`} recovered into a new file.`
      : 'Your clip history file could not be read, so a new one was started.',
    `The old file was kept as ${aside}.`,
  ];
  if (report.lostQueued.length > 0) {
    const named = report.lostQueued
      .slice(0, 5)
      .map((q) => (q.prompt !== null ? `“${q.prompt}”` : 'one whose prompt could not be read'))
      .join(', ');
    const more = report.lostQueued.length > 5 ? ` and ${report.lostQueued.length - 5} more` : '';
    parts.push(
      `${report.lostQueued.length === 1 ? '1 request that was waiting to be sent' : `${report.lostQueued.length} requests that were waiting to be sent`} could not be recovered: ${named}${more}. Ask for them again.`,
    );
  }
  return parts.join(' ');
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
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw folderProblem(err, dataDir);
  }
  const file = join(dataDir, DATABASE_FILE);
  const warnings: AppErrorInfo[] = [];
  try {
    return { db: openChecked(file, !closedCleanly(file)), file, warnings };
  } catch (err) {
    if (!isCorruption(err)) throw fileProblem(err, file, dataDir);
    let aside: string;
    try {
      aside = renameAside(file, 'corrupt', opts.now?.() ?? Date.now());
    } catch (renameErr) {
      throw folderProblem(renameErr, dataDir);
    }
    opts.logger?.error('database unreadable; moved aside', {
      aside,
      error: (err as Error).message,
    });
    let db: DatabaseSync;
    try {
      db = openChecked(file);
    } catch (freshErr) {
      throw fileProblem(freshErr, file, dataDir);
    }
    const report = salvage(aside, db);
    opts.logger?.warn('salvaged the damaged history', {
      copied: report.copied,
      lostQueued: report.lostQueued.length,
    });
    warnings.push({ code: 'internal', message: salvageWarning(aside, report) });
    return { db, file, warnings };
  }
}
