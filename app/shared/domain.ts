/**
 * Domain types shared by every room. Pure data: no node, electron or DOM imports.
 * Schemas are zod so main can validate at the boundary and both sides infer the same types.
 */
import { z } from 'zod';

/** Error codes the UI can act on (see videodb-api.md §3). */
export const ERROR_CODES = [
  'offline',
  'auth',
  'credits',
  'tier-budget',
  'forbidden',
  'not-found',
  'validation',
  'rate-limited',
  'server',
  'timeout',
  'bad-response',
  'keychain',
  'internal',
  'certificate',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
/** One of {@link ERROR_CODES}. */
export type ErrorCode = z.infer<typeof ErrorCode>;

/**
 * A classified error as it travels to the renderer: a code and a message written for people, and
 * for a refused input the field it is about (the zod issue path joined with dots, e.g. `prompt`
 * or `segments.0.start`), so a form can show the message next to that field.
 */
export const AppErrorInfo = z.object({
  code: ErrorCode,
  message: z.string(),
  field: z.string().optional(),
});
/** A classified error as it travels to the renderer. */
export type AppErrorInfo = z.infer<typeof AppErrorInfo>;

export const CONTENT_TYPES = ['spoken', 'visual', 'multimodal'] as const;
export const ContentType = z.enum(CONTENT_TYPES);
/** What the clip search looks at: the transcript, the scene descriptions, or both. */
export type ContentType = z.infer<typeof ContentType>;

/**
 * Model tiers of clip generation the API accepts: the SDKs' `basic`, `pro` and `ultra`, and
 * `mini`, which the platform also has (videodb-api.md §8). In the order the UI offers them.
 */
export const MODEL_TIERS = ['mini', 'basic', 'pro', 'ultra'] as const;
export const ModelTier = z.enum(MODEL_TIERS);
/** Model tier for clip generation. */
export type ModelTier = z.infer<typeof ModelTier>;

/** Longest prompt accepted, in characters. */
/**
 * A clip's links older than this are minted again before they are copied, played or dragged out:
 * VideoDB's stream links stop working after about a day (videodb-api.md §8), so a margin is kept.
 */
export const LINK_REMINT_AFTER_MS = 20 * 60 * 60_000;

export const PROMPT_MAX_LENGTH = 2000;

/**
 * Shape of every id the app puts into an API path or takes from the page: video (`m-<uuid>`,
 * `m-z-<uuid7>`), collection (`c-<uuid>` or `default`), scene index (16 hex), audio/image
 * (`a-`, `img-`), and the app's own job ids (UUIDs). Letters, digits, `-` and `_` only, so an
 * id can never be `.`, `..`, contain `/` or a `%`-escape, and fold or leave its API path.
 */
export const API_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
/** An id as the contract accepts it (see {@link API_ID_PATTERN}). */
export const ApiId = z
  .string()
  .min(1, 'An id is missing.')
  .max(200, 'That id is too long.')
  .regex(API_ID_PATTERN, 'That id is not valid: only letters, digits, - and _ are allowed.');

/** What the user asks for when making a clip. */
export const ClipRequest = z.object({
  videoId: ApiId,
  collectionId: ApiId,
  prompt: z
    .string()
    .trim()
    .min(1, 'Write what you are looking for.')
    .max(PROMPT_MAX_LENGTH, `Keep the prompt under ${PROMPT_MAX_LENGTH} characters.`),
  contentType: ContentType.default('spoken'),
  modelName: ModelTier.default('basic'),
  sceneIndexId: ApiId.max(100, 'That scene index id is too long.').optional(),
  callbackUrl: z
    .url({ protocol: /^https$/, error: 'The callback address must be a full https:// URL.' })
    .max(2000)
    .optional(),
});
/** A parsed clip request (defaults applied). */
export type ClipRequest = z.infer<typeof ClipRequest>;
/** A clip request as the renderer sends it (defaults optional). */
export type ClipRequestInput = z.input<typeof ClipRequest>;

export const JOB_STATUSES = [
  'queued',
  'sending',
  'processing',
  'done',
  'failed',
  'uncertain',
] as const;
export const JobStatus = z.enum(JOB_STATUSES);
/** Life cycle of a clip job (design.md "Data flow of a clip"). `stuck` is derived, not a state. */
export type JobStatus = z.infer<typeof JobStatus>;

/** One matching segment of a clip result. */
export const Segment = z.object({
  start: z.number(),
  end: z.number(),
  text: z.string(),
  /** Relevance 0..1; null when the API sent a score the app could not read (shown as "—"). */
  score: z.number().nullable(),
  streamUrl: z.string().nullable(),
  /** The video the segment is in, when the result said (a result may span several videos). */
  videoId: z.string().nullable().optional(),
  collectionId: z.string().nullable().optional(),
  sceneIndexId: z.string().nullable().optional(),
  sceneIndexName: z.string().nullable().optional(),
});
/** One matching segment of a clip result. */
export type Segment = z.infer<typeof Segment>;

/** A clip job as stored in the history. */
export const Job = z.object({
  id: z.string(),
  request: ClipRequest,
  videoName: z.string(),
  status: JobStatus,
  /** 0..100 while processing. */
  progress: z.number().nullable(),
  /** True when no progress has been seen for a long time; still polled. */
  stuck: z.boolean(),
  /** False after "stop tracking": the job is no longer polled. */
  tracking: z.boolean(),
  favourite: z.boolean(),
  segments: z.array(Segment),
  /** Playable clip of all segments, fetched once after done (compile). */
  clipStreamUrl: z.string().nullable(),
  clipPlayerUrl: z.string().nullable(),
  /**
   * When VideoDB minted the clip's links (they stop working about a day later; the app mints
   * them again before copying or playing). Null: not recorded (a clip from before this was).
   */
  linksMintedAt: z.number().nullable(),
  /** Stream of the whole source video, for "play in context". */
  sourceStreamUrl: z.string().nullable(),
  error: AppErrorInfo.nullable(),
  attempts: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
  sentAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
});
/** A clip job as stored in the history. */
export type Job = z.infer<typeof Job>;

/**
 * A row of the history list: the job without its segments (the detail fetches them with
 * `jobs:get`), and how many it has. Keeps a page small however long the results are.
 */
export const JobSummary = Job.omit({ segments: true }).extend({ segmentCount: z.number() });
/** A row of the history list. */
export type JobSummary = z.infer<typeof JobSummary>;

/** A VideoDB collection. */
export const Collection = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  isDefault: z.boolean(),
});
/** A VideoDB collection. */
export type Collection = z.infer<typeof Collection>;

/** A scene index of a video. */
export const SceneIndex = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['processing', 'done']),
});
/** A scene index of a video. */
export type SceneIndex = z.infer<typeof SceneIndex>;

/** A video as the library shows it. */
export const Video = z.object({
  id: z.string(),
  collectionId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** Seconds. */
  length: z.number().nullable(),
  thumbnailUrl: z.string().nullable(),
  streamUrl: z.string().nullable(),
  playerUrl: z.string().nullable(),
  createdAt: z.string().nullable(),
  /** Searchable by speech (spoken-word index exists); null when unknown. */
  searchableBySpeech: z.boolean().nullable(),
  /** Searchable by scenes (a finished scene index exists); null when unknown. */
  searchableByScenes: z.boolean().nullable(),
});
/** A video as the library shows it. */
export type Video = z.infer<typeof Video>;

/** What a video can be made searchable by: its spoken words, or its scenes. */
export const IndexKind = z.enum(['spoken', 'scenes']);
/** What a video can be made searchable by. */
export type IndexKind = z.infer<typeof IndexKind>;

/** Progress of a "make searchable" job. */
export const IndexingTask = z.object({
  videoId: z.string(),
  kind: IndexKind,
  status: z.enum(['running', 'done', 'failed']),
  progress: z.number().nullable(),
  error: AppErrorInfo.nullable(),
});
/** Progress of a "make searchable" job. */
export type IndexingTask = z.infer<typeof IndexingTask>;

/** Connectivity and outbox state shown in the status bar. */
export const ConnectivityState = z.object({
  online: z.boolean(),
  /** Requests waiting in the outbox. */
  queued: z.number(),
  /** True while the user paused sending. */
  paused: z.boolean(),
  lastCheckedAt: z.number().nullable(),
  /**
   * Grows with every state main reports (events and answers alike), so the window keeps the
   * newest one when an answer computed earlier arrives after a later event.
   */
  version: z.number(),
});
/** Connectivity and outbox state shown in the status bar. */
export type ConnectivityState = z.infer<typeof ConnectivityState>;

/** User settings kept by main. */
export const Settings = z.object({
  apiBaseUrl: z.string(),
  notifications: z.boolean(),
});
/** User settings kept by main. */
export type Settings = z.infer<typeof Settings>;

/** Where the key is kept. */
export const SecretsStatus = z.object({
  hasKey: z.boolean(),
  /**
   * `keychain` normally; `memory` when the OS keychain is unavailable (not remembered);
   * `session` when this run keeps the key in memory on purpose (offline demo, browser preview).
   */
  storage: z.enum(['keychain', 'memory', 'session']),
  apiBaseUrl: z.string(),
  /**
   * True while the keychain is being asked for the key and has not answered for a moment (an
   * unlock prompt is usually open): the page says "Waiting for your keychain…" instead of asking
   * for a key. Absent (false) otherwise.
   */
  waitingForKeychain: z.boolean().optional(),
});
/** Where the key is kept. */
export type SecretsStatus = z.infer<typeof SecretsStatus>;

/** Copy formats that carry links or the result's data. */
export const LINK_EXPORT_FORMATS = [
  'player-link',
  'stream-link',
  'markdown',
  'json',
  'csv',
  /** `videodb-clips://job/<id>`: opens the clip in this app, on any machine that has it. */
  'app-link',
] as const;
/**
 * Formats for editors, built from the clip's timeline without the network: FCPXML (Final Cut Pro,
 * DaVinci Resolve), Premiere XML (xmeml), a CMX 3600 EDL, OpenTimelineIO, SRT and WebVTT subtitles
 * of the segments' texts, and YouTube chapters.
 */
export const EDITOR_EXPORT_FORMATS = [
  'fcpxml',
  'xmeml',
  'edl',
  'otio',
  'srt',
  'vtt',
  'youtube-chapters',
] as const;
export const EXPORT_FORMATS = [...LINK_EXPORT_FORMATS, ...EDITOR_EXPORT_FORMATS] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
/** Clipboard export formats. */
export type ExportFormat = z.infer<typeof ExportFormat>;

/** Default API base URL. */
export const DEFAULT_API_BASE_URL = 'https://api.videodb.io';

/**
 * Where an MP4 download is: asking VideoDB for the file (`preparing`), receiving it
 * (`downloading`), `paused` by the user (or by a dropped connection it could not get back),
 * `done` (the size checked), or `failed`.
 */
export const DOWNLOAD_STATUSES = ['preparing', 'downloading', 'paused', 'done', 'failed'] as const;
export const DownloadStatus = z.enum(DOWNLOAD_STATUSES);
/** One of {@link DOWNLOAD_STATUSES}. */
export type DownloadStatus = z.infer<typeof DownloadStatus>;

/** A clip saved as an MP4 file on this computer ("Save as MP4…"). */
export const Download = z.object({
  id: z.string(),
  jobId: z.string(),
  /** The file the user chose. */
  targetPath: z.string(),
  /** Its name alone, for the UI. */
  fileName: z.string(),
  status: DownloadStatus,
  bytesDone: z.number(),
  /** Null until the server said how big the file is. */
  totalBytes: z.number().nullable(),
  /** Bytes per second over the last few seconds; 0 when not receiving. */
  bytesPerSecond: z.number(),
  error: AppErrorInfo.nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
/** A clip saved as an MP4 file. */
export type Download = z.infer<typeof Download>;

/** One video's clip in a multi-clip: its own clip job (null while not asked for yet). */
export const MultiClipChild = z.object({
  videoId: z.string(),
  collectionId: z.string(),
  videoName: z.string(),
  jobId: z.string().nullable(),
  /**
   * The job's status; `deleted` when the job was deleted from the history, `not-sent` before,
   * `preparing` while its video is being made searchable first.
   */
  status: z.union([JobStatus, z.enum(['deleted', 'not-sent', 'preparing'])]),
  segmentCount: z.number(),
  error: AppErrorInfo.nullable(),
  /** Failed because its video lacks this index (it can be made searchable, then asked again). */
  needsIndex: IndexKind.nullable(),
  /** While `preparing`: the indexes still being made and their progress (0–100, when known). */
  preparing: z.object({ kinds: z.array(IndexKind), progress: z.number().nullable() }).nullable(),
});
/** One video's clip in a multi-clip. */
export type MultiClipChild = z.infer<typeof MultiClipChild>;

/** One prompt across many videos (issue 12): a child clip per video, one ranked answer. */
export const MultiClip = z.object({
  id: z.string(),
  prompt: z.string(),
  contentType: ContentType,
  modelName: ModelTier,
  /** The whole collection was asked; null for a selection. */
  scopeCollectionId: z.string().nullable(),
  createdAt: z.number(),
  /** Collection search was asked first which videos were worth asking… */
  narrowed: z.boolean(),
  /** …and this many were left out. */
  skipped: z.number(),
  children: z.array(MultiClipChild),
  /** "12 of 14 answered, 1 failed, 1 still running": counts by outcome. */
  counts: z.object({
    total: z.number(),
    answered: z.number(),
    failed: z.number(),
    running: z.number(),
    uncertain: z.number(),
    /** Waiting for their video to be made searchable first. */
    preparing: z.number(),
  }),
  reel: z
    .object({
      topN: z.number(),
      streamUrl: z.string(),
      playerUrl: z.string().nullable(),
      mintedAt: z.number(),
    })
    .nullable(),
});
/** A multi-clip. */
export type MultiClip = z.infer<typeof MultiClip>;

/**
 * Whether the videos of a prospective multi-clip can answer its content type (issue 12 §2):
 * spoken needs a spoken-word index, visual a scene index, multimodal both.
 */
export const MultiClipReadiness = z.object({
  total: z.number(),
  /** Known to have every index the content type needs. */
  ready: z.number(),
  /** Known to miss an index, or being made searchable now. */
  missing: z.array(
    z.object({
      videoId: z.string(),
      collectionId: z.string(),
      videoName: z.string(),
      /** Seconds, when known. */
      length: z.number().nullable(),
      kinds: z.array(IndexKind),
      /** Already being made searchable (a task is running). */
      preparing: z.boolean(),
    }),
  ),
  /**
   * Not known to be searchable by speech: nothing the app can read says so without starting work
   * on the account, so these are asked as they are (and can be made searchable after).
   */
  speechUnknown: z.number(),
  /** Whose scene indexes could not be checked (offline, never saved). */
  scenesUnknown: z.number(),
  /** A rough guess of how long making the missing ones searchable takes; null when unknown. */
  estimateMinutes: z.number().nullable(),
  /** The account's credits from `GET /billing/usage`; null when VideoDB does not say. */
  usage: z.object({ balance: z.number().nullable(), used: z.number().nullable() }).nullable(),
  online: z.boolean(),
});
/** Whether the videos of a prospective multi-clip can answer its content type. */
export type MultiClipReadiness = z.infer<typeof MultiClipReadiness>;

/** A segment of a multi-clip's merged, ranked answer. */
export const RankedSegment = z.object({
  videoId: z.string(),
  collectionId: z.string(),
  videoName: z.string(),
  start: z.number(),
  end: z.number(),
  score: z.number().nullable(),
  text: z.string(),
  merged: z.number(),
});

/** A multi-clip with its merged answer and per-video breakdown. */
export const MultiClipDetail = MultiClip.extend({
  segments: z.array(RankedSegment),
  breakdown: z.array(
    z.object({
      videoId: z.string(),
      videoName: z.string(),
      segments: z.number(),
      bestScore: z.number().nullable(),
      seconds: z.number(),
    }),
  ),
});
/** A multi-clip with its merged answer. */
export type MultiClipDetail = z.infer<typeof MultiClipDetail>;

/** Fewest and most runs one comparison asks for (content type × model tier pairs). */
export const COMPARE_MIN_RUNS = 2;
export const COMPARE_MAX_RUNS = 12;

/** One run of a comparison: a content type and a model tier, asked as an ordinary clip job. */
export const CompareRun = z.object({
  contentType: ContentType,
  modelName: ModelTier,
  /** Its clip job in the history; null while not asked for yet, or when it could not be asked. */
  jobId: z.string().nullable(),
  status: z.union([JobStatus, z.enum(['deleted', 'not-sent'])]),
  /** Seconds from the request going out (or being made, if never sent) to the answer; null before. */
  secondsToAnswer: z.number().nullable(),
  segmentCount: z.number(),
  /** The answer's time ranges (seconds), for the timeline strip. */
  ranges: z.array(z.object({ start: z.number(), end: z.number() })),
  /** Mean overlap (IoU of time ranges) with the other runs that answered; null when none did. */
  meanOverlap: z.number().nullable(),
  error: AppErrorInfo.nullable(),
});
/** One run of a comparison. */
export type CompareRun = z.infer<typeof CompareRun>;

/**
 * One prompt on one video across content types and model tiers (issue 12 §3): a run per pair,
 * each an ordinary clip job, with how long each took, how many segments it found, and how much
 * the runs agree.
 */
export const Comparison = z.object({
  id: z.string(),
  videoId: z.string(),
  collectionId: z.string(),
  videoName: z.string(),
  /** Seconds, when the library knows it (the strips' scale). */
  videoLength: z.number().nullable(),
  prompt: z.string(),
  /** The scene index visual and multimodal runs search; null: the video's only one. */
  sceneIndexId: z.string().nullable(),
  createdAt: z.number(),
  runs: z.array(CompareRun),
  counts: MultiClip.shape.counts.omit({ preparing: true }),
  /** `overlap[i][j]`: IoU of runs i and j; null unless both answered. */
  overlap: z.array(z.array(z.number().nullable())),
});
/** A comparison. */
export type Comparison = z.infer<typeof Comparison>;

/** One line of an editor bundle's fidelity report: what the bundle carried of the clip. */
export const EditorFidelityItem = z.object({
  feature: z.string(),
  status: z.enum(['kept', 'approximated', 'dropped']),
  note: z.string().nullable(),
});
/** One line of a fidelity report. */
export type EditorFidelityItem = z.infer<typeof EditorFidelityItem>;

/**
 * VideoDB's own editor bundle of a clip (its `editor/export` job, format `nle`): `sending` (the
 * request is going out), then the job's own steps, `done` with a link and the fidelity report, or
 * `failed`.
 */
export const EditorExport = z.object({
  id: z.string(),
  jobId: z.string(),
  /** The idempotency key sent as `client_ref` (from the clip's fingerprint and segments). */
  clientRef: z.string(),
  status: z.enum(['sending', 'queued', 'rendering', 'converting', 'packaging', 'done', 'failed']),
  bundleUrl: z.string().nullable(),
  fidelityLevel: z.string().nullable(),
  fidelity: z.array(EditorFidelityItem),
  error: AppErrorInfo.nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
/** VideoDB's editor bundle of a clip. */
export type EditorExport = z.infer<typeof EditorExport>;

/**
 * Where an upload ("Add videos…") stands: `checking` (reading the file for its fingerprint),
 * `waiting` (for the network, or for a free slot), `uploading` (the file goes to VideoDB's upload
 * address), `registering` (asking VideoDB to add it), `processing` (VideoDB is importing it),
 * `done`, `paused` (by the user, or after the connection kept dropping), `failed`, `duplicate`
 * (the same file is already added to this collection: nothing was sent), or `uncertain` (the
 * request to add it was sent but no answer came: it may or may not be in the collection).
 */
export const UPLOAD_STATUSES = [
  'checking',
  'waiting',
  'uploading',
  'registering',
  'processing',
  'done',
  'paused',
  'failed',
  'duplicate',
  'uncertain',
] as const;
export const UploadStatus = z.enum(UPLOAD_STATUSES);
/** One of {@link UPLOAD_STATUSES}. */
export type UploadStatus = z.infer<typeof UploadStatus>;

/** A file (or public link) being added to a collection. */
export const Upload = z.object({
  id: z.string(),
  collectionId: z.string(),
  /** A file from this computer, or a public link VideoDB fetches itself. */
  source: z.enum(['file', 'link']),
  /** The name the video gets. */
  name: z.string(),
  /** The file's name (source `file`), for the UI; null for a link. */
  fileName: z.string().nullable(),
  /** The public link (source `link`); null for a file. */
  link: z.string().nullable(),
  mediaType: z.enum(['video', 'audio', 'image']),
  status: UploadStatus,
  bytesDone: z.number(),
  /** The file's size; null for a link. */
  totalBytes: z.number().nullable(),
  /** Bytes per second over the last few seconds; 0 when not sending. */
  bytesPerSecond: z.number(),
  /** The upload address can continue a cut upload (null until known). */
  resumable: z.boolean().nullable(),
  /** How many times the file had to be sent again from the start (an address that cannot resume). */
  restarts: z.number(),
  /** The new video, once VideoDB added it. */
  videoId: z.string().nullable(),
  /** For `duplicate`: the upload that already added this file. */
  duplicateOf: z.string().nullable(),
  error: AppErrorInfo.nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
/** A file or link being added to a collection. */
export type Upload = z.infer<typeof Upload>;
