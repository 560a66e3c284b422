/**
 * When to poll a running job next, from what its polls have said so far (issue 14 §4). A pure
 * rule: the engine keeps each job's reports in memory and passes them in.
 *
 * - A percentage is trusted only as far as its history supports: the finish is extrapolated from
 *   the rate of the current trend (since the last report of 0, else since the job was sent), the
 *   faster of the whole trend's and the latest step's rate (so progress that speeds up is not
 *   missed), and never further ahead than the trend has been watched (one report does not buy a
 *   jump of ten minutes).
 * - No percentage, a percentage still at 0, or one that stopped moving: poll in proportion to the
 *   time the job has run (a share of it, bounded), which costs O(log length) polls whatever the
 *   length and notices a job within that share of its length.
 * - With no usable percentage, the durations of similar finished jobs (same content type and
 *   model) make a prior: sparse safety polls until shortly before the earliest of them, dense
 *   polls through their spread, then the proportional rule again if this one takes longer. With
 *   a percentage, the prior's window still caps the aimed delay (progress that speeds up at the
 *   end predicts its finish too late).
 */

/** One poll's answer: time since the job was sent and its percentage (null when none). */
export interface PollReport {
  atMs: number;
  percentage: number | null;
}

/** Shares of the elapsed time used when progress cannot be trusted. */
export const POLL_SHARE = {
  /** While the job is young (< 30 s): short jobs must be noticed within a couple of seconds. */
  young: 0.12,
  /** Later: long jobs cost O(log length) polls and are noticed within ~8 % of their length. */
  old: 0.16,
  /** Before the window a prior predicts: sparse safety polls (the elapsed time doubles). */
  beforePrior: 1,
  /** Inside the prior's window. */
  inPrior: 0.035,
  /**
   * Before the prior's window, with a trend: no closer than this share (a trend that keeps
   * predicting a finish any moment, as progress creeping towards 100 does, is not trusted more
   * than similar jobs; a job much faster than them is noticed within half its length).
   */
  trendBeforePrior: 0.5,
  /** Never closer together than this share of the elapsed time when aiming at a finish. */
  aimFloor: 0.03,
};

/** A proportional delay is never longer than this (a job resumed after hours is still checked). */
export const POLL_PROPORTIONAL_CAP_MS = 5 * 60_000;

/**
 * Polls of different jobs line up on a shared grid of wall-clock times, so the process wakes
 * once for several polls instead of once for each (fewer wake-ups on battery, and one busy
 * moment, with warm connections, instead of many). A poll moves to the nearest moment of the
 * grid: earlier or later by at most {@link POLL_ALIGN.share} of its own delay, so on average a
 * job is noticed no later and polled no more often than planned. Steps are powers of two of
 * {@link POLL_ALIGN.minStepMs}, up to {@link POLL_ALIGN.maxStepMs}.
 */
export const POLL_ALIGN = { share: 0.1, minStepMs: 250, maxStepMs: 8_000 };

/** The time of a poll due `delayMs` after `now`, moved to the grid (see {@link POLL_ALIGN}). */
export function alignPollAt(now: number, delayMs: number): number {
  const due = now + delayMs;
  // The nearest grid moment is at most half a step away.
  const room = Math.min(POLL_ALIGN.maxStepMs, 2 * POLL_ALIGN.share * delayMs);
  if (!(room >= POLL_ALIGN.minStepMs)) return due;
  let step = POLL_ALIGN.minStepMs;
  while (step * 2 <= room) step *= 2;
  return Math.round(due / step) * step;
}

/** The spread of similar finished jobs' durations (ms), or null when there are none. */
export function priorWindow(durationsMs: readonly number[]): { lo: number; hi: number } | null {
  const d = durationsMs.filter((x) => Number.isFinite(x) && x > 0).sort((a, b) => a - b);
  if (d.length === 0) return null;
  const q = (p: number): number => d[Math.min(d.length - 1, Math.floor(p * d.length))]!;
  // Few samples say little about the spread: widen the window more.
  const widen = d.length < 3 ? 0.1 : 0.05;
  return { lo: q(0.1) * (1 - widen), hi: q(0.9) * (1 + widen) };
}

/** Proportional delay: a share of the elapsed time, at least `firstPollMs`, at most the cap. */
function proportional(elapsedMs: number, firstPollMs: number, share?: number): number {
  const s = share ?? (elapsedMs < 30_000 ? POLL_SHARE.young : POLL_SHARE.old);
  return Math.min(POLL_PROPORTIONAL_CAP_MS, Math.max(firstPollMs, s * elapsedMs));
}

/**
 * Delay (ms) from the latest report until the next poll. `reports` are in time order, the last
 * one just received; `priorMs` are durations (sent → finished) of similar finished jobs.
 */
export function planPollDelayMs(
  reports: readonly PollReport[],
  t: { firstPollMs: number },
  priorMs: readonly number[] = [],
  random: () => number = Math.random,
): number {
  const last = reports.at(-1);
  if (!last) return t.firstPollMs;
  const now = last.atMs;
  const jitter = 0.95 + 0.1 * random();
  const aimed = aim(reports, t.firstPollMs);
  if (aimed !== null) {
    // Progress that speeds up at the end (back-loaded) predicts a finish too late: inside the
    // window where similar jobs finished, the window's dense polls come first.
    // A poll at the window's start, never a jump over it.
    const any = priorWindow(priorMs);
    let capped = aimed;
    // Before it, see POLL_SHARE.trendBeforePrior.
    if (any !== null && now < any.lo)
      capped = Math.min(
        Math.max(aimed, proportional(now, t.firstPollMs, POLL_SHARE.trendBeforePrior)),
        any.lo - now,
      );
    else if (any !== null && now < any.hi) capped = Math.min(aimed, POLL_SHARE.inPrior * any.hi);
    return Math.max(t.firstPollMs, Math.round(capped * jitter));
  }
  // No usable trend (none reported, still 0, or not moving since the last report): similar
  // finished jobs say when to look.
  const win = priorWindow(priorMs);
  let delay: number;
  if (win && now < win.hi) {
    if (now < win.lo) {
      // Safety polls (a similar job is not this job) but never past the window's start.
      delay = Math.min(proportional(now, t.firstPollMs, POLL_SHARE.beforePrior), win.lo - now);
    } else {
      delay = Math.max(t.firstPollMs, POLL_SHARE.inPrior * win.hi);
    }
  } else {
    delay = proportional(now, t.firstPollMs);
  }
  return Math.max(t.firstPollMs, Math.round(delay * jitter));
}

/**
 * The delay that aims at the finish the current trend predicts, or null when the percentage
 * does not support a prediction (none, still 0, or not moving since the previous report).
 */
function aim(reports: readonly PollReport[], firstPollMs: number): number | null {
  const last = reports.at(-1)!;
  const p = last.percentage;
  if (p === null || p <= 0 || p >= 100) return null;
  const prev = reports.at(-2);
  // Not moving since the previous report: a stall, or progress creeping towards 100.
  if (prev && prev.percentage !== null && prev.percentage >= p) return null;
  // The trend starts at the last report of 0 (a job that waited before working), else at 0 %
  // when the job was sent.
  let start: PollReport = { atMs: 0, percentage: 0 };
  for (let i = reports.length - 2; i >= 0; i--) {
    const r = reports[i]!;
    if (r.percentage !== null && r.percentage <= 0) {
      start = r;
      break;
    }
  }
  const span = last.atMs - start.atMs;
  if (span <= 0) return null;
  // Servers report whole percentages (floored): true progress may be up to a point higher. Aim
  // at the earliest finish the reports allow.
  const upper = Number.isInteger(p) ? Math.min(99.9, p + 1) : p;
  const trendRate = upper / span;
  let rate = trendRate;
  if (prev && prev.percentage !== null && prev.atMs > start.atMs && last.atMs > prev.atMs) {
    const stepRate = (upper - prev.percentage) / (last.atMs - prev.atMs);
    rate = Math.max(rate, stepRate);
  }
  const eta = ((100 - upper) / rate) * 1.02;
  // Trust the extrapolation only as far ahead as the trend has been watched.
  const horizon = Math.max(firstPollMs, span);
  return Math.max(POLL_SHARE.aimFloor * last.atMs, Math.min(eta, horizon));
}

/** What the planner needs of a job record. */
export interface PlannedJob {
  id: string;
  sentAt: number | null;
  createdAt: number;
  finishedAt?: number | null;
  request: { contentType: string; modelName?: string | undefined };
}

/** Reports kept per job (the trend's start is the last report of 0; older ones matter little). */
const KEEP_REPORTS = 64;
/** Durations kept per kind of job for the prior. */
const KEEP_PRIOR = 20;

/**
 * Per-job poll reports (in memory: after a restart a job starts a new history, which only makes
 * the first polls proportional) and the durations of finished jobs by content type and model,
 * read once per kind from the newest finished jobs of the history.
 */
export class PollPlanner {
  private readonly reports = new Map<string, PollReport[]>();
  private readonly priors = new Map<string, number[]>();

  constructor(
    private readonly recentFinished: () => readonly PlannedJob[],
    private readonly firstPollMs: () => number,
    private readonly random: () => number,
  ) {}

  /** Record a poll's answer (null percentage: none reported) and return the next delay. */
  next(job: PlannedJob, percentage: number | null, now: number): number {
    const list = this.reports.get(job.id) ?? [];
    list.push({ atMs: now - (job.sentAt ?? job.createdAt), percentage });
    if (list.length > KEEP_REPORTS) list.splice(0, list.length - KEEP_REPORTS);
    this.reports.set(job.id, list);
    return planPollDelayMs(
      list,
      { firstPollMs: this.firstPollMs() },
      this.prior(kindOf(job)),
      this.random,
    );
  }

  /** The job ended (or is no longer polled): forget its reports; a finished one feeds the prior. */
  ended(job: PlannedJob, finishedAt: number | null): void {
    this.reports.delete(job.id);
    if (finishedAt === null || job.sentAt === null) return;
    const list = this.prior(kindOf(job));
    list.push(finishedAt - job.sentAt);
    if (list.length > KEEP_PRIOR) list.splice(0, list.length - KEEP_PRIOR);
  }

  private prior(kind: string): number[] {
    let list = this.priors.get(kind);
    if (!list) {
      list = [];
      for (const j of this.recentFinished()) {
        if (kindOf(j) !== kind || j.sentAt === null || j.finishedAt == null) continue;
        list.unshift(j.finishedAt - j.sentAt);
        if (list.length >= KEEP_PRIOR) break;
      }
      this.priors.set(kind, list);
    }
    return list;
  }
}

const kindOf = (j: PlannedJob): string => `${j.request.contentType}/${j.request.modelName ?? ''}`;
