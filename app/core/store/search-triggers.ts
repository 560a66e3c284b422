/**
 * The SQL of the history search's full-text indexes: the two tables and the triggers that keep
 * them current (migration 6 wrote the first form by hand; migration 14 and the search-index
 * upgrade write it from here). No imports: migrations.ts reads it while its own list is built.
 *
 * A clip's search text is its prompt, video name and every segment's text (the view
 * `jobs_search_text`). `jobs_fts` holds every clip, walked newest first by rowid (= jobs.seq);
 * `jobs_out_of_order_fts` holds the few clips whose time is out of insertion order (migration 2).
 *
 * The output of these functions is part of migration 14: change it only with a new migration.
 */

/** Where the triggers write: a pair of indexes, and which clips it holds yet. */
export interface SearchTarget {
  fts: string;
  outOfOrder: string;
  /**
   * While an index is being filled in the background it holds only the clips at or above the
   * fill's mark: the triggers write to it only for those (`guard('new.seq')` is a SQL condition).
   */
  guard?: (seq: string) => string;
}

/** The pair the search reads. */
export const SEARCH_NOW: SearchTarget = { fts: 'jobs_fts', outOfOrder: 'jobs_out_of_order_fts' };

/** The one-row table holding the background fill's mark; it exists only while a fill runs. */
export const SEARCH_FILL = 'search_index_fill';

/** The pair being filled in the background (migration 14), with its guard. */
export const SEARCH_NEXT: SearchTarget = {
  fts: 'jobs_fts_next',
  outOfOrder: 'jobs_out_of_order_fts_next',
  guard: (seq) => `${seq} >= (SELECT low FROM ${SEARCH_FILL})`,
};

/** The names of the triggers searchTriggersSql creates (the same as migration 6's). */
export const SEARCH_TRIGGERS = [
  'jobs_fts_insert',
  'jobs_fts_delete',
  'jobs_fts_update',
  'jobs_order_insert',
  'jobs_order_delete',
  'jobs_order_text',
  'jobs_order_update',
  'segments_fts_insert',
  'segments_fts_delete',
  'segments_fts_update',
] as const;

/** `CREATE VIRTUAL TABLE` of a search index with prefix indexes for 1 to `maxPrefix` letters. */
export function searchTableSql(name: string, maxPrefix: number): string {
  const prefix = Array.from({ length: maxPrefix }, (_, i) => i + 1).join(' ');
  return `CREATE VIRTUAL TABLE ${name} USING fts5 (
    prompt, video_name, segment_text, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '${prefix}'
  );`;
}

const COLS = '(rowid, prompt, video_name, segment_text)';
const TEXT = 'SELECT seq, prompt, video_name, segment_text FROM jobs_search_text';
const IN_ORDER_LIST = 'seq IN (SELECT seq FROM jobs_out_of_order)';

/**
 * The triggers that keep every target current. Each trigger writes to all targets in one body,
 * so their order never matters; the shared table `jobs_out_of_order` is written once.
 */
export function searchTriggersSql(targets: readonly SearchTarget[]): string {
  const and = (t: SearchTarget, seq: string): string => (t.guard ? ` AND ${t.guard(seq)}` : '');
  const where = (t: SearchTarget, seq: string): string => (t.guard ? ` WHERE ${t.guard(seq)}` : '');
  const each = (fn: (t: SearchTarget) => string): string => targets.map(fn).join('\n    ');
  /**
   * Write the clip `jobId` again whole in both indexes of every target, its rows found by rowid
   * (`=`: FTS5 reads `rowid IN (subquery)` as a scan of the whole index).
   */
  const rewriteJob = (jobId: string): string =>
    each(
      (
        t,
      ) => `DELETE FROM ${t.fts} WHERE rowid = (SELECT seq FROM jobs WHERE id = ${jobId})${and(t, 'rowid')};
    INSERT INTO ${t.fts} ${COLS} ${TEXT} WHERE id = ${jobId}${and(t, 'seq')};
    DELETE FROM ${t.outOfOrder} WHERE rowid = (SELECT o.seq FROM jobs_out_of_order o
      JOIN jobs j ON j.seq = o.seq WHERE j.id = ${jobId})${and(t, 'rowid')};
    INSERT INTO ${t.outOfOrder} ${COLS} ${TEXT}
      WHERE id = ${jobId} AND ${IN_ORDER_LIST}${and(t, 'seq')};`,
    );
  return `
  -- A new clip has no segments yet (they reference it).
  CREATE TRIGGER jobs_fts_insert AFTER INSERT ON jobs BEGIN
    ${each((t) => `INSERT INTO ${t.fts} ${COLS} SELECT new.seq, new.prompt, new.video_name, ''${where(t, 'new.seq')};`)}
  END;
  CREATE TRIGGER jobs_fts_delete AFTER DELETE ON jobs BEGIN
    ${each((t) => `DELETE FROM ${t.fts} WHERE rowid = old.seq${and(t, 'old.seq')};`)}
  END;
  CREATE TRIGGER jobs_fts_update AFTER UPDATE OF prompt, video_name ON jobs BEGIN
    ${each(
      (t) => `DELETE FROM ${t.fts} WHERE rowid = old.seq${and(t, 'old.seq')};
    INSERT INTO ${t.fts} ${COLS} ${TEXT} WHERE seq = new.seq${and(t, 'seq')};`,
    )}
  END;

  -- A clip is out of order when it is not the last by seq, or its time is earlier than another's.
  CREATE TRIGGER jobs_order_insert AFTER INSERT ON jobs
    WHEN EXISTS (SELECT 1 FROM jobs WHERE seq > new.seq)
      OR new.created_at < (SELECT created_at FROM jobs WHERE seq <> new.seq
        ORDER BY created_at DESC, seq DESC LIMIT 1)
  BEGIN
    INSERT INTO jobs_out_of_order (seq) VALUES (new.seq);
    ${each((t) => `INSERT INTO ${t.outOfOrder} ${COLS} SELECT new.seq, new.prompt, new.video_name, ''${where(t, 'new.seq')};`)}
  END;
  CREATE TRIGGER jobs_order_delete AFTER DELETE ON jobs
    WHEN EXISTS (SELECT 1 FROM jobs_out_of_order WHERE seq = old.seq)
  BEGIN
    DELETE FROM jobs_out_of_order WHERE seq = old.seq;
    ${each((t) => `DELETE FROM ${t.outOfOrder} WHERE rowid = old.seq${and(t, 'old.seq')};`)}
  END;
  CREATE TRIGGER jobs_order_text AFTER UPDATE OF prompt, video_name ON jobs
    WHEN EXISTS (SELECT 1 FROM jobs_out_of_order WHERE seq = new.seq)
  BEGIN
    ${each(
      (t) => `DELETE FROM ${t.outOfOrder} WHERE rowid = new.seq${and(t, 'new.seq')};
    INSERT INTO ${t.outOfOrder} ${COLS} ${TEXT} WHERE seq = new.seq${and(t, 'seq')};`,
    )}
  END;
  -- A clip whose time or seq changes (nothing does this today) leaves the insertion order.
  CREATE TRIGGER jobs_order_update AFTER UPDATE OF seq, created_at ON jobs BEGIN
    DELETE FROM jobs_out_of_order WHERE seq IN (old.seq, new.seq);
    ${each(
      (t) => `DELETE FROM ${t.outOfOrder} WHERE rowid = old.seq${and(t, 'rowid')};
    DELETE FROM ${t.outOfOrder} WHERE rowid = new.seq${and(t, 'rowid')};`,
    )}
    INSERT INTO jobs_out_of_order (seq) VALUES (new.seq);
    ${each((t) => `INSERT INTO ${t.outOfOrder} ${COLS} ${TEXT} WHERE seq = new.seq${and(t, 'seq')};`)}
  END;

  -- A segment written, changed or removed: its clip's rows are written again whole (a clip has
  -- tens of segments; they are written together when it finishes and removed on a retry).
  CREATE TRIGGER segments_fts_insert AFTER INSERT ON segments BEGIN
    ${rewriteJob('new.job_id')}
  END;
  CREATE TRIGGER segments_fts_delete AFTER DELETE ON segments BEGIN
    ${rewriteJob('old.job_id')}
  END;
  CREATE TRIGGER segments_fts_update AFTER UPDATE OF job_id, ord, text ON segments BEGIN
    ${rewriteJob('old.job_id')}
    ${rewriteJob('new.job_id')}
  END;
  `;
}
