/**
 * Salvage: when the history file is damaged and moved aside, copy into the fresh file whatever
 * SQLite can still read from it, row by row, so a damaged page costs the rows on that page and
 * not the whole history. Queued requests are what matters most (they have not reached VideoDB
 * yet): those that could not be recovered are listed for the user by their prompt where it can
 * still be read.
 *
 * node:sqlite has no `.recover` (that is the sqlite3 shell's); reading by rowid ranges and
 * skipping ahead past errors is the portable equivalent for the tables this app owns.
 */
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';

/** Tables copied, parents before children (foreign keys). The library cache is fetched again. */
const TABLES = ['jobs', 'segments', 'outbox', 'settings'] as const;
/** Rows read per query. */
const BATCH = 500;
/** Consecutive read errors after which a table is given up. */
const MAX_ERRORS = 64;

/** What salvage recovered. */
export interface SalvageReport {
  /** False when the old file could not be opened at all. */
  readable: boolean;
  /** Rows copied per table. */
  copied: Record<(typeof TABLES)[number], number>;
  /** Queued requests of the old file that are not in the new one. */
  lostQueued: Array<{ jobId: string; prompt: string | null }>;
}

type Row = Record<string, SQLInputValue>;

function columnsOf(db: DatabaseSync, table: string): string[] {
  try {
    return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map(
      (c) => c.name,
    );
  } catch {
    return [];
  }
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Read every row of `table` that can be read, in rowid order, calling `take` for each. A read
 * error skips ahead (1, 2, 4… rowids) so one damaged page does not end the copy.
 */
function readRows(src: DatabaseSync, table: string, cols: string[], take: (row: Row) => void) {
  const list = cols.map(quote).join(', ');
  let after = Number.MIN_SAFE_INTEGER;
  let step = 1;
  let errors = 0;
  let maxRowid: number | null;
  try {
    const r = src.prepare(`SELECT max(rowid) AS m FROM ${quote(table)}`).get() as { m: unknown };
    maxRowid = typeof r?.m === 'number' ? r.m : null;
  } catch {
    maxRowid = null;
  }
  for (;;) {
    let rows: Array<Row & { __rowid: number }>;
    try {
      rows = src
        .prepare(
          `SELECT rowid AS __rowid, ${list} FROM ${quote(table)} WHERE rowid > ? ORDER BY rowid LIMIT ${BATCH}`,
        )
        .all(after) as Array<Row & { __rowid: number }>;
      errors = 0;
      step = 1;
    } catch {
      errors += 1;
      if (errors > MAX_ERRORS || maxRowid === null || after >= maxRowid) return;
      after = after === Number.MIN_SAFE_INTEGER ? 0 : after + step;
      step *= 2;
      continue;
    }
    if (rows.length === 0) return;
    for (const row of rows) {
      const { __rowid, ...rest } = row;
      take(rest);
      after = __rowid;
    }
  }
}

/** Copy what can be read from the damaged file at `fromFile` into the open, fresh `db`. */
export function salvage(fromFile: string, db: DatabaseSync): SalvageReport {
  const report: SalvageReport = {
    readable: false,
    copied: { jobs: 0, segments: 0, outbox: 0, settings: 0 },
    lostQueued: [],
  };
  let src: DatabaseSync;
  try {
    src = new DatabaseSync(fromFile, { readOnly: true });
    src.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch {
    return report;
  }
  report.readable = true;
  const queuedBefore = new Map<string, string | null>();
  try {
    db.exec('BEGIN IMMEDIATE');
    for (const table of TABLES) {
      const have = new Set(columnsOf(src, table));
      const cols = columnsOf(db, table).filter((c) => have.has(c));
      if (cols.length === 0) continue;
      const insert = db.prepare(
        `INSERT OR IGNORE INTO ${quote(table)} (${cols.map(quote).join(', ')}) VALUES (${cols
          .map(() => '?')
          .join(', ')})`,
      );
      readRows(src, table, cols, (row) => {
        if (table === 'outbox' && typeof row['job_id'] === 'string') {
          queuedBefore.set(row['job_id'], null);
        }
        try {
          const changes = insert.run(...cols.map((c) => row[c] ?? null)).changes;
          report.copied[table] += Number(changes);
        } catch {
          // A row that breaks a constraint (e.g. its job was lost) is left out.
        }
      });
    }
    // A recovered job still waiting to be sent whose outbox row was lost gets one again, so it
    // is not stranded as "queued" forever.
    db.exec(`
      INSERT INTO outbox (job_id, attempts, next_attempt_at, state, created_at, seq)
      SELECT id, 0, created_at, 'pending', created_at, seq FROM jobs
      WHERE status = 'queued' AND id NOT IN (SELECT job_id FROM outbox)`);
    db.exec('COMMIT');
  } catch {
    if (db.isTransaction) db.exec('ROLLBACK');
  }
  // Queued in the old file, missing in the new one: name them by prompt where readable.
  for (const jobId of queuedBefore.keys()) {
    const kept = db.prepare('SELECT 1 FROM outbox WHERE job_id = ?').get(jobId);
    if (kept !== undefined) continue;
    let prompt: string | null;
    try {
      const r = src.prepare('SELECT prompt FROM jobs WHERE id = ?').get(jobId) as
        { prompt: unknown } | undefined;
      prompt = typeof r?.prompt === 'string' ? r.prompt : null;
    } catch {
      prompt = null;
    }
    report.lostQueued.push({ jobId, prompt });
  }
  try {
    src.close();
  } catch {
    // already unusable
  }
  return report;
}
