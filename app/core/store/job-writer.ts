/**
 * The one place a jobs row and its segments are written: `JobsRepo.insertQueued` writes a new job
 * with it and `JobsRepo.finish` a finished job's segments. Tests and benchmarks that need a
 * history in any state write it through these same statements (`test/support/bulk-insert.ts`), so
 * their rows cannot drift from what the app writes.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { JobStatus, Segment } from '../../shared/domain';
import type { NewJob } from './job-record';

/** What one jobs row (and its segments) is written from: a new job, in the given state. */
export interface JobRow extends NewJob {
  status: JobStatus;
  favourite?: boolean;
  segments?: Segment[];
  finishedAt?: number | null;
  clipStreamUrl?: string | null;
  clipPlayerUrl?: string | null;
}

const INSERT_JOB_SQL = `
  INSERT INTO jobs (id, request, video_id, collection_id, prompt, content_type, video_name,
    fingerprint, status, created_at, updated_at, favourite, finished_at, clip_stream_url,
    clip_player_url, progress)
  VALUES (:id, :request, :video_id, :collection_id, :prompt, :content_type, :video_name,
    :fingerprint, :status, :created_at, :created_at, :favourite, :finished_at, :clip_stream_url,
    :clip_player_url, :progress)`;

const INSERT_SEGMENT_SQL = `
  INSERT INTO segments (job_id, ord, start, "end", text, score, stream_url, scene_index_id,
    scene_index_name, score_known, video_id, collection_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Writes rows of one database (statements prepared on first use, then reused). */
export interface JobWriter {
  /** Insert a jobs row and its segments (no outbox row; the caller runs the transaction). */
  job(row: JobRow): void;
  /** Insert a job's segments in order (positions from 0). */
  segments(jobId: string, segments: readonly Segment[]): void;
}

/** A {@link JobWriter} over `db`. */
export function jobWriter(db: DatabaseSync): JobWriter {
  let insertJob: StatementSync | null = null;
  let insertSegment: StatementSync | null = null;

  const segments = (jobId: string, list: readonly Segment[]): void => {
    const ins = (insertSegment ??= db.prepare(INSERT_SEGMENT_SQL));
    list.forEach((s, i) =>
      ins.run(
        jobId,
        i,
        s.start,
        s.end,
        s.text,
        s.score ?? 0,
        s.streamUrl,
        s.sceneIndexId ?? null,
        s.sceneIndexName ?? null,
        s.score === null ? 0 : 1,
        s.videoId ?? null,
        s.collectionId ?? null,
      ),
    );
  };

  return {
    job(job) {
      const r = job.request;
      (insertJob ??= db.prepare(INSERT_JOB_SQL)).run({
        id: job.id,
        request: JSON.stringify(r),
        video_id: r.videoId,
        collection_id: r.collectionId,
        prompt: r.prompt,
        content_type: r.contentType,
        video_name: job.videoName,
        fingerprint: job.fingerprint,
        status: job.status,
        created_at: job.createdAt,
        favourite: job.favourite ? 1 : 0,
        finished_at: job.finishedAt ?? null,
        clip_stream_url: job.clipStreamUrl ?? null,
        clip_player_url: job.clipPlayerUrl ?? null,
        progress: job.status === 'done' ? 100 : null,
      });
      if (job.segments?.length) segments(job.id, job.segments);
    },
    segments,
  };
}
