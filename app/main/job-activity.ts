/**
 * What the Dock/taskbar shows while clips are being made: the number of running jobs as a badge
 * and a progress bar. Pure: fed with the core's job events, it says what to show; main applies it
 * with `app.setBadgeCount` and `win.setProgressBar`.
 */
import type { JobStatus } from '../shared/domain';

/** The parts of a job that decide whether it is running and how far it is. */
export interface JobActivityInput {
  id: string;
  status: JobStatus;
  progress: number | null;
  tracking: boolean;
}

/** What the Dock/taskbar shows. */
export interface ActivityView {
  /** Jobs being sent or made by the API (badge; 0 clears it). */
  running: number;
  /**
   * The progress bar: -1 removes it (Electron: "Remove progress bar when progress < 0"), 0..1 a
   * fraction (the mean of the running jobs' percentages), 'indeterminate' when any running job has
   * no percentage yet.
   */
  progress: number | 'indeterminate';
}

/** A job counts as running while it is being sent or made, and is still followed. */
export function isRunning(job: Pick<JobActivityInput, 'status' | 'tracking'>): boolean {
  return job.tracking && (job.status === 'sending' || job.status === 'processing');
}

/** Tracks running jobs from job events. */
export function createJobActivity() {
  const running = new Map<string, number | null>();
  const view = (): ActivityView => {
    if (running.size === 0) return { running: 0, progress: -1 };
    let sum = 0;
    for (const p of running.values()) {
      if (p === null || !Number.isFinite(p))
        return { running: running.size, progress: 'indeterminate' };
      sum += Math.min(100, Math.max(0, p));
    }
    return { running: running.size, progress: sum / running.size / 100 };
  };
  return {
    /** A job was created or changed; returns the new view. */
    changed(job: JobActivityInput): ActivityView {
      if (isRunning(job)) running.set(job.id, job.progress);
      else running.delete(job.id);
      return view();
    },
    /** Jobs were deleted. */
    removed(ids: readonly string[]): ActivityView {
      for (const id of ids) running.delete(id);
      return view();
    },
    view,
  };
}

/** Keeps the last applied view so Electron is only called when something visible changes. */
export function sameView(a: ActivityView | null, b: ActivityView): boolean {
  return a !== null && a.running === b.running && a.progress === b.progress;
}
