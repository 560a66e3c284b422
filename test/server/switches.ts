/**
 * Behaviour switches of the local VideoDB-compatible server. Every switch is off (or at the
 * default the real API most likely has) until a test turns it on, so the public routes behave
 * like the documented API unless a test asks for a variant or a fault.
 */

/** What a fault does to a matching request. */
export type FaultKind =
  | 'error-in-200'
  | 'html-502'
  | 'status-503'
  | 'html-504'
  | 'rate-limit'
  | 'bad-request-400'
  | 'reset'
  | 'credits-402'
  | 'forbidden-403'
  | 'job-404'
  | 'slow'
  | 'mutate';

/** How a `mutate` fault corrupts a JSON answer. */
export type Mutation =
  'wrong-types' | 'missing-fields' | 'huge-strings' | 'deep-nesting' | 'non-json';

/**
 * How a running job's `data.percentage` moves over its length: `linear`; `none` (no percentage at
 * all, `data` absent); `back-loaded` (slow then fast: the share done is x³ of the time gone);
 * `stalled` (0 for the first third, then linear); `creeping` (fast first, then creeping towards
 * 100: 1 − (1 − x)³, so 99 is reached at 79 % of the job and stays there).
 */
export type ProgressShape = 'linear' | 'none' | 'back-loaded' | 'stalled' | 'creeping';

/** Every progress shape, in the order the bench prints them. */
export const PROGRESS_SHAPES: readonly ProgressShape[] = [
  'linear',
  'none',
  'back-loaded',
  'stalled',
  'creeping',
];

/** One injected fault. Faults are checked in order for every non-control request. */
export interface Fault {
  kind: FaultKind;
  /** Only requests with this method (case-insensitive); any method when absent. */
  method?: string;
  /**
   * Regex source matched against the normalised pathname (no trailing slash). Any path when
   * absent, except for `job-404`, which defaults to `^/async-response/`.
   */
  path?: string;
  /** How many requests it hits; unlimited when absent. */
  times?: number;
  /** `rate-limit`: value of the `Retry-After` header (seconds); no header when absent. */
  retryAfterSec?: number;
  /** `slow`: wall-clock delay before the handler runs (default 5000 ms). */
  delayMs?: number;
  /** `mutate`: how to corrupt the answer (default `wrong-types`). */
  mutation?: Mutation;
  /**
   * Run the real handler first, so the server did the work (e.g. created the clip job), and only
   * then fail the answer: the "uncertain" case of a clip POST. With `reset` the socket is destroyed
   * and the client never hears back; with a kind that answers (`html-502`, `html-504`,
   * `status-503`, …) that answer replaces the real one, as a gateway does when the API made the job
   * but the gateway gave up on it. Ignored by `slow` and `mutate`.
   */
  afterHandler?: boolean;
}

/** Every switch of the server. `control.set()` merges a partial of this. */
export interface ServerSwitches {
  /**
   * Model tiers whose budget is spent: a clip POST with one of them is refused with
   * "You have reached the usage budget for this model tier" (the other tiers still work).
   */
  exhaustedTiers: Array<'basic' | 'pro' | 'ultra' | 'mini'>;
  /**
   * HTTP status of that refusal: a 4xx with `{success:false, message}` (400 unless told), or 200
   * for the same envelope inside an HTTP 200. Never 402: that is the account's credits.
   */
  tierBudgetStatus: number;
  /**
   * Finished poll answers: (a) `{success, status:"done", data}`, (b) `{status, response:{…}}`, or
   * (c) the docs' own vocabulary, `{success:true, status:"completed", result}`, whose failures are a
   * bare `{success:false, message}` with no status.
   */
  finishShape: 'a' | 'b' | 'c';
  /** Status string of running poll answers. */
  runningStatus: 'processing' | 'in progress';
  /** Name of the thumbnail field on video objects. */
  thumbnailField: 'thumbnail_url' | 'thumbnail';
  /** Type of `length` on video objects and clip results. */
  lengthAs: 'string' | 'number';
  /** Name of the per-segment stream field in clip result docs. */
  segmentLinkField: 'stream_url' | 'stream_link';
  /** Type of `start`/`end` in transcript entries (the doc says they may be strings). */
  transcriptTimesAs: 'number' | 'string';
  /** Duration of every job created from now on, on the server clock. */
  jobDurationMs: number;
  /** Progress shape of jobs created from now on. */
  progressShape: ProgressShape;
  /**
   * Seeded jitter of reported progress: each read moves the job's time by up to ± this share of
   * its length (0 = none). Reports never go backwards. Jobs draw from `progressSeed` in creation
   * order, so a run is the same every time.
   */
  progressJitter: number;
  /** Seed of the jitter (jobs created after a `set` of it restart the sequence). */
  progressSeed: number;
  /** How jobs created from now on end; `never` keeps them processing forever. */
  jobOutcome: 'done' | 'fail' | 'never';
  /** Wall-clock delay added before answering every public (authenticated) route. */
  latencyMs: number;
  /** Network cut: every incoming non-control request has its socket destroyed at once. */
  offline: boolean;
  /** Injected faults, applied in order to matching requests. */
  faults: Fault[];
  /**
   * Origin put into job addresses (`output_url`) instead of the server's own, e.g. another host or
   * `https://` for an `http://` server: a job address a careful client must refuse to poll.
   */
  outputUrlBase: string | null;
  /**
   * How `POST /download` answers: `job` (shape 3, a job whose result is `{download_url, name}`)
   * or `direct` (`data.download_url` at once). videodb-api.md §8 says either may come.
   */
  downloadAnswer: 'job' | 'direct';
  /** Download links are served at most this fast (bytes per second); null = as fast as possible. */
  downloadBytesPerSecond: number | null;
  /**
   * Every download answer's connection is cut after this many body bytes (a flaky network), so a
   * client must resume with Range; null = never cut.
   */
  downloadCutAfterBytes: number | null;
  /**
   * Stream links minted by `/compile` and `/video/{id}/stream` stop working this long after (on
   * the server clock: `control.advanceTime` past it → 403), as VideoDB's do after about a day;
   * null = they never expire.
   */
  streamLinkTtlMs: number | null;
  /**
   * What the presigned upload target takes: `resumable` (one multipart POST as the SDKs send, or a
   * resumable session of `PUT` + `Content-Range` pieces) or `plain` (the POST only; a `PUT`
   * answers 405, so a cut upload must start again).
   */
  uploadTarget: 'resumable' | 'plain';
  /** Every upload request's connection is cut after this many body bytes; null = never cut. */
  uploadCutAfterBytes: number | null;
  /** Upload targets take at most this many bytes per second; null = as fast as they come. */
  uploadBytesPerSecond: number | null;
  /** How `POST /collection/{id}/upload` answers: `job` (shape 3) or `direct` (the media object). */
  uploadAnswer: 'job' | 'direct';
  /** `GET /billing/usage`: `credits` (balance and use) or `missing` (404, not exposed). */
  usageAnswer: 'credits' | 'missing';
}

/** Default job duration when neither the start option nor a switch says otherwise. */
export const DEFAULT_JOB_DURATION_MS = 1500;

/** The switches as they are right after start or `control.reset()`. */
export function defaultSwitches(jobDurationMs: number = DEFAULT_JOB_DURATION_MS): ServerSwitches {
  return {
    exhaustedTiers: [],
    tierBudgetStatus: 400,
    finishShape: 'a',
    runningStatus: 'processing',
    thumbnailField: 'thumbnail_url',
    lengthAs: 'string',
    segmentLinkField: 'stream_url',
    transcriptTimesAs: 'number',
    jobDurationMs,
    progressShape: 'linear',
    progressJitter: 0,
    progressSeed: 1,
    jobOutcome: 'done',
    latencyMs: 0,
    offline: false,
    faults: [],
    outputUrlBase: null,
    downloadAnswer: 'job',
    downloadBytesPerSecond: null,
    downloadCutAfterBytes: null,
    streamLinkTtlMs: null,
    uploadTarget: 'resumable',
    uploadCutAfterBytes: null,
    uploadBytesPerSecond: null,
    uploadAnswer: 'job',
    usageAnswer: 'credits',
  };
}
