/**
 * The IPC contract: every call the renderer can make and every event main pushes.
 * One file, two transports (Electron IPC and the preview WebSocket). Main validates every input
 * against these schemas; preload and the preview page build `window.api` from the same names.
 */
import { z } from 'zod';
import {
  ApiId,
  AppErrorInfo,
  ClipRequest,
  Collection,
  ConnectivityState,
  Download,
  EditorExport,
  ExportFormat,
  IndexingTask,
  Job,
  JobStatus,
  JobSummary,
  SceneIndex,
  SecretsStatus,
  Settings,
  MultiClip,
  MultiClipDetail,
  MultiClipReadiness,
  Comparison,
  COMPARE_MAX_RUNS,
  COMPARE_MIN_RUNS,
  ContentType,
  ModelTier,
  PROMPT_MAX_LENGTH,
  Upload,
  Video,
} from './domain';

const NoInput = z.object({}).strict().default({});
/** Every id a call takes: validated once here, so no `.`/`..`/`/` reaches an API path. */
const Id = ApiId;
const Paging = {
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
};
const Ok = z.object({ ok: z.literal(true) });

/** The demo's simulated network. */
const DemoNetwork = z.object({ available: z.boolean(), offline: z.boolean() });

/** Where a library answer came from: the network, or the saved copy while offline. */
const Freshness = {
  fromCache: z.boolean(),
  fetchedAt: z.number().nullable(),
};

/** Every call: `domain:verb` → input schema and output schema. */
export const calls = {
  // ── app ─────────────────────────────────────────────────────────────
  /** The renderer is listening; main flushes events it queued before. */
  'app:ready': { input: NoInput, output: Ok },
  /** Open an https link in the user's browser (anything else is refused). */
  'app:open-external': {
    input: z.object({ url: z.string().max(4000) }).strict(),
    output: Ok,
  },

  /**
   * The clip the window shows on its own (null: none, or several selected). Main skips the
   * system notification of a job the person is already looking at in the focused window.
   */
  'app:viewing-job': { input: z.object({ id: Id.nullable() }).strict(), output: Ok },

  /**
   * Install the update that is downloaded and start the new version (after the engine finished
   * its writes). Only the installed app has updates; elsewhere this is refused.
   */
  'app:restart-to-update': { input: NoInput, output: Ok },

  /**
   * Problems found at start that the user should hear about, e.g. a damaged history file that was
   * moved aside and replaced with a fresh one.
   */
  'app:startup-warnings': { input: NoInput, output: z.array(AppErrorInfo) },

  // ── demo (only `npm run demo` has a network to cut; elsewhere `available` is false) ──
  /** Whether this run can simulate being offline, and whether it is now. */
  'demo:network': { input: NoInput, output: DemoNetwork },
  /** Cut or restore the demo's network (the local server stops answering), to try the outbox. */
  'demo:set-network': {
    input: z.object({ offline: z.boolean() }).strict(),
    output: DemoNetwork,
  },

  // ── secrets (there is deliberately no getter for the key) ───────────
  'secrets:status': { input: NoInput, output: SecretsStatus },
  /** Check the key against the API, then store it in the OS keychain. */
  'secrets:set-api-key': {
    input: z.object({ apiKey: z.string().trim().min(1, 'Paste your API key.').max(500) }).strict(),
    output: SecretsStatus,
  },
  /** Check a key (the given one, or the stored one) without storing it. */
  'secrets:test-api-key': {
    input: z
      .object({ apiKey: z.string().trim().min(1).max(500).optional() })
      .strict()
      .default({}),
    output: Ok,
  },
  'secrets:clear': { input: NoInput, output: SecretsStatus },

  // ── settings ────────────────────────────────────────────────────────
  'settings:get': { input: NoInput, output: Settings },
  'settings:update': {
    input: z
      .object({
        apiBaseUrl: z
          .url({
            protocol: /^https?$/,
            error: 'Enter a full address such as https://api.videodb.io.',
          })
          .max(2000)
          .optional(),
        notifications: z.boolean().optional(),
        /**
         * With a new `apiBaseUrl`: take the key saved for the current address along to the new
         * one. The desktop app asks the person in a system dialog first (a page cannot answer
         * it); where no such dialog exists the change is refused.
         */
        moveKey: z.boolean().optional(),
      })
      .strict(),
    output: Settings,
  },

  // ── library ─────────────────────────────────────────────────────────
  'library:list-collections': {
    input: z
      .object({ refresh: z.boolean().default(false) })
      .strict()
      .default({ refresh: false }),
    output: z.object({ collections: z.array(Collection), ...Freshness }),
  },
  'library:list-videos': {
    input: z
      .object({
        collectionId: Id,
        search: z.string().max(500).optional(),
        refresh: z.boolean().default(false),
        ...Paging,
      })
      .strict(),
    output: z.object({ videos: z.array(Video), total: z.number(), ...Freshness }),
  },
  'library:get-video': {
    input: z.object({ videoId: Id, collectionId: Id }).strict(),
    output: z.object({
      video: Video,
      sceneIndexes: z.array(SceneIndex),
      indexing: z.array(IndexingTask),
      ...Freshness,
    }),
  },
  /** Fetch collections (and the given collection's videos) again from the API. */
  'library:refresh': {
    input: z.object({ collectionId: Id.optional() }).strict().default({}),
    output: Ok,
  },
  /** Start spoken-word or scene indexing; progress arrives as `library:indexing` events. */
  'library:make-searchable': {
    input: z.object({ videoId: Id, collectionId: Id, kind: z.enum(['spoken', 'scenes']) }).strict(),
    output: IndexingTask,
  },

  // ── jobs ────────────────────────────────────────────────────────────
  /** Store the request and its outbox row, send when online. `existing` when deduplicated. */
  'jobs:submit': {
    input: ClipRequest,
    output: z.object({ job: Job, existing: z.boolean() }),
  },
  'jobs:list': {
    input: z
      .object({
        search: z.string().max(500).optional(),
        statuses: z.array(JobStatus).max(6).optional(),
        videoId: Id.optional(),
        favourite: z.boolean().optional(),
        from: z.number().optional(),
        to: z.number().optional(),
        ...Paging,
      })
      .strict()
      .default({ offset: 0, limit: 100 }),
    /**
     * `total` is exact unless `totalIsLowerBound`: counting every match would cost time in
     * proportion to the matches, so past a page and a thousand more it stops ("1 000+"); each
     * deeper page raises the bound.
     */
    output: z.object({
      jobs: z.array(JobSummary),
      total: z.number(),
      totalIsLowerBound: z.boolean(),
    }),
  },
  'jobs:get': { input: z.object({ id: Id }).strict(), output: Job },
  /** Every video that has clips in the history, by name, for the history's video filter. */
  'jobs:videos': {
    input: NoInput,
    output: z.array(z.object({ videoId: z.string(), videoName: z.string(), count: z.number() })),
  },
  /** Submit a failed job again as a new attempt of the same job. */
  'jobs:retry': { input: z.object({ id: Id }).strict(), output: Job },
  /** Send an `uncertain` job again — only on the user's explicit say-so. */
  'jobs:resend-uncertain': { input: z.object({ id: Id }).strict(), output: Job },
  /** Stop polling a job (the API has no cancel). */
  'jobs:stop-tracking': { input: z.object({ id: Id }).strict(), output: Job },
  /** Follow a job again after "stop tracking": polled again at once. */
  'jobs:follow': { input: z.object({ id: Id }).strict(), output: Job },
  'jobs:delete': {
    input: z.object({ ids: z.array(Id).min(1).max(10_000) }).strict(),
    output: z.object({ deleted: z.number() }),
  },
  'jobs:set-favourite': {
    input: z.object({ id: Id, favourite: z.boolean() }).strict(),
    output: Job,
  },

  // ── clipboard ───────────────────────────────────────────────────────
  /**
   * Put links of one or many jobs on the clipboard: the clips that have a link are copied, the
   * others are listed in `skipped` (nothing is written when none has one). Returns what was copied.
   */
  'clipboard:copy': {
    input: z
      .object({
        jobIds: z.array(Id).min(1).max(10_000),
        format: ExportFormat.default('player-link'),
      })
      .strict(),
    output: z.object({ text: z.string(), count: z.number(), skipped: z.array(z.string()) }),
  },

  // ── downloads ("Save as MP4…") ──────────────────────────────────────
  /**
   * Ask where to save a done clip (the save dialog; the preview names a file in its downloads
   * folder), then start the download. `download` is null when the user cancelled.
   */
  'downloads:save': {
    input: z.object({ jobId: Id }).strict(),
    output: z.object({ download: Download.nullable() }),
  },
  /** The downloads of one clip (or every one), newest first. */
  'downloads:list': {
    input: z.object({ jobId: Id.optional() }).strict().default({}),
    output: z.array(Download),
  },
  'downloads:pause': { input: z.object({ id: Id }).strict(), output: Download },
  /** Continue from the bytes already saved (HTTP Range). */
  'downloads:resume': { input: z.object({ id: Id }).strict(), output: Download },
  /** Show the saved file in the system's file manager. */
  'downloads:show-in-folder': { input: z.object({ id: Id }).strict(), output: Ok },
  /**
   * VideoDB's own editor bundle of a done clip (its `editor/export` job): needs the network; asking
   * again gives the same one.
   */
  'downloads:editor-export': { input: z.object({ jobId: Id }).strict(), output: EditorExport },
  /** The clip's editor bundle, if one was asked for. */
  'downloads:editor-exports': {
    input: z.object({ jobId: Id }).strict(),
    output: z.array(EditorExport),
  },

  // ── multi-clips (one prompt across many videos) ─────────────────────
  /**
   * One prompt across a selection of videos, or a whole collection: a child clip job per video,
   * each through the outbox like any clip (exactly once, queued while offline).
   */
  'multiclip:submit': {
    input: z
      .object({
        videos: z
          .array(z.object({ videoId: Id, collectionId: Id }).strict())
          .min(1, 'Select at least one video.')
          .max(1000, 'Select at most 1 000 videos.')
          .optional(),
        wholeCollection: Id.optional(),
        prompt: z
          .string()
          .trim()
          .min(1, 'Write what you are looking for.')
          .max(PROMPT_MAX_LENGTH, `Keep the prompt under ${PROMPT_MAX_LENGTH} characters.`),
        contentType: ContentType.default('spoken'),
        modelName: ModelTier.default('basic'),
        /** Ask collection search first which videos are worth asking (online only). */
        narrow: z.boolean().default(false),
        /**
         * Make the videos that miss an index the content type needs searchable first (the person
         * said yes to the work), and ask each one's clip once it is ready.
         */
        prepare: z.boolean().default(false),
      })
      .strict()
      .refine((x) => (x.videos === undefined) !== (x.wholeCollection === undefined), {
        message: 'Choose videos or a whole collection.',
        path: ['videos'],
      }),
    output: MultiClip,
  },
  /**
   * Before asking: which of these videos can answer the content type, which miss an index, how
   * long making them searchable might take, and the account's credits where VideoDB says.
   */
  'multiclip:readiness': {
    input: z
      .object({
        videos: z
          .array(z.object({ videoId: Id, collectionId: Id }).strict())
          .min(1, 'Select at least one video.')
          .max(1000, 'Select at most 1 000 videos.')
          .optional(),
        wholeCollection: Id.optional(),
        contentType: ContentType.default('spoken'),
      })
      .strict()
      .refine((x) => (x.videos === undefined) !== (x.wholeCollection === undefined), {
        message: 'Choose videos or a whole collection.',
        path: ['videos'],
      }),
    output: MultiClipReadiness,
  },
  /** The multi-clip a clip job was asked for (its parent in the history), or null. */
  'multiclip:parent-of': {
    input: z.object({ jobId: Id }).strict(),
    output: z.object({ id: z.string(), prompt: z.string(), videos: z.number() }).nullable(),
  },
  /** Every multi-clip, newest first (at most 200). */
  'multiclip:list': { input: NoInput, output: z.array(MultiClip) },
  /** One multi-clip with its merged, ranked answer. */
  'multiclip:get': { input: z.object({ id: Id }).strict(), output: MultiClipDetail },
  /** Ask again for the children that failed (uncertain ones are left to the person). */
  'multiclip:retry-failed': {
    input: z
      .object({
        id: Id,
        /** Make the videos that failed for want of an index searchable first, then ask again. */
        prepare: z.boolean().default(false),
      })
      .strict(),
    output: MultiClip,
  },
  /** Compile the top N segments across videos into one reel (`POST /compile`). */
  'multiclip:compile': {
    input: z.object({ id: Id, topN: z.number().int().min(1).max(100).default(10) }).strict(),
    output: MultiClipDetail,
  },

  /** Copy a multi-clip's answer: the reel's link, a Markdown list, JSON or CSV. */
  'multiclip:copy': {
    input: z.object({ id: Id, format: z.enum(['reel-link', 'markdown', 'json', 'csv']) }).strict(),
    output: z.object({ text: z.string() }),
  },

  // ── compare (one prompt on one video, across content types and tiers) ──
  /**
   * One prompt on one video, a run per content type × model tier: each run an ordinary clip job
   * through the outbox (exactly once, queued while offline).
   */
  'compare:submit': {
    input: z
      .object({
        videoId: Id,
        collectionId: Id,
        prompt: z
          .string()
          .trim()
          .min(1, 'Write what you are looking for.')
          .max(PROMPT_MAX_LENGTH, `Keep the prompt under ${PROMPT_MAX_LENGTH} characters.`),
        runs: z
          .array(z.object({ contentType: ContentType, modelName: ModelTier }).strict())
          .min(COMPARE_MIN_RUNS, `Choose at least ${COMPARE_MIN_RUNS} runs to compare.`)
          .max(COMPARE_MAX_RUNS, `Choose at most ${COMPARE_MAX_RUNS} runs.`)
          .refine(
            (runs) =>
              new Set(runs.map((r) => `${r.contentType}/${r.modelName}`)).size === runs.length,
            'Each run must be a different search and model.',
          ),
        /** The scene index visual and multimodal runs search (needed when there are several). */
        sceneIndexId: Id.max(100, 'That scene index id is too long.').optional(),
      })
      .strict(),
    output: Comparison,
  },
  /** One comparison with its runs, times, counts and overlaps. */
  'compare:get': { input: z.object({ id: Id }).strict(), output: Comparison },
  /** Comparisons of one video (or every video), newest first (at most 100). */
  'compare:list': {
    input: z.object({ videoId: Id.optional() }).strict().default({}),
    output: z.array(Comparison),
  },
  /** Ask again for the runs that failed (uncertain ones are left to the person). */
  'compare:retry-failed': { input: z.object({ id: Id }).strict(), output: Comparison },
  /** The comparison a clip job is a run of (its group in the history), or null. */
  'compare:parent-of': {
    input: z.object({ jobId: Id }).strict(),
    output: z
      .object({
        id: z.string(),
        prompt: z.string(),
        runs: z.number(),
        videoId: z.string(),
        collectionId: z.string(),
      })
      .nullable(),
  },

  // ── uploads ("Add videos…") ─────────────────────────────────────────
  /**
   * Add files from this computer to a collection (chosen in the file dialog or dropped on the
   * library). Only regular media files are taken; the same file (size and contents) is never sent
   * twice to one collection.
   */
  'uploads:add-files': {
    input: z
      .object({
        collectionId: Id,
        paths: z.array(z.string().min(1).max(4096)).min(1).max(200),
      })
      .strict(),
    output: z.array(Upload),
  },
  /** Add a video from a public link (VideoDB fetches it). */
  'uploads:add-link': {
    input: z
      .object({
        collectionId: Id,
        link: z.string().trim().min(1, 'Paste a link first.').max(4000),
        name: z.string().trim().max(200).optional(),
      })
      .strict(),
    output: Upload,
  },
  /** Every upload, newest first. */
  'uploads:list': { input: NoInput, output: z.array(Upload) },
  'uploads:pause': { input: z.object({ id: Id }).strict(), output: Upload },
  /** Continue a paused or failed upload (from where the address kept it, when it can). */
  'uploads:resume': { input: z.object({ id: Id }).strict(), output: Upload },
  /**
   * An `uncertain` upload: ask VideoDB to add it again (the person checked it is not in the
   * collection). VideoDB answers with the existing video if it was added after all.
   */
  'uploads:register-again': { input: z.object({ id: Id }).strict(), output: Upload },
  /** Take an upload off the list (stopping it first if it is under way). */
  'uploads:dismiss': { input: z.object({ id: Id }).strict(), output: Ok },

  // ── connectivity and outbox ─────────────────────────────────────────
  'connectivity:status': { input: NoInput, output: ConnectivityState },
  /** Probe the API now instead of waiting for the next check. */
  'connectivity:check': { input: NoInput, output: ConnectivityState },
  'outbox:pause': { input: NoInput, output: ConnectivityState },
  'outbox:resume': { input: NoInput, output: ConnectivityState },
} as const;

/** Menu items and shortcuts main forwards to the renderer as `app:menu` events. */
export const MENU_ACTIONS = [
  'new-clip',
  'search',
  'copy-link',
  'settings',
  'refresh',
  'show-library',
  'show-history',
] as const;

/** Every event main pushes, with its payload schema. */
export const events = {
  'jobs:changed': Job,
  'jobs:removed': z.object({ ids: z.array(z.string()) }),
  'connectivity:changed': ConnectivityState,
  'library:changed': z.object({ collectionId: z.string().nullable() }),
  'library:indexing': IndexingTask,
  'secrets:changed': SecretsStatus,
  'settings:changed': Settings,
  /** A download started, moved on, paused, finished or failed. */
  'downloads:changed': Download,
  /** An editor bundle moved on (a step of VideoDB's job, done with its link, or failed). */
  'downloads:editor-export-changed': EditorExport,
  /** A multi-clip's children moved on (or its reel was made). */
  'multiclip:changed': MultiClip,
  /** A comparison's runs moved on. */
  'compare:changed': Comparison,
  /** An upload started, moved on, paused, finished or failed. */
  'uploads:changed': Upload,
  /** A system notification was clicked: show this job. */
  'app:focus-job': z.object({ id: z.string() }),
  /** A deep link (`videodb-clips://video/<collection>/<video>`) was opened: show that video. */
  'app:open-video': z.object({ collectionId: Id, videoId: Id }),
  /** An update is downloaded and ready: the window offers "Restart to update". */
  'app:update-ready': z.object({ version: z.string().max(100) }),
  /** A menu item or its shortcut was used: the renderer performs the action. */
  'app:menu': z.object({ action: z.enum(MENU_ACTIONS) }),
} as const;

/** Names of calls. */
export type CallName = keyof typeof calls;
/** Names of events. */
export type EventName = keyof typeof events;
/** Input of a call as the renderer may send it (defaults optional). */
export type CallInput<C extends CallName> = z.input<(typeof calls)[C]['input']>;
/** Input of a call after parsing (defaults applied): what handlers receive. */
export type ParsedInput<C extends CallName> = z.output<(typeof calls)[C]['input']>;
/** Result value of a call. */
export type CallOutput<C extends CallName> = z.output<(typeof calls)[C]['output']>;
/** Payload of an event. */
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** What every call resolves to; errors carry a code the UI can act on. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorInfo };

/** The handler map main and the preview register: one async function per call. */
export type Handlers = { [C in CallName]: (input: ParsedInput<C>) => Promise<CallOutput<C>> };

// The names, `apiPath`, `eventMethodName` and `buildApi` live in the zod-free channels.ts (what
// the preload imports); its lists are checked against `calls` and `events` above.
export {
  CALL_NAMES,
  EVENT_CHANNEL,
  EVENT_NAMES,
  apiPath,
  buildApi,
  eventMethodName,
} from './channels';

// ── window.api type, inferred from the contract ──────────────────────────

type CamelCase<S extends string> = S extends `${infer H}-${infer T}`
  ? `${H}${Capitalize<CamelCase<T>>}`
  : S;
type Domain<C extends string> = C extends `${infer D}:${string}` ? D : never;
type Verb<C extends string> = C extends `${string}:${infer V}` ? V : never;
type EventMethod<E extends string> =
  `on${Capitalize<CamelCase<Domain<E>>>}${Capitalize<CamelCase<Verb<E>>>}`;

/** A method of window.api for one call; the input may be left out when it has defaults only. */
export type ApiMethod<C extends CallName> =
  Record<string, never> extends CallInput<C>
    ? (input?: CallInput<C>) => Promise<Result<CallOutput<C>>>
    : (input: CallInput<C>) => Promise<Result<CallOutput<C>>>;

/** `window.api`: `api.jobs.submit(...)`, `api.onJobsChanged(fn)` → unsubscribe. */
export type Api = {
  [D in Domain<CallName>]: {
    [C in CallName as C extends `${D}:${string}` ? CamelCase<Verb<C>> : never]: ApiMethod<C>;
  };
} & {
  [E in EventName as EventMethod<E>]: (listener: (payload: EventPayload<E>) => void) => () => void;
};
