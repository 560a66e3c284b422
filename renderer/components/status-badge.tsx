/** A clip job's status as a small badge: progress and elapsed time while processing, stuck as a notice. */
import type { Job } from '../../app/shared/domain';
import { formatElapsed } from '../lib/format';

const LABELS: Record<Job['status'], string> = {
  queued: 'Queued',
  sending: 'Sending',
  processing: 'Making clip',
  done: 'Done',
  failed: 'Failed',
  uncertain: 'Not sure it was sent',
};

/** Label of a status for people. */
export function statusLabel(status: Job['status']): string {
  return LABELS[status];
}

/** The badge. `now` is passed in so a list re-renders all badges from one clock. */
export function StatusBadge({
  job,
  now,
}: {
  /** A whole job or a history list row (no segments needed). */
  job: Pick<Job, 'status' | 'progress' | 'stuck' | 'tracking' | 'sentAt' | 'createdAt'>;
  now: number;
}) {
  const running = job.status === 'processing' || job.status === 'sending';
  // No clock for a job the app no longer follows: nothing is counting for it.
  const counting = running && job.tracking;
  const since = job.sentAt ?? job.createdAt;
  return (
    <span className="status-line">
      <span className={`badge badge--${job.status}`}>
        {LABELS[job.status]}
        {job.status === 'processing' && job.progress !== null && ` · ${Math.round(job.progress)}%`}
        {counting && ` · ${formatElapsed(now - since)}`}
      </span>
      {job.stuck && job.status === 'processing' && (
        <span className="badge badge--stuck">Taking longer than usual</span>
      )}
      {!job.tracking && (job.status === 'processing' || job.status === 'sending') && (
        <span className="badge badge--muted">Not followed</span>
      )}
    </span>
  );
}
