/**
 * Jobs, their segments and the outbox: every query the engine and the history list need.
 * Multi-row changes run in one transaction; callers emit events only after these return.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { AppErrorInfo, ClipRequest, ErrorCode, JobStatus, Segment } from '../../shared/domain';
import { lightCommit, statementCache, transaction } from './database';
import type { JobRecord, NewJob } from './job-record';
import { jobWriter, type JobWriter } from './job-writer';

/** Filters and paging of the history list. */
export interface JobListQuery {
  search?: string | undefined;
  statuses?: readonly JobStatus[] | undefined;
  videoId?: string | undefined;
  favourite?: boolean | undefined;
  from?: number | undefined;
  to?: number | undefined;
  offset: number;
  limit: number;
}

/** An outbox row. */
export interface OutboxRow {
  jobId: string;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  state: 'pending' | 'sending' | 'dead';
}

/** A row of the history list: a job without its segments, with their count. */
export type JobSummaryRecord = Omit<JobRecord, 'segments'> & { segmentCount: number };

/** One page of the history list. */
export interface JobPage {
  jobs: JobSummaryRecord[];
  /** Exact, unless `totalIsLowerBound` (counting stopped at the page plus {@link COUNT_CAP}). */
  total: number;
  totalIsLowerBound: boolean;
}

/**
 * Matches counted past the end of the asked page. Beyond, the total is a lower bound ("1 000+"):
 * an exact count costs time in proportion to the matches (40 % of a million clips for "m").
 */
export const COUNT_CAP = 1000;

/**
 * The SQL of a history page and of its capped count without a search, for a WHERE clause over
 * `jobs j` (exported so a test can read their query plans).
 */
export const filterSql = {
  page: (clause: string): string =>
    `SELECT j.seq FROM jobs j ${clause} ORDER BY j.created_at DESC, j.seq DESC LIMIT ? OFFSET ?`,
  count: (clause: string): string => `SELECT 1 FROM jobs j ${clause} LIMIT ?`,
};

/** Columns a caller may change on a job (camelCase → column). */
const PATCH_COLUMNS = {
  videoName: 'video_name',
  status: 'status',
  progress: 'progress',
  stuck: 'stuck',
  tracking: 'tracking',
  favourite: 'favourite',
  attempts: 'attempts',
  outputUrl: 'output_url',
  remoteJobId: 'remote_job_id',
  requestType: 'request_type',
  apiBaseUrl: 'api_base_url',
  clipStreamUrl: 'clip_stream_url',
  clipPlayerUrl: 'clip_player_url',
  linksMintedAt: 'links_minted_at',
  compilePending: 'compile_pending',
  sourceStreamUrl: 'source_stream_url',
  sentAt: 'sent_at',
  finishedAt: 'finished_at',
  lastProgressAt: 'last_progress_at',
  nextPollAt: 'next_poll_at',
  pollIntervalMs: 'poll_interval_ms',
  request: 'request',
} as const;

/** A partial update of a job; `error` sets both error columns. */
export type JobPatch = Partial<Pick<JobRecord, keyof typeof PATCH_COLUMNS>> & {
  error?: AppErrorInfo | null;
};

/** The columns a running job's poll may change (`JobsRepo.patchProgress`). */
export type ProgressPatch = Pick<
  JobPatch,
  'progress' | 'stuck' | 'lastProgressAt' | 'pollIntervalMs' | 'nextPollAt'
>;

type Row = Record<string, SQLInputValue>;

function bool(v: unknown): boolean {
  return v === 1 || v === 1n || v === true;
}
function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}
function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

function toSqlValue(key: string, value: unknown): SQLInputValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (key === 'request') return JSON.stringify(value);
  return value as SQLInputValue;
}

function rowToSegment(r: Row): Segment {
  const seg: Segment = {
    start: Number(r.start),
    end: Number(r.end),
    text: String(r.text),
    // `score` is NOT NULL (migration 1); `score_known = 0` marks one the API sent unreadable.
    score: r.score_known === 0 || r.score_known === 0n ? null : Number(r.score),
    streamUrl: str(r.stream_url),
  };
  if (r.video_id != null) seg.videoId = str(r.video_id);
  if (r.collection_id != null) seg.collectionId = str(r.collection_id);
  if (r.scene_index_id !== null) seg.sceneIndexId = str(r.scene_index_id);
  if (r.scene_index_name !== null) seg.sceneIndexName = str(r.scene_index_name);
  return seg;
}

function rowToRecord(r: Row, segments: Segment[]): JobRecord {
  const code = str(r.error_code);
  return {
    id: String(r.id),
    request: JSON.parse(String(r.request)) as ClipRequest,
    videoName: String(r.video_name),
    status: String(r.status) as JobStatus,
    progress: num(r.progress),
    stuck: bool(r.stuck),
    tracking: bool(r.tracking),
    favourite: bool(r.favourite),
    segments,
    clipStreamUrl: str(r.clip_stream_url),
    clipPlayerUrl: str(r.clip_player_url),
    linksMintedAt: num(r.links_minted_at),
    sourceStreamUrl: str(r.source_stream_url),
    error: code ? { code: code as ErrorCode, message: String(r.error_message ?? '') } : null,
    attempts: Number(r.attempts),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    sentAt: num(r.sent_at),
    finishedAt: num(r.finished_at),
    fingerprint: String(r.fingerprint),
    outputUrl: str(r.output_url),
    remoteJobId: str(r.remote_job_id),
    requestType: str(r.request_type) as JobRecord['requestType'],
    apiBaseUrl: str(r.api_base_url),
    compilePending: bool(r.compile_pending),
    lastProgressAt: num(r.last_progress_at),
    nextPollAt: num(r.next_poll_at),
    pollIntervalMs: num(r.poll_interval_ms),
  };
}

function toSummary(r: Row): JobSummaryRecord {
  const { segments: _none, ...rest } = rowToRecord(r, []);
  return { ...rest, segmentCount: Number(r.segment_count) };
}

/**
 * Turn what the user typed into an FTS5 query: every word becomes a quoted prefix term, all must
 * match. Quoting keeps FTS syntax characters typed by the user from being read as operators.
 */
export function ftsQuery(search: string): string | null {
  const words = search.match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}

/** Repository of jobs, segments and the outbox. */
export class JobsRepo {
  private readonly st: (sql: string) => StatementSync;
  private readonly write: JobWriter;

  constructor(private readonly db: DatabaseSync) {
    this.st = statementCache(db);
    this.write = jobWriter(db);
  }

  private segmentsFor(ids: readonly string[]): Map<string, Segment[]> {
    const out = new Map<string, Segment[]>();
    for (const id of ids) out.set(id, []);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const sql = `SELECT * FROM segments WHERE job_id IN (${chunk.map(() => '?').join(',')}) ORDER BY job_id, ord`;
      // One job (every event, every poll) reuses its statement; longer lists are rarer.
      const rows = (chunk.length === 1 ? this.st(sql) : this.db.prepare(sql)).all(
        ...chunk,
      ) as Row[];
      for (const r of rows) out.get(String(r.job_id))?.push(rowToSegment(r));
    }
    return out;
  }

  private hydrate(rows: Row[]): JobRecord[] {
    // Segments come only with a finished job (a new attempt deletes them): a job still waiting,
    // sending or running has none, so the events of a draining outbox need no segment query.
    const segs = this.segmentsFor(
      rows.filter((r) => !UNFINISHED.has(String(r.status))).map((r) => String(r.id)),
    );
    return rows.map((r) => rowToRecord(r, segs.get(String(r.id)) ?? []));
  }

  /** List rows by seq, in the order given: without segments, with their count. */
  private summaries(seqs: readonly number[]): JobSummaryRecord[] {
    if (seqs.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT j.*, (SELECT count(*) FROM segments s WHERE s.job_id = j.id) AS segment_count
         FROM jobs j WHERE j.seq IN (${seqs.map(() => '?').join(',')})`,
      )
      .all(...seqs) as Row[];
    const bySeq = new Map(rows.map((r) => [Number(r.seq), r]));
    return seqs.flatMap((seq) => {
      const r = bySeq.get(seq);
      return r ? [toSummary(r)] : [];
    });
  }

  /** Insert a queued job and its outbox row in one transaction. */
  insertQueued(job: NewJob): JobRecord {
    transaction(this.db, () => {
      this.write.job({ ...job, status: 'queued' });
      this.st(
        `INSERT INTO outbox (job_id, attempts, next_attempt_at, state, created_at, seq)
         VALUES (?, 0, ?, 'pending', ?, (SELECT seq FROM jobs WHERE id = ?))`,
      ).run(job.id, job.createdAt, job.createdAt, job.id);
    });
    return this.get(job.id)!;
  }

  /** One job, or null. */
  get(id: string): JobRecord | null {
    const row = this.st('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined;
    return row ? this.hydrate([row])[0]! : null;
  }

  /** New stream links of a clip's segments, by position (null leaves one as it is). */
  setSegmentLinks(jobId: string, links: ReadonlyArray<string | null>): void {
    transaction(this.db, () => {
      const up = this.st('UPDATE segments SET stream_url = ? WHERE job_id = ? AND ord = ?');
      links.forEach((link, ord) => {
        if (link !== null) up.run(link, jobId, ord);
      });
    });
  }

  /** The clip whose compiled stream link is `url` (the newest, if several), or null. */
  byClipStreamUrl(url: string): JobRecord | null {
    const row = this.st(
      'SELECT * FROM jobs WHERE clip_stream_url = ? ORDER BY created_at DESC LIMIT 1',
    ).get(url) as Row | undefined;
    return row ? this.hydrate([row])[0]! : null;
  }

  /** Jobs by id, in the order asked (missing ids skipped). */
  getMany(ids: readonly string[]): JobRecord[] {
    const byId = new Map<string, JobRecord>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = this.db
        .prepare(`SELECT * FROM jobs WHERE id IN (${chunk.map(() => '?').join(',')})`)
        .all(...chunk) as Row[];
      for (const rec of this.hydrate(rows)) byId.set(rec.id, rec);
    }
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [r] : [];
    });
  }

  /** List rows (no segments, their count) of these jobs, in the order given; unknown ids skipped. */
  getSummaries(ids: readonly string[]): JobSummaryRecord[] {
    const byId = new Map<string, JobSummaryRecord>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = this.db
        .prepare(
          `SELECT j.*, (SELECT count(*) FROM segments s WHERE s.job_id = j.id) AS segment_count
           FROM jobs j WHERE j.id IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(...chunk) as Row[];
      for (const r of rows) byId.set(String(r.id), toSummary(r));
    }
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [r] : [];
    });
  }

  /** A job in flight with this fingerprint, if any. */
  findActive(fingerprint: string): JobRecord | null {
    const row = this.st(
      `SELECT * FROM jobs WHERE fingerprint = ? AND status IN ('queued', 'sending', 'processing')
       ORDER BY created_at DESC LIMIT 1`,
    ).get(fingerprint) as Row | undefined;
    return row ? this.hydrate([row])[0]! : null;
  }

  /**
   * Change some columns of a job; always bumps updated_at, strictly (at least +1 ms), so every
   * change of a job has a later stamp than the one before and the window can keep the newest
   * state when an older answer arrives after a newer event. Returns false when it is gone.
   */
  patch(id: string, patch: JobPatch, now: number): boolean {
    const sets: string[] = ['updated_at = MAX(:updated_at, updated_at + 1)'];
    const params: Record<string, SQLInputValue> = { id, updated_at: now };
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'error') {
        const e = value as AppErrorInfo | null | undefined;
        sets.push('error_code = :error_code', 'error_message = :error_message');
        params.error_code = e?.code ?? null;
        params.error_message = e?.message ?? null;
        continue;
      }
      const col = PATCH_COLUMNS[key as keyof typeof PATCH_COLUMNS];
      if (!col || value === undefined) continue;
      sets.push(`${col} = :${col}`);
      params[col] = toSqlValue(key, value);
    }
    // Cached per column set: the outbox and the poller patch the same few shapes over and over.
    const res = this.st(`UPDATE jobs SET ${sets.join(', ')} WHERE id = :id`).run(params);
    return Number(res.changes) > 0;
  }

  /**
   * `patch` for what a poll learns while the job runs (progress, stuck, the next poll time):
   * committed without waiting for the disk (see `lightCommit`), since losing it to a power cut
   * costs nothing but a poll at once after the restart. The fsync was most of a poll's CPU.
   */
  patchProgress(id: string, patch: ProgressPatch, now: number): boolean {
    return lightCommit(this.db, () => this.patch(id, patch, now));
  }

  /** Store the result of a finished job and its new state in one transaction. */
  finish(id: string, segments: readonly Segment[], patch: JobPatch, now: number): boolean {
    return transaction(this.db, () => {
      if (!this.patch(id, patch, now)) return false;
      this.st('DELETE FROM segments WHERE job_id = ?').run(id);
      this.write.segments(id, segments);
      return true;
    });
  }

  /**
   * Name the jobs still named by their video's raw id (or nothing: requested offline before the
   * library knew the video) after the video as the library cache now knows it. Only `videoId`'s
   * jobs when given; else the videos whose newest clip has no name yet (read from the per-video
   * summary, one row per video, never a scan of every clip). Returns the renamed jobs.
   */
  nameFromLibrary(now: number, videoId?: string): JobRecord[] {
    return transaction(this.db, () => {
      const candidates =
        videoId !== undefined
          ? [videoId]
          : (
              this.st(
                "SELECT video_id FROM job_videos WHERE video_name = video_id OR video_name = ''",
              ).all() as Array<{ video_id: string }>
            ).map((r) => r.video_id);
      const ids: string[] = [];
      for (const vid of candidates) {
        const known = this.st('SELECT name FROM videos WHERE id = ? LIMIT 1').get(vid) as
          { name: string } | undefined;
        if (known === undefined || known.name === '' || known.name === vid) continue;
        const renamed = this.st(
          `UPDATE jobs SET video_name = ?, updated_at = MAX(?, updated_at + 1)
           WHERE video_id = ? AND (video_name = video_id OR video_name = '') RETURNING id`,
        ).all(known.name, now, vid) as Array<{ id: string }>;
        for (const r of renamed) ids.push(r.id);
      }
      return ids.length === 0 ? [] : this.getMany(ids);
    });
  }

  /**
   * Every video with clips in the history, by name, with its clip count: read from the per-video
   * summary the triggers keep (one row per video), never by grouping every clip.
   */
  videos(): Array<{ videoId: string; videoName: string; count: number }> {
    const rows = this.st(
      'SELECT video_id, video_name, n FROM job_videos WHERE n > 0',
    ).all() as Array<{
      video_id: string;
      video_name: string;
      n: number | bigint;
    }>;
    return rows
      .map((r) => ({
        videoId: r.video_id,
        videoName: r.video_name === '' ? r.video_id : r.video_name,
        count: Number(r.n),
      }))
      .sort((a, b) => a.videoName.localeCompare(b.videoName));
  }

  /**
   * The history page: newest first (created_at, then insertion), with filters and full-text
   * search over prompt, video name and segment text (migration 6); rows without segments. Time
   * grows with the page's depth, not with the matches: a
   * search walks the full-text index newest first and stops at the page, and counting stops
   * {@link COUNT_CAP} past it.
   */
  list(q: JobListQuery): JobPage {
    const where: string[] = [];
    const params: SQLInputValue[] = [];
    let fts: string | null = null;
    if (q.search !== undefined) {
      fts = ftsQuery(q.search);
      const typed = q.search.trim();
      if (!fts && typed !== '') {
        // Only symbols or emoji (no word for the full-text index): clips whose prompt, video
        // name or a segment's text contains them, never every clip.
        where.push(
          `(instr(j.prompt, ?) > 0 OR instr(coalesce(j.video_name, ''), ?) > 0
            OR EXISTS (SELECT 1 FROM segments s WHERE s.job_id = j.id AND instr(s.text, ?) > 0))`,
        );
        params.push(typed, typed, typed);
      }
    }
    if (q.statuses && q.statuses.length > 0) {
      where.push(`j.status IN (${q.statuses.map(() => '?').join(',')})`);
      params.push(...q.statuses);
    }
    if (q.videoId !== undefined) {
      where.push('j.video_id = ?');
      params.push(q.videoId);
    }
    if (q.favourite !== undefined) {
      where.push('j.favourite = ?');
      params.push(q.favourite ? 1 : 0);
    }
    if (q.from !== undefined) {
      where.push('j.created_at >= ?');
      params.push(q.from);
    }
    if (q.to !== undefined) {
      where.push('j.created_at <= ?');
      params.push(q.to);
    }
    const need = q.offset + q.limit;
    const cap = need + COUNT_CAP;
    const and = where.map((w) => ` AND ${w}`).join('');
    let seqs: number[];
    let counted: number;
    if (fts !== null) {
      // One walk of the index both fills the page and counts (a prefix of four letters or more
      // has no prefix index of its own: each walk gathers its matching terms first).
      const found = this.searchNewestFirst(fts, and, params, need, cap + 1);
      seqs = found.seqs.slice(q.offset, need);
      counted = found.counted;
    } else {
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      seqs = (
        this.db.prepare(filterSql.page(clause)).all(...params, q.limit, q.offset) as Row[]
      ).map((r) => Number(r.seq));
      const exact = this.exactTotal(q, where.length);
      if (exact !== null)
        return { jobs: this.summaries(seqs), total: exact, totalIsLowerBound: false };
      counted = this.countUpTo(filterSql.count(clause), params, cap);
    }
    const jobs = this.summaries(seqs);
    const totalIsLowerBound = counted > cap;
    return { jobs, total: totalIsLowerBound ? cap : counted, totalIsLowerBound };
  }

  /**
   * Exact totals the per-video summary answers at once: the whole history, or one video with no
   * other filter. Null otherwise.
   */
  private exactTotal(q: JobListQuery, filters: number): number | null {
    if (filters === 0) {
      return Number((this.st('SELECT total(n) AS n FROM job_videos').get() as Row).n);
    }
    if (filters === 1 && q.videoId !== undefined) {
      const r = this.st('SELECT n FROM job_videos WHERE video_id = ?').get(q.videoId) as
        Row | undefined;
      return r ? Number(r.n) : 0;
    }
    return null;
  }

  /** Rows of `sql` (which ends in `LIMIT ?`), counted up to `cap + 1`. */
  private countUpTo(sql: string, params: SQLInputValue[], cap: number): number {
    return Number(
      (this.db.prepare(`SELECT count(*) AS n FROM (${sql})`).get(...params, cap + 1) as Row).n,
    );
  }

  /**
   * The first `need` matches of a search in history order, as seqs. Clips in insertion order
   * come from the full-text index newest first (it stops after `need`); the few out of order
   * come from their own small index (migration 2), sorted by time, and are merged in.
   */
  private searchNewestFirst(
    fts: string,
    and: string,
    params: SQLInputValue[],
    need: number,
    countUpTo: number,
  ): { seqs: number[]; counted: number } {
    type Hit = { seq: number; at: number };
    const toHits = (rows: Row[]): Hit[] =>
      rows.map((r) => ({ seq: Number(r.seq), at: Number(r.created_at) }));
    const inOrder = toHits(
      this.db
        .prepare(
          `SELECT j.seq, j.created_at FROM jobs_fts f CROSS JOIN jobs j ON j.seq = f.rowid
           WHERE jobs_fts MATCH ? AND j.seq NOT IN (SELECT seq FROM jobs_out_of_order)${and}
           ORDER BY f.rowid DESC LIMIT ?`,
        )
        .all(fts, ...params, countUpTo) as Row[],
    );
    // Their own small index: the cost grows with the out-of-order matches only.
    const outOfOrder = toHits(
      this.db
        .prepare(
          `SELECT j.seq, j.created_at FROM jobs_out_of_order_fts o CROSS JOIN jobs j
             ON j.seq = o.rowid
           WHERE jobs_out_of_order_fts MATCH ?${and}
           ORDER BY j.created_at DESC, j.seq DESC LIMIT ?`,
        )
        .all(fts, ...params, countUpTo) as Row[],
    );
    // The two sets are disjoint and together hold every match.
    const counted = inOrder.length + outOfOrder.length;
    if (outOfOrder.length === 0) return { seqs: inOrder.slice(0, need).map((h) => h.seq), counted };
    const merged: number[] = [];
    let a = 0;
    let b = 0;
    while (merged.length < need && (a < inOrder.length || b < outOfOrder.length)) {
      const x = inOrder[a];
      const y = outOfOrder[b];
      const takeX =
        y === undefined || (x !== undefined && (x.at > y.at || (x.at === y.at && x.seq > y.seq)));
      merged.push(takeX ? x!.seq : y!.seq);
      if (takeX) a++;
      else b++;
    }
    return { seqs: merged, counted };
  }

  /** Delete jobs (segments and outbox rows cascade). Returns the ids that existed. */
  delete(ids: readonly string[]): string[] {
    return transaction(this.db, () => {
      const gone: string[] = [];
      const del = this.st('DELETE FROM jobs WHERE id = ?');
      for (const id of ids) if (Number(del.run(id).changes) > 0) gone.push(id);
      return gone;
    });
  }

  /** Count of jobs waiting in the outbox (not dead). */
  queuedCount(): number {
    return Number(
      (this.st("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get() as Row).n,
    );
  }

  /** The oldest outbox row that may be sent now. */
  nextDue(now: number): OutboxRow | null {
    return this.nextDueRows(now, 1)[0] ?? null;
  }

  /**
   * The oldest `limit` outbox rows that may be sent now, in send order. Read in order from the
   * partial index `outbox_pending_order` (migration 7): no sort, whatever the queue's length.
   */
  nextDueRows(now: number, limit: number): OutboxRow[] {
    return (
      this.st(
        `SELECT * FROM outbox INDEXED BY outbox_pending_order
         WHERE state = 'pending' AND next_attempt_at <= ?
         ORDER BY created_at, seq LIMIT ?`,
      ).all(now, limit) as Row[]
    ).map(rowToOutbox);
  }

  /** When the next pending row becomes due (for the wake-up timer), or null if none. */
  nextDueAt(): number | null {
    const r = this.st(
      "SELECT min(next_attempt_at) AS t FROM outbox WHERE state = 'pending'",
    ).get() as Row;
    return num(r.t);
  }

  /** One outbox row. */
  outboxRow(jobId: string): OutboxRow | null {
    const r = this.st('SELECT * FROM outbox WHERE job_id = ?').get(jobId) as Row | undefined;
    return r ? rowToOutbox(r) : null;
  }

  /** Commit "sending" for the job and its outbox row BEFORE the POST goes out. */
  markSending(jobId: string, now: number): boolean {
    return transaction(this.db, () => {
      const res = this.st(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE job_id = ? AND state = 'pending'",
      ).run(jobId);
      if (Number(res.changes) === 0) return false;
      this.patch(jobId, { status: 'sending', sentAt: now, error: null }, now);
      return true;
    });
  }

  /** The POST was answered with a job: record it as processing and drop the outbox row. */
  markAccepted(jobId: string, patch: JobPatch, now: number): void {
    transaction(this.db, () => {
      this.patch(jobId, { ...patch, status: 'processing' }, now);
      this.st('DELETE FROM outbox WHERE job_id = ?').run(jobId);
    });
  }

  /**
   * One turn of the outbox in one transaction: record the answers that came back since the last
   * turn (as {@link markAccepted}) and commit "sending" for the next rows before their POSTs go
   * out (as {@link markSending}). Returns the ids marked sending, in the order given.
   */
  outboxTurn(
    accepted: readonly { jobId: string; patch: JobPatch }[],
    toSend: readonly string[],
    now: number,
  ): string[] {
    if (accepted.length === 0 && toSend.length === 0) return [];
    return transaction(this.db, () => {
      for (const a of accepted) this.markAccepted(a.jobId, a.patch, now);
      return toSend.filter((id) => this.markSending(id, now));
    });
  }

  /**
   * Undo {@link markSending} for rows whose POST never went out (the outbox marked them ahead and
   * then stopped: closed, paused, offline): pending again in their place, the attempt given back.
   * Answers that came back are written in the same transaction. Returns the ids put back.
   */
  unmarkSending(
    accepted: readonly { jobId: string; patch: JobPatch }[],
    jobIds: readonly string[],
    now: number,
  ): string[] {
    if (accepted.length === 0 && jobIds.length === 0) return [];
    return transaction(this.db, () => {
      for (const a of accepted) this.markAccepted(a.jobId, a.patch, now);
      return jobIds.filter((jobId) => {
        const res = this.st(
          "UPDATE outbox SET state = 'pending', attempts = attempts - 1 WHERE job_id = ? AND state = 'sending'",
        ).run(jobId);
        if (Number(res.changes) === 0) return false;
        this.patch(jobId, { status: 'queued', sentAt: null }, now);
        return true;
      });
    });
  }

  /**
   * Back to the outbox after a failure that certainly created nothing. `countAttempt` false (the
   * network was down) gives the attempt back, so being offline never dead-letters a request.
   */
  requeue(
    jobId: string,
    nextAttemptAt: number,
    error: AppErrorInfo,
    now: number,
    countAttempt = true,
  ): void {
    transaction(this.db, () => {
      this.st(
        `UPDATE outbox SET state = 'pending', next_attempt_at = ?, last_error = ?,
           attempts = attempts - ? WHERE job_id = ?`,
      ).run(nextAttemptAt, error.message, countAttempt ? 0 : 1, jobId);
      this.patch(jobId, { status: 'queued', error }, now);
    });
  }

  /**
   * End a send attempt without a job on the server: `failed` (row removed, or kept as `dead` when
   * the attempts ran out) or `uncertain` (row removed; only the user may send it again).
   */
  endSend(
    jobId: string,
    status: 'failed' | 'uncertain',
    error: AppErrorInfo,
    now: number,
    dead = false,
  ): void {
    transaction(this.db, () => {
      if (dead) {
        this.st("UPDATE outbox SET state = 'dead', last_error = ? WHERE job_id = ?").run(
          error.message,
          jobId,
        );
      } else {
        this.st('DELETE FROM outbox WHERE job_id = ?').run(jobId);
      }
      this.patch(
        jobId,
        { status, error, finishedAt: status === 'failed' ? now : null, nextPollAt: null },
        now,
      );
    });
  }

  /** Put a job back in the outbox as a new attempt (retry, resend-uncertain). */
  requeueAsNewAttempt(jobId: string, now: number): void {
    transaction(this.db, () => {
      this.st('DELETE FROM outbox WHERE job_id = ?').run(jobId);
      this.st(
        `INSERT INTO outbox (job_id, attempts, next_attempt_at, state, created_at, seq)
         VALUES (?, 0, ?, 'pending', ?, (SELECT seq FROM jobs WHERE id = ?))`,
      ).run(jobId, now, now, jobId);
      this.st('DELETE FROM segments WHERE job_id = ?').run(jobId);
      this.db
        .prepare(
          `UPDATE jobs SET status = 'queued', attempts = attempts + 1, progress = NULL, stuck = 0,
             tracking = 1, error_code = NULL, error_message = NULL, output_url = NULL,
             remote_job_id = NULL, request_type = NULL, clip_stream_url = NULL,
             clip_player_url = NULL, compile_pending = 0, sent_at = NULL, finished_at = NULL,
             last_progress_at = NULL, next_poll_at = NULL, poll_interval_ms = NULL,
             updated_at = MAX(?, updated_at + 1)
           WHERE id = ?`,
        )
        .run(now, jobId);
    });
  }

  /**
   * After a crash: every job still `sending` may or may not have reached the server. Mark them
   * `uncertain` and drop their outbox rows, so nothing is resent without the user.
   */
  recoverInterruptedSends(now: number): string[] {
    return transaction(this.db, () => {
      const ids = (this.st("SELECT id FROM jobs WHERE status = 'sending'").all() as Row[]).map(
        (r) => String(r.id),
      );
      for (const id of ids) {
        this.st('DELETE FROM outbox WHERE job_id = ?').run(id);
        this.patch(
          id,
          {
            status: 'uncertain',
            error: {
              code: 'offline',
              message:
                'The app closed while this request was being sent, so it may or may not have reached VideoDB. Send it again only if it is missing.',
            },
          },
          now,
        );
      }
      // Outbox rows marked sending without a sending job (should not exist): make them pending.
      this.st("UPDATE outbox SET state = 'pending' WHERE state = 'sending'").run();
      return ids;
    });
  }

  /** Jobs the poller should follow. */
  trackedProcessing(): JobRecord[] {
    return this.hydrate(
      this.st(
        "SELECT * FROM jobs WHERE status = 'processing' AND tracking = 1 AND output_url IS NOT NULL",
      ).all() as Row[],
    );
  }

  /** Done jobs still waiting for their compiled clip. */
  compilePendingJobs(): JobRecord[] {
    return this.hydrate(
      this.st("SELECT * FROM jobs WHERE status = 'done' AND compile_pending = 1").all() as Row[],
    );
  }
}

/** Statuses of a job that has not finished: it has no segments. */
const UNFINISHED: ReadonlySet<string> = new Set(['queued', 'sending', 'processing']);

function rowToOutbox(r: Row): OutboxRow {
  return {
    jobId: String(r.job_id),
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    lastError: str(r.last_error),
    state: String(r.state) as OutboxRow['state'],
  };
}
