/**
 * Comparisons (issue 12 §3): one prompt on one video and its runs, one per content type and model
 * tier, in the order chosen. Each run's job is an ordinary row of `jobs`.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { statementCache } from './database';

/** A comparison as stored. */
export interface ComparisonRecord {
  id: string;
  videoId: string;
  collectionId: string;
  prompt: string;
  sceneIndexId: string | null;
  createdAt: number;
  runs: Array<{
    contentType: string;
    modelName: string;
    jobId: string | null;
    /** Why its clip request could not be made (e.g. no scene index); null otherwise. */
    error: { code: string; message: string } | null;
  }>;
}

interface Row {
  id: string;
  video_id: string;
  collection_id: string;
  prompt: string;
  scene_index_id: string | null;
  created_at: number;
}

/** Repository of comparisons. */
export class CompareRepo {
  private readonly st: (sql: string) => StatementSync;

  constructor(private readonly db: DatabaseSync) {
    this.st = statementCache(db);
  }

  /** Store a new comparison with its runs (no jobs yet). */
  insert(
    rec: Omit<ComparisonRecord, 'runs'> & {
      runs: Array<{ contentType: string; modelName: string }>;
    },
  ): void {
    this.st(
      `INSERT INTO comparisons (id, video_id, collection_id, prompt, scene_index_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(rec.id, rec.videoId, rec.collectionId, rec.prompt, rec.sceneIndexId, rec.createdAt);
    const run = this.st(
      `INSERT INTO comparison_runs (comparison_id, ord, content_type, model_name)
       VALUES (?, ?, ?, ?)`,
    );
    rec.runs.forEach((r, i) => run.run(rec.id, i, r.contentType, r.modelName));
  }

  /** Run `ord` has its job now. */
  setRunJob(id: string, ord: number, jobId: string): void {
    this.st(
      `UPDATE comparison_runs SET job_id = ?, error_code = NULL, error_message = NULL
         WHERE comparison_id = ? AND ord = ?`,
    ).run(jobId, id, ord);
  }

  /** Run `ord` could not be asked for, and why. */
  setRunError(id: string, ord: number, error: { code: string; message: string }): void {
    this.st(
      `UPDATE comparison_runs SET error_code = ?, error_message = ?
         WHERE comparison_id = ? AND ord = ?`,
    ).run(error.code, error.message, id, ord);
  }

  /** Comparisons with runs not asked for yet (an interrupted submit). */
  unfinished(): string[] {
    const rows = this.st(
      `SELECT DISTINCT comparison_id AS id FROM comparison_runs
         WHERE job_id IS NULL AND error_code IS NULL`,
    ).all() as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  get(id: string): ComparisonRecord | null {
    const row = this.st('SELECT * FROM comparisons WHERE id = ?').get(id) as Row | undefined;
    return row ? this.withRuns(row) : null;
  }

  /** Newest first; of one video when given. */
  list(limit: number, videoId?: string): ComparisonRecord[] {
    const rows = (videoId === undefined
      ? this.st('SELECT * FROM comparisons ORDER BY created_at DESC, id LIMIT ?').all(limit)
      : this.st(
          `SELECT * FROM comparisons WHERE video_id = ?
               ORDER BY created_at DESC, id LIMIT ?`,
        ).all(videoId, limit)) as unknown as Row[];
    return rows.map((r) => this.withRuns(r));
  }

  /** The comparisons a job is a run of (usually none or one). */
  ofJob(jobId: string): string[] {
    const rows = this.st(
      'SELECT DISTINCT comparison_id AS id FROM comparison_runs WHERE job_id = ?',
    ).all(jobId) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  private withRuns(row: Row): ComparisonRecord {
    const runs = this.st(
      `SELECT content_type AS contentType, model_name AS modelName, job_id AS jobId,
         error_code AS code, error_message AS message
         FROM comparison_runs WHERE comparison_id = ? ORDER BY ord`,
    ).all(row.id) as Array<{
      contentType: string;
      modelName: string;
      jobId: string | null;
      code: string | null;
      message: string | null;
    }>;
    return {
      id: row.id,
      videoId: row.video_id,
      collectionId: row.collection_id,
      prompt: row.prompt,
      sceneIndexId: row.scene_index_id,
      createdAt: row.created_at,
      runs: runs.map((r) => ({
        contentType: r.contentType,
        modelName: r.modelName,
        jobId: r.jobId,
        error: r.code === null ? null : { code: r.code, message: r.message ?? '' },
      })),
    };
  }
}
