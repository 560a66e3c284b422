import { matchSegments, type MatchUnit, type MatchedSegment } from './clip-matcher';
import { libraryTerms, type LibraryTerms } from './clip-terms';
import { downloadUrlFor } from './download';
import { deterministicUuid, sceneIndexIdFor } from './ids';
import type { JobInfo, JobSpec, JobStore } from './jobs';
import { playerUrlFor, streamUrlFor, thumbnailUrlFor, videoStreamUrl } from './media';
import { fail, HttpError, json, ok, type Reply } from './reply';
import {
  SAMPLE,
  type CollectionEntry,
  type Library,
  type SceneIndexEntry,
  type SceneRecord,
  type VideoEntry,
} from './seed';
import type { ServerSwitches } from './switches';
import type { UploadTargets } from './upload';

/** Everything a public route needs to answer one request. */
export interface ApiContext {
  method: string;
  /** Normalised pathname: no trailing slash, no repeated slashes. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body, undefined when there was none. */
  body: unknown;
  /** Absolute base URL for links in the answer (from the request's Host). */
  base: string;
  library: Library;
  jobs: JobStore;
  /** Live switches (read at answer time, so a switch set mid-job shows on the next poll). */
  switches: () => ServerSwitches;
  /** Next number for new scene index ids, per server. */
  nextSeq: () => number;
  /** Presigned upload targets handed out by `upload_url`, and the URLs registered. */
  uploads: UploadTargets;
}

/** Valid `content_type` values of the clip endpoint. */
export const CLIP_CONTENT_TYPES = ['spoken', 'visual', 'multimodal'] as const;
/** Valid `model_name` values of the clip endpoint (`mini` exists on the platform too). */
export const CLIP_MODEL_NAMES = ['basic', 'pro', 'ultra', 'mini'] as const;
/** One of {@link CLIP_MODEL_NAMES}. */
export type ClipModelName = (typeof CLIP_MODEL_NAMES)[number];

/** Failure message of spoken/multimodal clips on a video without spoken index. */
export const NOT_INDEXED_MESSAGE = 'Video is not indexed for spoken words. Index the video first.';
/**
 * Failure message of visual/multimodal clips on a video without a scene index: the API's own
 * words (videodb-api.md §8).
 */
export const NO_SCENE_INDEX_MESSAGE = 'Scene index not found';
/** Answer to a clip whose model tier has spent its budget (switch `exhaustedTiers`; not a 402). */
export const TIER_BUDGET_MESSAGE =
  'You have reached the usage budget for this model tier. Try a different model tier or try again later.';
/** Answer to a second spoken-word index request without `force`. */
export const SPOKEN_INDEX_EXISTS_MESSAGE = 'Spoken word index for video already exists';

type Handler = (ctx: ApiContext, params: string[]) => Reply;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

function lengthValue(len: number, sw: ServerSwitches): string | number {
  return sw.lengthAs === 'string' ? len.toFixed(6) : Math.round(len * 1_000_000) / 1_000_000;
}

function collectionJson(c: CollectionEntry): Record<string, unknown> {
  return { id: c.id, name: c.name, description: c.description, is_public: c.isPublic };
}

function videoJson(v: VideoEntry, base: string, sw: ServerSwitches): Record<string, unknown> {
  const stream = videoStreamUrl(base, v.id);
  return {
    id: v.id,
    collection_id: v.collectionId,
    name: v.name,
    description: v.description,
    length: lengthValue(v.length, sw),
    size: String(v.size),
    extension: v.extension,
    stream_url: stream,
    player_url: playerUrlFor(base, stream),
    [sw.thumbnailField]: v.hasThumbnail ? thumbnailUrlFor(base, v.id) : null,
    created_at: v.createdAt,
  };
}

function objectBody(ctx: ApiContext): Record<string, unknown> {
  if (ctx.body === undefined) return {};
  if (!ctx.body || typeof ctx.body !== 'object' || Array.isArray(ctx.body)) {
    throw new HttpError(400, 'Expected a JSON object body');
  }
  return ctx.body as Record<string, unknown>;
}

function needVideo(ctx: ApiContext, id: string): VideoEntry {
  const v = ctx.library.video(id);
  if (!v) throw new HttpError(404, `Video not found: ${id}`);
  return v;
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new HttpError(400, `${field} must be a string`);
  return v;
}

function enumField<T extends string>(
  body: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const v = body[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new HttpError(
      400,
      `Invalid ${field} ${JSON.stringify(v)}: must be one of ${allowed.join(', ')}`,
    );
  }
  return v as T;
}

function callbackField(body: Record<string, unknown>): string | undefined {
  const url = optionalString(body, 'callback_url');
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HttpError(400, 'callback_url must be an absolute http(s) URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new HttpError(400, 'callback_url must be an absolute http(s) URL');
  return url;
}

/** Shape 3 / 4 of the envelope: a job the client polls (sync) or hears about by callback (async). */
function jobReply(ctx: ApiContext, job: JobInfo, callbackUrl: string | undefined): Reply {
  return json(200, {
    success: true,
    status: 'processing',
    request_type: callbackUrl === undefined ? 'sync' : 'async',
    data: {
      id: job.id,
      output_url: `${ctx.switches().outputUrlBase ?? ctx.base}/async-response/${job.id}`,
    },
  });
}

function createJob(ctx: ApiContext, spec: Omit<JobSpec, 'durationMs' | 'outcome'>): JobInfo {
  const sw = ctx.switches();
  return ctx.jobs.create({
    ...spec,
    durationMs: sw.jobDurationMs,
    outcome: sw.jobOutcome,
    progress: { shape: sw.progressShape, jitter: sw.progressJitter, seed: sw.progressSeed },
  });
}

// ---------------------------------------------------------------- library

function listCollections(ctx: ApiContext): Reply {
  return ok({
    collections: ctx.library.collections().map(collectionJson),
    default_collection: ctx.library.defaultCollectionId,
  });
}

function getCollection(ctx: ApiContext, [id]: string[]): Reply {
  const c = ctx.library.collection(id ?? '');
  if (!c) throw new HttpError(404, `Collection not found: ${id}`);
  return ok(collectionJson(c));
}

function intParam(q: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new HttpError(400, `${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** Most videos one page may hold (the spec's limit). */
export const MAX_PAGE_COUNT = 5000;

function listVideos(ctx: ApiContext): Reply {
  const cid = ctx.query.get('collection_id') ?? 'default';
  const c = ctx.library.collection(cid);
  if (!c) throw new HttpError(404, `Collection not found: ${cid}`);
  const pageIndex = intParam(ctx.query, 'page_index', 0, 1_000_000) ?? 0;
  const count = intParam(ctx.query, 'count', 1, MAX_PAGE_COUNT) ?? MAX_PAGE_COUNT;
  const sw = ctx.switches();
  const videos = ctx.library
    .listVideos(c.id, pageIndex * count, count)
    .map((v) => videoJson(v, ctx.base, sw));
  return ok({ videos });
}

function getVideo(ctx: ApiContext, [id]: string[]): Reply {
  const v = needVideo(ctx, id ?? '');
  const cid = ctx.query.get('collection_id');
  if (cid) {
    const c = ctx.library.collection(cid);
    if (!c || c.id !== v.collectionId)
      throw new HttpError(404, `Video not found in collection ${cid}: ${v.id}`);
  }
  return ok(videoJson(v, ctx.base, ctx.switches()));
}

function getThumbnail(ctx: ApiContext, [id]: string[]): Reply {
  const v = needVideo(ctx, id ?? '');
  // Asking for the thumbnail generates it, as the real API does for videos that had none.
  v.hasThumbnail = true;
  return ok({ thumbnail_url: thumbnailUrlFor(ctx.base, v.id) });
}

// ---------------------------------------------------------------- transcripts

interface TranscriptOptions {
  segmenter: 'word' | 'sentence' | 'time';
  start: number | undefined;
  end: number | undefined;
  chunk: number;
}

function transcriptOptions(q: URLSearchParams): TranscriptOptions {
  const segmenter = q.get('segmenter') ?? 'word';
  if (segmenter !== 'word' && segmenter !== 'sentence' && segmenter !== 'time') {
    throw new HttpError(
      400,
      `Invalid segmenter ${JSON.stringify(segmenter)}: must be one of word, sentence, time`,
    );
  }
  const num = (name: string): number | undefined => {
    const raw = q.get(name);
    if (raw === null || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0)
      throw new HttpError(400, `${name} must be a non-negative number`);
    return n;
  };
  return { segmenter, start: num('start'), end: num('end'), chunk: num('length') || 10 };
}

interface TimedText {
  start: number;
  end: number;
  text: string;
}

function words(v: VideoEntry): TimedText[] {
  const out: TimedText[] = [];
  let last = 0;
  for (const s of v.sentences) {
    // "-" marks silence, as in real transcripts.
    if (s.start - last > 0.3) out.push({ start: round3(last), end: round3(s.start), text: '-' });
    const ws = s.text.split(/\s+/);
    const totalChars = ws.reduce((a, w) => a + w.length + 1, 0);
    let t = s.start;
    for (const w of ws) {
      const d = ((s.end - s.start) * (w.length + 1)) / totalChars;
      out.push({ start: round3(t), end: round3(t + d), text: w });
      t += d;
    }
    last = s.end;
  }
  return out;
}

function transcriptData(v: VideoEntry, opts: TranscriptOptions, sw: ServerSwitches): unknown {
  const from = opts.start ?? 0;
  const to = opts.end ?? Number.POSITIVE_INFINITY;
  const inRange = (x: TimedText): boolean => x.end > from && x.start < to;
  let items: TimedText[];
  if (opts.segmenter === 'sentence') {
    items = v.sentences.filter(inRange).map((s) => ({ start: s.start, end: s.end, text: s.text }));
  } else if (opts.segmenter === 'time') {
    const buckets = new Map<number, TimedText[]>();
    for (const w of words(v).filter((x) => x.text !== '-' && inRange(x))) {
      const k = Math.floor(w.start / opts.chunk);
      buckets.set(k, [...(buckets.get(k) ?? []), w]);
    }
    items = [...buckets.entries()].map(([k, ws]) => ({
      start: round3(k * opts.chunk),
      end: round3(Math.min(v.length, (k + 1) * opts.chunk)),
      text: ws.map((w) => w.text).join(' '),
    }));
  } else {
    items = words(v).filter(inRange);
  }
  const time = (x: number): number | string =>
    sw.transcriptTimesAs === 'string' ? x.toFixed(3) : x;
  return {
    text: v.sentences
      .filter(inRange)
      .map((s) => s.text)
      .join(' '),
    word_timestamps: items.map((x) => ({ start: time(x.start), end: time(x.end), text: x.text })),
  };
}

function transcriptJob(
  ctx: ApiContext,
  v: VideoEntry,
  opts: TranscriptOptions,
  callbackUrl: string | undefined,
): Reply {
  const existing = ctx.jobs.running('transcript', v.id);
  if (existing) return jobReply(ctx, existing, undefined);
  const spec: Omit<JobSpec, 'durationMs' | 'outcome'> = {
    kind: 'transcript',
    videoId: v.id,
    result: () => opts,
    render: (data) => transcriptData(v, data as TranscriptOptions, ctx.switches()),
    onEnd: (state) => {
      if (state === 'done') v.transcriptReady = true;
    },
  };
  if (callbackUrl !== undefined) spec.callbackUrl = callbackUrl;
  return jobReply(ctx, createJob(ctx, spec), callbackUrl);
}

function getTranscript(ctx: ApiContext, [id]: string[]): Reply {
  const v = needVideo(ctx, id ?? '');
  const opts = transcriptOptions(ctx.query);
  const force = ctx.query.get('force') === 'true';
  if (v.transcriptReady && !force) return ok(transcriptData(v, opts, ctx.switches()));
  return transcriptJob(ctx, v, opts, undefined);
}

function postTranscript(ctx: ApiContext, [id]: string[]): Reply {
  const v = needVideo(ctx, id ?? '');
  const body = objectBody(ctx);
  const opts = transcriptOptions(ctx.query);
  if (v.transcriptReady && body['force'] !== true)
    return ok(transcriptData(v, opts, ctx.switches()));
  return transcriptJob(ctx, v, opts, callbackField(body));
}

// ---------------------------------------------------------------- indexing

function indexSpoken(ctx: ApiContext, [id]: string[]): Reply {
  const v = needVideo(ctx, id ?? '');
  const body = objectBody(ctx);
  enumField(body, 'index_type', ['spoken_word'] as const, 'spoken_word');
  const callbackUrl = callbackField(body);
  if (v.spokenIndexed && body['force'] !== true)
    throw new HttpError(400, SPOKEN_INDEX_EXISTS_MESSAGE);
  ctx.library.charge(INDEX_CREDITS_PER_MINUTE.spoken * (v.length / 60));
  const spec: Omit<JobSpec, 'durationMs' | 'outcome'> = {
    kind: 'index',
    videoId: v.id,
    result: () => ({ video_id: v.id, index_type: 'spoken_word' }),
    onEnd: (state) => {
      if (state === 'done') {
        v.spokenIndexed = true;
        v.transcriptReady = true;
      }
    },
  };
  if (callbackUrl !== undefined) spec.callbackUrl = callbackUrl;
  return jobReply(ctx, createJob(ctx, spec), callbackUrl);
}

function timeWindows(visual: readonly SceneRecord[], length: number, step: number): SceneRecord[] {
  const out: SceneRecord[] = [];
  for (let t = 0; t < length; t += step) {
    const mid = Math.min(length, t + step / 2);
    const scene = visual.find((s) => mid >= s.start && mid < s.end) ?? visual[visual.length - 1];
    out.push({
      start: round3(t),
      end: round3(Math.min(length, t + step)),
      description: scene?.description ?? 'Nothing in view.',
    });
  }
  return out;
}

function indexScenes(ctx: ApiContext, [id]: string[]): Reply {
  const v = needVideo(ctx, id ?? '');
  const body = objectBody(ctx);
  const extraction = enumField(body, 'extraction_type', ['shot', 'time'] as const, 'shot');
  const cfg = body['extraction_config'];
  if (cfg !== undefined && cfg !== null && (typeof cfg !== 'object' || Array.isArray(cfg))) {
    throw new HttpError(400, 'extraction_config must be an object');
  }
  const step = Number((cfg as Record<string, unknown> | undefined | null)?.['time'] ?? 10);
  if (!Number.isFinite(step) || step <= 0)
    throw new HttpError(400, 'extraction_config.time must be a positive number');
  optionalString(body, 'prompt');
  const name = optionalString(body, 'name') ?? `Scene index ${v.sceneIndexes.length + 1}`;
  const callbackUrl = callbackField(body);
  const entry: SceneIndexEntry = {
    sceneIndexId: sceneIndexIdFor(`${v.id}:created:${ctx.nextSeq()}`),
    name,
    extractionType: extraction,
    status: 'processing',
    records: extraction === 'shot' ? [...v.visual] : timeWindows(v.visual, v.length, step),
  };
  v.sceneIndexes.push(entry);
  ctx.library.charge(INDEX_CREDITS_PER_MINUTE.scenes * (v.length / 60));
  const spec: Omit<JobSpec, 'durationMs' | 'outcome'> = {
    kind: 'scene-index',
    videoId: v.id,
    result: () => ({ scene_index_id: entry.sceneIndexId, name: entry.name }),
    onEnd: (state) => {
      if (state === 'done') entry.status = 'done';
      else v.sceneIndexes = v.sceneIndexes.filter((s) => s !== entry);
    },
  };
  if (callbackUrl !== undefined) spec.callbackUrl = callbackUrl;
  return jobReply(ctx, createJob(ctx, spec), callbackUrl);
}

/**
 * What the local server charges for indexing, per minute of video (made up: VideoDB does not
 * publish a rate in its API; the app only shows what `/billing/usage` reports).
 */
export const INDEX_CREDITS_PER_MINUTE = { spoken: 0.2, scenes: 0.5 } as const;
/** Credits the local server's account starts with. */
export const STARTING_CREDITS = 500;

/**
 * `GET /billing/usage` (videodb-api.md §8: "where the account exposes it"; the shape is not
 * documented, so the app reads it leniently). Switch `usageAnswer: 'missing'` answers 404 like an
 * account that does not expose it.
 */
function billingUsage(ctx: ApiContext): Reply {
  if (ctx.switches().usageAnswer === 'missing') throw new HttpError(404, 'Not found');
  const used = Math.round(ctx.library.creditsUsed * 100) / 100;
  return ok({
    credits_used: used,
    credit_balance: Math.round((STARTING_CREDITS - used) * 100) / 100,
    unit: 'credits',
  });
}

function listSceneIndexes(ctx: ApiContext, [id]: string[]): Reply {
  const v = needVideo(ctx, id ?? '');
  ctx.jobs.tick();
  return ok({
    scene_indexes: v.sceneIndexes.map((s) => ({
      scene_index_id: s.sceneIndexId,
      name: s.name,
      status: s.status,
    })),
  });
}

function getSceneIndex(ctx: ApiContext, [id, sid]: string[]): Reply {
  const v = needVideo(ctx, id ?? '');
  ctx.jobs.tick();
  const s = v.sceneIndexes.find((x) => x.sceneIndexId === sid);
  if (!s) throw new HttpError(404, `Scene index not found: ${sid}`);
  if (s.status !== 'done') throw new HttpError(400, 'Scene index is still being processed');
  return ok({
    scene_index_records: s.records.map((r) => ({
      start: r.start,
      end: r.end,
      description: r.description,
    })),
  });
}

// ---------------------------------------------------------------- clips

interface ClipResultData {
  video: VideoEntry;
  segments: MatchedSegment[];
  base: string;
}

function clipUnits(
  v: VideoEntry,
  content: 'spoken' | 'visual' | 'multimodal',
  scenes: SceneIndexEntry | undefined,
): MatchUnit[] {
  if (content === 'spoken')
    return v.sentences.map((s) => ({ start: s.start, end: s.end, text: s.text }));
  const records = scenes?.records ?? [];
  const tag = (u: MatchUnit): MatchUnit =>
    scenes ? { ...u, sceneIndexId: scenes.sceneIndexId, sceneIndexName: scenes.name } : u;
  if (content === 'visual')
    return records.map((r) => tag({ start: r.start, end: r.end, text: r.description }));
  // Multimodal: each scene is searched with what is seen and what is said during it.
  return records.map((r) =>
    tag({
      start: r.start,
      end: r.end,
      text: [
        r.description,
        ...v.sentences.filter((s) => s.end > r.start && s.start < r.end).map((s) => s.text),
      ].join(' '),
    }),
  );
}

const libraryTermsCache = new WeakMap<Library, Map<string, LibraryTerms>>();

/**
 * Term counts over the library's own videos (the archive only repeats them), for what the clip
 * searches: what is said, what is seen, or both. The seeded texts never change, so once per server.
 */
function libraryTermsFor(lib: Library, content: 'spoken' | 'visual' | 'multimodal'): LibraryTerms {
  let byContent = libraryTermsCache.get(lib);
  if (!byContent) libraryTermsCache.set(lib, (byContent = new Map()));
  const cached = byContent.get(content);
  if (cached) return cached;
  const videos = lib
    .collections()
    .filter((c) => c.id !== SAMPLE.archiveCollectionId)
    .flatMap((c) => lib.listVideos(c.id, 0, lib.videoCount(c.id)));
  const terms = libraryTerms(
    videos.map((v) => [
      ...(content === 'visual' ? [] : v.sentences.map((s) => s.text)),
      ...(content === 'spoken'
        ? []
        : [v.visual, ...v.sceneIndexes.map((s) => s.records)].flat().map((r) => r.description)),
    ]),
  );
  byContent.set(content, terms);
  return terms;
}

function renderClipResult(data: ClipResultData, sw: ServerSwitches): unknown {
  const { video: v, segments, base } = data;
  const all = segments.map((s) => [round3(s.start), round3(s.end)] as const);
  const streamAll =
    segments.length > 0 ? streamUrlFor(base, [{ videoId: v.id, shots: all }]) : null;
  return {
    results: [
      {
        video_id: v.id,
        collection_id: v.collectionId,
        title: v.name,
        length: lengthValue(v.length, sw),
        max_score: segments.reduce((m, s) => Math.max(m, s.score), 0),
        stream_url: streamAll,
        thumbnail: v.hasThumbnail ? thumbnailUrlFor(base, v.id) : null,
        docs: segments.map((s) => {
          const doc: Record<string, unknown> = {
            start: round3(s.start),
            end: round3(s.end),
            text: s.text,
            score: s.score,
            [sw.segmentLinkField]: streamUrlFor(base, [
              { videoId: v.id, shots: [[round3(s.start), round3(s.end)]] },
            ]),
          };
          if (s.sceneIndexId !== undefined) doc['scene_index_id'] = s.sceneIndexId;
          if (s.sceneIndexName !== undefined) doc['scene_index_name'] = s.sceneIndexName;
          return doc;
        }),
      },
    ],
  };
}

const MODEL_OPTIONS = {
  mini: { pad: 0, bridge: 1, maxSegments: 3 },
  basic: { pad: 0, bridge: 2, maxSegments: 5 },
  pro: { pad: 1, bridge: 2, maxSegments: 5 },
  ultra: { pad: 1, bridge: 3, maxSegments: 8 },
} as const;

function clip(ctx: ApiContext, [id]: string[]): Reply {
  const v = needVideo(ctx, id ?? '');
  const body = objectBody(ctx);
  const prompt = body['prompt'];
  if (typeof prompt !== 'string' || prompt.trim() === '')
    throw new HttpError(400, 'prompt is required');
  if (prompt.length > 4000)
    throw new HttpError(400, 'prompt is too long (4000 characters at most)');
  const content = enumField(body, 'content_type', CLIP_CONTENT_TYPES, 'spoken');
  const model = enumField(body, 'model_name', CLIP_MODEL_NAMES, 'basic');
  const sw = ctx.switches();
  if (sw.exhaustedTiers.includes(model)) return fail(sw.tierBudgetStatus, TIER_BUDGET_MESSAGE);
  const sid = optionalString(body, 'scene_index_id');
  const callbackUrl = callbackField(body);
  let scenes: SceneIndexEntry | undefined;
  if (sid !== undefined) {
    scenes = v.sceneIndexes.find((s) => s.sceneIndexId === sid);
    if (!scenes)
      throw new HttpError(400, `scene_index_id ${sid} is not a scene index of this video`);
  } else {
    ctx.jobs.tick();
    scenes = v.sceneIndexes.find((s) => s.status === 'done');
  }
  // Decided when the job is created, reported when it ends: like the API, problems with the
  // video's indexes surface as a failed job, not as a 4xx on the POST.
  let failMessage: string | undefined;
  if (content !== 'visual' && !v.spokenIndexed) failMessage = NOT_INDEXED_MESSAGE;
  else if (content !== 'spoken' && !scenes) failMessage = NO_SCENE_INDEX_MESSAGE;
  else if (content !== 'spoken' && scenes?.status !== 'done')
    failMessage = 'Scene index is still being processed';
  const spec: Omit<JobSpec, 'durationMs' | 'outcome'> = {
    kind: 'clip',
    videoId: v.id,
    result: (): ClipResultData => ({
      video: v,
      // Scenes are long: only directly adjacent matching scenes form one segment.
      segments: matchSegments(
        prompt,
        clipUnits(v, content, scenes),
        { ...MODEL_OPTIONS[model], ...(content === 'spoken' ? {} : { bridge: 1 }) },
        libraryTermsFor(ctx.library, content),
      ),
      base: ctx.base,
    }),
    render: (data) => renderClipResult(data as ClipResultData, ctx.switches()),
  };
  if (failMessage !== undefined) spec.failMessage = failMessage;
  if (callbackUrl !== undefined) spec.callbackUrl = callbackUrl;
  return jobReply(ctx, createJob(ctx, spec), callbackUrl);
}

// ---------------------------------------------------------------- collection search

/**
 * `POST /collection/{id}/search` `{query, search_type?, index_type?, result_threshold?,
 * score_threshold?}` (videodb-api.md §8): the same `results[]` as a clip, one per video of the
 * collection that matches, best first, at once (no job). Spoken words search the videos with a
 * spoken index; scenes, the videos with a finished scene index. The generated archive is not
 * searched (it is for paging).
 */
function searchCollection(ctx: ApiContext, [id]: string[]): Reply {
  const c = ctx.library.collection(id ?? '');
  if (!c) throw new HttpError(404, `Collection not found: ${id}`);
  const body = objectBody(ctx);
  const query = body['query'];
  if (typeof query !== 'string' || query.trim() === '')
    throw new HttpError(400, 'query is required');
  enumField(body, 'search_type', ['semantic', 'keyword'] as const, 'semantic');
  const index = enumField(body, 'index_type', ['spoken_word', 'scene'] as const, 'spoken_word');
  const limit = body['result_threshold'] === undefined ? 10 : Number(body['result_threshold']);
  const minScore = body['score_threshold'] === undefined ? 0 : Number(body['score_threshold']);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new HttpError(400, 'result_threshold must be a whole number from 1 to 100');
  if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1)
    throw new HttpError(400, 'score_threshold must be between 0 and 1');
  const content = index === 'scene' ? 'visual' : 'spoken';
  ctx.jobs.tick();
  const total = c.id === SAMPLE.archiveCollectionId ? 0 : ctx.library.videoCount(c.id);
  const results = ctx.library
    .listVideos(c.id, 0, total)
    .flatMap((v) => {
      const scenes = v.sceneIndexes.find((s) => s.status === 'done');
      if (content === 'spoken' ? !v.spokenIndexed : !scenes) return [];
      const segments = matchSegments(
        query,
        clipUnits(v, content, scenes),
        { ...MODEL_OPTIONS.basic, ...(content === 'spoken' ? {} : { bridge: 1 }) },
        libraryTermsFor(ctx.library, content),
      ).filter((s) => s.score >= minScore);
      return segments.length === 0
        ? []
        : (
            renderClipResult({ video: v, segments, base: ctx.base }, ctx.switches()) as {
              results: Array<{ max_score: number }>;
            }
          ).results;
    })
    .sort((a, b) => b.max_score - a.max_score)
    .slice(0, limit);
  return ok({ results });
}

// ---------------------------------------------------------------- streams

function shotsOf(value: unknown, field: string): Array<[number, number]> {
  if (!Array.isArray(value) || value.length === 0)
    throw new HttpError(400, `${field} must be a non-empty list of [start, end] pairs`);
  return value.map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2)
      throw new HttpError(400, `${field} must be a list of [start, end] pairs`);
    const [s, e] = pair.map(Number) as [number, number];
    if (!Number.isFinite(s) || !Number.isFinite(e) || s < 0 || e <= s) {
      throw new HttpError(
        400,
        `${field} has an invalid pair [${String(pair[0])}, ${String(pair[1])}]: need 0 <= start < end`,
      );
    }
    return [round3(s), round3(e)];
  });
}

function streamReply(
  ctx: ApiContext,
  parts: Array<{ videoId: string; shots: Array<[number, number]> }>,
): Reply {
  const ttl = ctx.switches().streamLinkTtlMs;
  const stream = streamUrlFor(ctx.base, parts, ttl === null ? undefined : ctx.jobs.now() + ttl);
  return ok({ stream_url: stream, player_url: playerUrlFor(ctx.base, stream) });
}

function videoStream(ctx: ApiContext, [id]: string[]): Reply {
  const v = needVideo(ctx, id ?? '');
  const body = objectBody(ctx);
  const shots =
    body['timeline'] === undefined || body['timeline'] === null
      ? [[0, round3(v.length)] as [number, number]]
      : shotsOf(body['timeline'], 'timeline');
  for (const [, e] of shots)
    if (e > v.length + 1) throw new HttpError(400, 'timeline goes past the end of the video');
  return streamReply(ctx, [{ videoId: v.id, shots }]);
}

function compile(ctx: ApiContext): Reply {
  if (!Array.isArray(ctx.body) || ctx.body.length === 0) {
    throw new HttpError(400, 'Expected a non-empty JSON array of {video_id, collection_id, shots}');
  }
  const parts = ctx.body.map((item: unknown) => {
    if (!item || typeof item !== 'object')
      throw new HttpError(400, 'Each item must be {video_id, collection_id, shots}');
    const rec = item as Record<string, unknown>;
    if (typeof rec['video_id'] !== 'string') throw new HttpError(400, 'video_id is required');
    const v = needVideo(ctx, rec['video_id']);
    return { videoId: v.id, shots: shotsOf(rec['shots'], 'shots') };
  });
  return streamReply(ctx, parts);
}

// ---------------------------------------------------------------- download

/** `POST /download` `{stream_link, name}` → a job, or `data.download_url` at once (switch). */
function download(ctx: ApiContext): Reply {
  const body = objectBody(ctx);
  const link = body['stream_link'];
  if (typeof link !== 'string' || !/^https?:\/\//.test(link))
    throw new HttpError(400, 'stream_link is required');
  // A stream link past its expiry (the streamLinkTtlMs switch) is refused, as a dead link is.
  const expires = new URL(link).searchParams.get('expires');
  if (expires !== null && !(ctx.jobs.now() <= Number(expires)))
    throw new HttpError(400, 'stream_link has expired');
  const name = typeof body['name'] === 'string' && body['name'] !== '' ? body['name'] : 'clip';
  const result = () => ({
    download_url: downloadUrlFor(ctx.base, link, name, ctx.jobs.now()),
    name,
  });
  if (ctx.switches().downloadAnswer === 'direct') return ok(result());
  return jobReply(ctx, createJob(ctx, { kind: 'download', videoId: '', result }), undefined);
}

// ---------------------------------------------------------------- upload

const MEDIA_PREFIX = { video: 'm', audio: 'a', image: 'img' } as const;

/** `GET /collection/{id}/upload_url?name=` → `data.upload_url`, a presigned target (no key). */
function uploadUrl(ctx: ApiContext, [id]: string[]): Reply {
  const c = ctx.library.collection(id ?? '');
  if (!c) throw new HttpError(404, `Collection not found: ${id}`);
  const name = ctx.query.get('name') ?? '';
  const target = ctx.uploads.create(c.id, name);
  return ok({ upload_url: `${ctx.base}/upload-target/${target.token}` });
}

/**
 * `POST /collection/{id}/upload` `{url, name?, description?, media_type?}`: registers an uploaded
 * file (one of this server's targets, which must be complete) or any public URL as a new media
 * object of the collection: a job whose result is the media object, or the object at once (switch
 * `uploadAnswer`). The same URL twice answers "… already exists with id X " (videodb-api.md §8).
 */
function registerUpload(ctx: ApiContext, [id]: string[]): Reply {
  const c = ctx.library.collection(id ?? '');
  if (!c) throw new HttpError(404, `Collection not found: ${id}`);
  const body = objectBody(ctx);
  const url = body['url'];
  if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url))
    throw new HttpError(400, 'url is required (the upload URL or a public link)');
  const mediaType = enumField(body, 'media_type', ['video', 'audio', 'image'] as const, 'video');
  const existing = ctx.uploads.registered.get(url);
  if (existing !== undefined) throw new HttpError(400, `Media already exists with id ${existing} `);
  const target = ctx.uploads.fromUrl(url);
  if (target && !target.complete)
    throw new HttpError(400, 'The upload is not complete: send the whole file first');
  const given = optionalString(body, 'name');
  const fromUrl = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  const name =
    given !== undefined && given.trim() !== ''
      ? given.trim()
      : target && target.name !== ''
        ? target.name
        : fromUrl.replace(/\.[A-Za-z0-9]{2,4}$/, '') || 'Upload';
  const size = target ? target.received : 4_000_000;
  const mediaId = `${MEDIA_PREFIX[mediaType]}-${deterministicUuid(`upload:${url}`)}`;
  ctx.uploads.registered.set(url, mediaId);
  const entry: VideoEntry = {
    id: mediaId,
    collectionId: c.id,
    name,
    description: optionalString(body, 'description') ?? '',
    // A generated, transcript-free media file: no spoken words and nothing indexed yet.
    length: Math.round(Math.min(600, Math.max(8, size / 250_000)) * 1000) / 1000,
    size,
    extension: mediaType === 'image' ? 'png' : mediaType === 'audio' ? 'mp3' : 'mp4',
    createdAt: new Date(ctx.jobs.now()).toISOString(),
    sentences: [],
    visual: [],
    transcriptReady: false,
    spokenIndexed: false,
    sceneIndexes: [],
    hasThumbnail: false,
  };
  const media = () => ({ ...videoJson(entry, ctx.base, ctx.switches()), media_type: mediaType });
  if (ctx.switches().uploadAnswer === 'direct') {
    ctx.library.add(entry);
    return ok(media());
  }
  return jobReply(
    ctx,
    createJob(ctx, {
      kind: 'upload',
      videoId: mediaId,
      result: () => {
        ctx.library.add(entry);
        return media();
      },
      onEnd: (state) => {
        if (state === 'failed') ctx.uploads.registered.delete(url);
      },
    }),
    undefined,
  );
}

// ---------------------------------------------------------------- editor export

/** Editor export jobs by `client_ref` (the client's idempotency key): the same ref, the same job. */
const exportsByRef = new WeakMap<JobStore, Map<string, { timelineId: string; jobId: string }>>();

/**
 * `POST /editor/export` `{timeline | timeline_url, format: "nle", name?, client_ref?}` → `{timeline_id,
 * job_id, status: "queued"}`; the same `client_ref` again answers the same job (no second job).
 */
function editorExport(ctx: ApiContext): Reply {
  const body = objectBody(ctx);
  if (body['format'] !== 'nle') throw new HttpError(400, 'format must be "nle"');
  const timeline = body['timeline'];
  const tracks =
    timeline && typeof timeline === 'object'
      ? (timeline as Record<string, unknown>)['tracks']
      : undefined;
  if (!Array.isArray(tracks) && typeof body['timeline_url'] !== 'string')
    throw new HttpError(400, 'timeline (with tracks) or timeline_url is required');
  const clips = Array.isArray(tracks)
    ? tracks.flatMap((t: unknown) => {
        const c = t && typeof t === 'object' ? (t as Record<string, unknown>)['clips'] : null;
        return Array.isArray(c) ? c : [];
      })
    : [];
  for (const c of clips) {
    const rec = (c ?? {}) as Record<string, unknown>;
    if (typeof rec['video_id'] !== 'string') throw new HttpError(400, 'each clip needs video_id');
    needVideo(ctx, rec['video_id']);
  }
  const ref = optionalString(body, 'client_ref');
  let refs = exportsByRef.get(ctx.jobs);
  if (!refs) exportsByRef.set(ctx.jobs, (refs = new Map()));
  const known = ref === undefined ? undefined : refs.get(ref);
  if (known && ctx.jobs.get(known.jobId))
    return ok({ timeline_id: known.timelineId, job_id: known.jobId, status: 'queued' });
  const timelineId = `tl-${deterministicUuid(`timeline:${ref ?? ctx.nextSeq()}:${ctx.jobs.now()}`)}`;
  const name = optionalString(body, 'name') ?? 'Timeline';
  const job = createJob(ctx, {
    kind: 'editor-export',
    videoId: '',
    result: () => ({
      bundle_url: `${ctx.base}/media/editor-bundle/${timelineId}.otio`,
      name,
      fidelity: {
        level: 'partial',
        items: [
          { feature: 'cuts', status: 'kept' },
          { feature: 'source timecode', status: 'kept' },
          { feature: 'clip names', status: 'kept' },
          {
            feature: 'segment text',
            status: 'approximated',
            note: 'carried as markers, not captions',
          },
          { feature: 'relevance scores', status: 'dropped', note: 'no NLE field holds them' },
        ],
      },
    }),
  });
  if (ref !== undefined) refs.set(ref, { timelineId, jobId: job.id });
  return ok({ timeline_id: timelineId, job_id: job.id, status: 'queued' });
}

/** The export statuses by how far the job is (videodb-api.md §8). */
function exportStatus(percentage: number | null): string {
  const p = percentage ?? 0;
  return p < 10 ? 'queued' : p < 50 ? 'rendering' : p < 80 ? 'converting' : 'packaging';
}

/** `GET /editor/export/{timeline_id}/{job_id}` → `{status, bundle_url?, fidelity?, message?}`. */
function editorExportStatus(ctx: ApiContext, [, jobId]: string[]): Reply {
  const job = ctx.jobs.get(jobId ?? '');
  if (!job || job.kind !== 'editor-export') throw new HttpError(404, 'Export job not found');
  if (job.state === 'processing') return ok({ status: exportStatus(job.percentage) });
  if (job.state === 'failed') return ok({ status: 'error', message: job.message });
  return ok({ status: 'done', ...(job.data as Record<string, unknown>) });
}

// ---------------------------------------------------------------- jobs

function poll(ctx: ApiContext, [id]: string[]): Reply {
  const job = ctx.jobs.get(id ?? '');
  if (!job) throw new HttpError(404, 'Job not found or expired');
  const sw = ctx.switches();
  if (job.state === 'processing')
    return json(200, {
      success: true,
      status: sw.runningStatus,
      // "data may be absent while running": the `none` progress shape sends no data at all.
      ...(job.percentage === null ? {} : { data: { percentage: job.percentage } }),
    });
  if (job.state === 'done') {
    if (sw.finishShape === 'c')
      return json(200, { success: true, status: 'completed', result: job.data });
    return sw.finishShape === 'a'
      ? json(200, { success: true, status: 'done', data: job.data })
      : json(200, { status: 'done', response: { success: true, data: job.data } });
  }
  // Shape (b) reports the failure only inside `response`, the case clients get wrong most; shape
  // (c) a bare `{success:false, message}` with no status at all.
  if (sw.finishShape === 'c') return json(200, { success: false, message: job.message });
  return sw.finishShape === 'a'
    ? json(200, { success: false, status: 'failed', message: job.message })
    : json(200, { status: 'failed', response: { success: false, message: job.message } });
}

const ROUTES: ReadonlyArray<[string, RegExp, Handler]> = [
  ['GET', /^\/collection$/, listCollections],
  ['GET', /^\/collection\/([^/]+)$/, getCollection],
  ['GET', /^\/collection\/([^/]+)\/upload_url$/, uploadUrl],
  ['POST', /^\/collection\/([^/]+)\/upload$/, registerUpload],
  ['POST', /^\/collection\/([^/]+)\/search$/, searchCollection],
  ['GET', /^\/video$/, listVideos],
  ['GET', /^\/video\/([^/]+)$/, getVideo],
  ['GET', /^\/video\/([^/]+)\/thumbnail$/, getThumbnail],
  ['GET', /^\/video\/([^/]+)\/transcription$/, getTranscript],
  ['POST', /^\/video\/([^/]+)\/transcription$/, postTranscript],
  ['POST', /^\/video\/([^/]+)\/index$/, indexSpoken],
  ['POST', /^\/video\/([^/]+)\/index\/scene$/, indexScenes],
  ['GET', /^\/video\/([^/]+)\/index\/scene$/, listSceneIndexes],
  ['GET', /^\/video\/([^/]+)\/index\/scene\/([^/]+)$/, getSceneIndex],
  ['POST', /^\/video\/([^/]+)\/clip$/, clip],
  ['POST', /^\/video\/([^/]+)\/stream$/, videoStream],
  ['POST', /^\/compile$/, compile],
  ['POST', /^\/download$/, download],
  ['POST', /^\/editor\/export$/, editorExport],
  ['GET', /^\/editor\/export\/([^/]+)\/([^/]+)$/, editorExportStatus],
  ['GET', /^\/async-response\/([^/]+)$/, poll],
  ['GET', /^\/billing\/usage$/, billingUsage],
];

/** Answers one authenticated API request. Errors become `{success:false, message}` envelopes. */
export function handleApi(ctx: ApiContext): Reply {
  let pathMatched = false;
  for (const [method, re, handler] of ROUTES) {
    const m = re.exec(ctx.path);
    if (!m) continue;
    pathMatched = true;
    if (method !== ctx.method && !(method === 'GET' && ctx.method === 'HEAD')) continue;
    try {
      return handler(
        ctx,
        m.slice(1).map((p) => decodeURIComponent(p)),
      );
    } catch (err) {
      if (err instanceof HttpError)
        return json(err.status, { success: false, message: err.message });
      throw err;
    }
  }
  return pathMatched
    ? json(405, { success: false, message: `Method ${ctx.method} not allowed on ${ctx.path}` })
    : json(404, { success: false, message: `Not found: ${ctx.path}` });
}
