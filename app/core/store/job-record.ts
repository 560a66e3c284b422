/**
 * A job as the engine keeps it: the public {@link Job} plus the bookkeeping the renderer never
 * sees (remote job address, poll timing, fingerprint).
 */
import type { ClipRequest, Job, JobSummary } from '../../shared/domain';

/** A stored job with the engine's bookkeeping. */
export interface JobRecord extends Job {
  fingerprint: string;
  outputUrl: string | null;
  remoteJobId: string | null;
  requestType: 'sync' | 'async' | null;
  /** The API base URL the job was sent to; null for jobs sent before this was recorded. */
  apiBaseUrl: string | null;
  /** A compiled clip is still to be fetched (done, with segments, compile not yet succeeded). */
  compilePending: boolean;
  lastProgressAt: number | null;
  nextPollAt: number | null;
  pollIntervalMs: number | null;
}

/** What a new job is inserted with (everything else takes its initial value). */
export interface NewJob {
  id: string;
  request: ClipRequest;
  videoName: string;
  fingerprint: string;
  createdAt: number;
}

/** Strip the bookkeeping: the job as the renderer sees it. */
export function toJob(r: JobRecord): Job {
  return {
    id: r.id,
    request: r.request,
    videoName: r.videoName,
    status: r.status,
    progress: r.progress,
    stuck: r.stuck,
    tracking: r.tracking,
    favourite: r.favourite,
    segments: r.segments,
    clipStreamUrl: r.clipStreamUrl,
    clipPlayerUrl: r.clipPlayerUrl,
    linksMintedAt: r.linksMintedAt,
    sourceStreamUrl: r.sourceStreamUrl,
    error: r.error,
    attempts: r.attempts,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    sentAt: r.sentAt,
    finishedAt: r.finishedAt,
  };
}

/** Strip the bookkeeping from a history list row. */
export function toJobSummary(
  r: Omit<JobRecord, 'segments'> & { segmentCount: number },
): JobSummary {
  const { segments: _none, ...job } = toJob({ ...r, segments: [] });
  return { ...job, segmentCount: r.segmentCount };
}
