/**
 * The VideoDB HTTP client (videodb-api.md). One undici Pool per client (one base URL origin),
 * reused by every call; reads go through a RetryAgent over that pool, writes straight to the pool
 * so they are never repeated. Every answer is validated with zod; every failure becomes a
 * classified {@link VideoDbError} whose message never contains the key.
 */
import { Client, Pool, ProxyAgent, RetryAgent, type Dispatcher } from 'undici';
import type {
  Collection,
  ContentType,
  ModelTier,
  SceneIndex,
  Segment,
  Video,
} from '../../shared/domain';
import { API_ID_PATTERN, MODEL_TIERS } from '../../shared/domain';
import { redact } from '../log';
import type { Logger } from '../types';
import {
  asAmbiguous,
  classifyNetworkError,
  clipAnswerIsAmbiguous,
  cleanServerMessage,
  errorForMessage,
  isCertificateError,
  errorForStatus,
  parseRetryAfter,
} from './classify';
import { VideoDbError } from './errors';
import {
  parseProxyRules,
  systemTrustedCertificates,
  type ProxyRoute,
  type ResolveProxy,
  type TrustedCertificates,
} from './network-route';
import { interpretPollAnswer } from './poll-answer';
import { createRetryCallback } from './retry-policy';
import {
  ClipResultSchema,
  CollectionListSchema,
  EnvelopeSchema,
  JobDataSchema,
  SceneIndexCreatedSchema,
  SceneIndexListSchema,
  StreamSchema,
  TranscriptSchema,
  VideoListSchema,
  VideoSchema,
  parseOrThrow,
  toCollections,
  toSceneIndexes,
  toSegments,
  toVideo,
  type Envelope,
} from './schemas';

/** Options of {@link createVideoDbClient}. */
export interface VideoDbClientOptions {
  baseUrl: string;
  getApiKey: () => string | null | Promise<string | null>;
  /** Sent as `x-videodb-client`. */
  clientName?: string;
  timeouts?: { connectMs?: number; headersMs?: number; bodyMs?: number };
  /** Retries of reads only (GET and polls). */
  retry?: { maxRetries?: number; minDelayMs?: number; maxDelayMs?: number };
  /** Connectivity: called false on network-level failure, true on any HTTP answer. */
  onNetworkResult?: (ok: boolean) => void;
  logger?: Logger;
  /**
   * The system's proxy for the API origin (PAC result syntax, see {@link ResolveProxy}). Asked
   * before the first request and again on every probe, so a network change is followed. Without
   * it every request goes direct.
   */
  resolveProxy?: ResolveProxy;
  /** The certificate authorities to trust; default Node's own plus the OS store. */
  trustedCertificates?: TrustedCertificates;
  /** Called with every stream link an answer names (the media relay's allowlist learns hosts). */
  onMediaUrl?: (url: string) => void;
}

/** A server-side job to poll. */
export interface JobHandle {
  id: string;
  outputUrl: string;
  requestType: 'sync' | 'async';
}

/**
 * One poll of a job's output URL. A job that failed on the server (`success: false` anywhere, with
 * or without a status), or that the server no longer knows (404), is `failed`; transport trouble
 * (offline, 5xx, timeouts) and unreadable answers are thrown instead, since the job may still be fine.
 */
export type PollResult =
  | { state: 'running'; percentage: number | null }
  | { state: 'done'; data: unknown }
  | { state: 'failed'; error: VideoDbError };

/** A finished clip job, parsed. */
export interface ClipResult {
  segments: Segment[];
  /** The `stream_url` the API gives for the result (first result), when any. */
  sourceStreamUrl: string | null;
  videoTitle: string | null;
}

/** A video as the list API gives it; searchableBy* are null (the list API does not say). */
export type ApiVideo = Video;

/** The VideoDB API, as the engine uses it. Every method takes an optional AbortSignal. */
export interface VideoDbClient {
  readonly baseUrl: string;
  listCollections(
    signal?: AbortSignal,
  ): Promise<{ collections: Collection[]; defaultCollectionId: string | null }>;
  listVideosPage(
    collectionId: string,
    pageIndex: number,
    count: number,
    signal?: AbortSignal,
  ): Promise<Video[]>;
  /** Pages with page_index/count until a short page. onPage lets callers store as they go. */
  listAllVideos(
    collectionId: string,
    opts?: {
      pageSize?: number;
      onPage?: (videos: Video[], pageIndex: number) => void | Promise<void>;
      signal?: AbortSignal;
    },
  ): Promise<Video[]>;
  getVideo(videoId: string, collectionId: string, signal?: AbortSignal): Promise<Video>;
  listSceneIndexes(videoId: string, signal?: AbortSignal): Promise<SceneIndex[]>;
  /** Transcript, or a job when the API has none yet (see api doc). */
  getTranscript(
    videoId: string,
    signal?: AbortSignal,
  ): Promise<
    | { kind: 'ready'; text: string; words: Array<{ start: number; end: number; text: string }> }
    | { kind: 'job'; job: JobHandle }
  >;
  indexSpokenWords(
    videoId: string,
    opts?: { force?: boolean; languageCode?: string; signal?: AbortSignal },
  ): Promise<JobHandle | { alreadyExists: true }>;
  indexScenes(
    videoId: string,
    opts?: {
      extractionType?: 'shot' | 'time';
      prompt?: string;
      name?: string;
      signal?: AbortSignal;
    },
  ): Promise<{ sceneIndexId: string | null; job: JobHandle | null }>;
  /**
   * POST /video/{id}/clip. NEVER retried. Any failure that does not prove the job was not made
   * (cut or timeout after sending, a 5xx or gateway page, an unreadable answer) throws with
   * ambiguous=true; only refusals (4xx but 408, see clipAnswerProvesRefusal) and failures to
   * connect are not.
   */
  clip(
    videoId: string,
    request: {
      prompt: string;
      contentType: ContentType;
      modelName: ModelTier;
      sceneIndexId?: string;
      callbackUrl?: string;
    },
    signal?: AbortSignal,
  ): Promise<JobHandle>;
  /**
   * GET output_url exactly as given (only if it is on the configured base URL's origin; otherwise
   * refuse — the key is never sent elsewhere). The answer is read by {@link interpretPollAnswer}
   * (every shape of videodb-api.md §5); a 404 → failed with not-found.
   */
  poll(outputUrl: string, signal?: AbortSignal): Promise<PollResult>;
  /**
   * Why this client will never poll `outputUrl` (unreadable, another origin, http vs https), in
   * plain words; null when it can be polled. Nothing is sent.
   */
  pollRefusal(outputUrl: string): string | null;
  /** Parse a finished clip job's data into segments (validates; bad shape → VideoDbError 'bad-response'). */
  parseClipResult(data: unknown): ClipResult;
  compile(
    items: Array<{ videoId: string; collectionId: string; shots: Array<[number, number]> }>,
    signal?: AbortSignal,
  ): Promise<{ streamUrl: string; playerUrl: string | null }>;
  streamSegments(
    videoId: string,
    timeline: Array<[number, number]>,
    signal?: AbortSignal,
  ): Promise<{ streamUrl: string; playerUrl: string | null }>;
  /**
   * POST /download `{stream_link, name}` (videodb-api.md §8): the MP4's link (valid about a day)
   * at once, or a job to poll whose finished data carries it (read with
   * {@link VideoDbClient.parseDownloadResult}).
   */
  requestDownload(
    streamLink: string,
    name: string,
    signal?: AbortSignal,
  ): Promise<{ downloadUrl: string } | { job: JobHandle }>;
  /** The MP4 link in a finished download job's data; 'bad-response' when there is none. */
  parseDownloadResult(data: unknown): string;
  /** Cheap authenticated call (GET /collection) with the given key or the stored one: resolves, or throws 'auth' / 'offline' / ... */
  checkKey(apiKey?: string, signal?: AbortSignal): Promise<void>;
  /** Reachability probe: true when the API host answers at all (any HTTP status), false on network failure/timeout. Short timeout, no retries. */
  probe(signal?: AbortSignal): Promise<boolean>;
  close(): Promise<void>;
}

/** Player link for a stream, as in the API doc: https://console.videodb.io/player?url=<stream_url>. */
export function playerLinkFor(streamUrl: string): string {
  return `https://console.videodb.io/player?url=${encodeURIComponent(streamUrl)}`;
}

const CONTENT_TYPES: readonly ContentType[] = ['spoken', 'visual', 'multimodal'];
/** Most videos the API returns per page (spec limit). */
const MAX_PAGE_SIZE = 5000;
/** Biggest answer body accepted; a 5000-video page is a few MB. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const PROBE_TIMEOUT_MS = 4000;
/** Longest wait for the system to say which proxy to use. */
const RESOLVE_PROXY_MS = 10_000;
/** Poll answers with these statuses are read, not thrown: a 404 is the job's own verdict. */
const PASS_404: ReadonlySet<number> = new Set([404]);

type RequestKind = 'read' | 'write' | 'clip';

interface SendOptions {
  method: 'GET' | 'POST';
  /** Path under the base URL (with query), or an absolute URL on the base origin. */
  target: string | URL;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  kind: RequestKind;
  signal?: AbortSignal | undefined;
  apiKey?: string | undefined;
  /** Non-2xx statuses handed back as answers instead of thrown (their envelope may be empty). */
  passStatuses?: ReadonlySet<number>;
}

interface RawAnswer {
  status: number;
  envelope: Envelope;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  json: unknown;
}

function normaliseBase(baseUrl: string): URL {
  let u: URL;
  try {
    u = new URL(baseUrl.trim());
  } catch {
    throw new VideoDbError('validation', 'The API address is not a valid URL.');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new VideoDbError('validation', 'The API address must start with https://.');
  }
  u.pathname = u.pathname.replace(/\/+$/, '');
  u.search = '';
  u.hash = '';
  return u;
}

/**
 * Builds an API path from fixed text and ids: apiPath`/video/${id}/clip`. Every id must have the
 * shape of {@link API_ID_PATTERN} and is percent-encoded as well, so no id (`.`, `..`, `a/b`,
 * `%2e%2e`, empty) can fold or leave its path (`/video/..` would be `/`). Refused ids throw a
 * `validation` error before anything is sent.
 */
export function apiPath(parts: TemplateStringsArray, ...ids: unknown[]): string {
  let path = parts[0] ?? '';
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || !API_ID_PATTERN.test(id)) {
      throw new VideoDbError(
        'validation',
        'That id is not valid: only letters, digits, - and _ are allowed.',
        { transient: false },
      );
    }
    path += encodeURIComponent(id) + (parts[i + 1] ?? '');
  });
  return path;
}

/** Build a client for one API base URL. */
export function createVideoDbClient(options: VideoDbClientOptions): VideoDbClient {
  const base = normaliseBase(options.baseUrl);
  // '' for a bare origin; '/api' for a base URL with a path (a URL's pathname is never empty).
  const basePath = base.pathname.replace(/\/+$/, '');
  const baseUrl = `${base.origin}${basePath}`;
  const clientName = options.clientName ?? 'videodb-clips';
  const noteMedia = (...urls: Array<string | null | undefined>): void => {
    if (options.onMediaUrl === undefined) return;
    for (const url of urls) {
      if (typeof url !== 'string') continue;
      try {
        options.onMediaUrl(url);
      } catch {
        // Learning a host never changes what the call answers.
      }
    }
  };
  const seenVideo = (v: Video): Video => {
    noteMedia(v.streamUrl);
    return v;
  };
  const log = options.logger;
  const addSecret = (log as { addSecret?: (s: string) => void } | undefined)?.addSecret;
  const connectMs = options.timeouts?.connectMs ?? 10_000;
  const headersMs = options.timeouts?.headersMs ?? 30_000;
  const bodyMs = options.timeouts?.bodyMs ?? 60_000;
  const retryCallback = createRetryCallback({
    maxRetries: options.retry?.maxRetries ?? 3,
    minDelayMs: options.retry?.minDelayMs ?? 500,
    maxDelayMs: options.retry?.maxDelayMs ?? 10_000,
  });
  const seenKeys = new Set<string>();
  /** Poll status words the app did not know, each logged once. */
  const unknownStatuses = new Set<string>();

  // Read once per client: the OS store takes a moment to read and does not change under us.
  let cas: readonly string[] | null | undefined;
  const trusted = (): readonly string[] | null => {
    if (cas === undefined) {
      try {
        cas = (options.trustedCertificates ?? systemTrustedCertificates)();
      } catch (err) {
        log?.warn('could not read the trusted certificates; using Node defaults', {
          error: String(err),
        });
        cas = null;
      }
    }
    return cas;
  };
  const tlsOptions = (): { ca?: string[] } => {
    const ca = trusted();
    return ca === null ? {} : { ca: [...ca] };
  };

  /** Where requests go now, asked of the system (a failure to ask means direct). */
  async function askRoute(): Promise<ProxyRoute> {
    if (!options.resolveProxy) return { kind: 'direct' };
    let rules: string;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      // A PAC script that never answers must not hold every request: after a while, direct.
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer in time')), RESOLVE_PROXY_MS);
        timer.unref?.();
      });
      rules = await Promise.race([options.resolveProxy(base.origin), late]);
    } catch (err) {
      log?.warn('could not ask the system for a proxy; connecting directly', {
        error: clean(String(err)),
      });
      return { kind: 'direct' };
    } finally {
      clearTimeout(timer);
    }
    const { route, skipped } = parseProxyRules(String(rules));
    for (const entry of skipped) {
      // SOCKS (and anything unreadable) is not something the client can speak.
      log?.warn('proxy entry not supported; trying the next one', {
        entry: clean(entry.replace(/\/\/[^@/\s]*@/, '//')).slice(0, 120),
        using: route.kind === 'direct' ? 'direct' : route.label,
      });
    }
    return route;
  }
  const routeKey = (r: ProxyRoute): string => (r.kind === 'direct' ? 'direct' : r.uri);

  /** A dispatcher to the API origin along `route`, with the trusted certificates. */
  function dispatcherFor(route: ProxyRoute, probe: boolean): Dispatcher {
    const tls = tlsOptions();
    const timeout = probe ? Math.min(PROBE_TIMEOUT_MS, connectMs) : connectMs;
    const poolOptions = probe
      ? { connections: 1, pipelining: 0 }
      : {
          connections: 8,
          headersTimeout: headersMs,
          bodyTimeout: bodyMs,
          keepAliveTimeout: 4_000,
          maxResponseSize: MAX_BODY_BYTES,
        };
    if (route.kind === 'direct') {
      return probe
        ? new Client(base.origin, { connect: { timeout, ...tls }, pipelining: 0 })
        : new Pool(base.origin, { ...poolOptions, connect: { timeout, ...tls } });
    }
    // One ProxyAgent per client, for the API origin only: CONNECT for https, absolute-form
    // requests for http (undici's default), the trusted certificates for the API and the proxy.
    return new ProxyAgent({
      uri: route.uri,
      ...poolOptions,
      connectTimeout: timeout,
      requestTls: { timeout, ...tls },
      proxyTls: { timeout, ...tls },
    });
  }

  interface Dispatchers {
    key: string;
    pool: Dispatcher;
    reader: RetryAgent;
  }
  let current: Promise<Dispatchers> | null = null;
  let closed = false;
  const build = (route: ProxyRoute): Dispatchers => {
    const pool = dispatcherFor(route, false);
    log?.info('videodb connection', {
      route: route.kind === 'direct' ? 'direct' : `proxy ${route.label}`,
    });
    // throwOnError: false hands the last failed answer (status, headers, body) to us once
    // retries run out, so a final 429/503 is classified with its Retry-After and message.
    const reader = new RetryAgent(pool, {
      retry: retryCallback,
      throwOnError: false,
      methods: ['GET', 'HEAD'],
    });
    return { key: routeKey(route), pool, reader };
  };
  const dispatchers = async (): Promise<Dispatchers> => {
    if (closed) throw new VideoDbError('internal', 'The connection to VideoDB was closed.');
    current ??= askRoute().then(build);
    const d = await current;
    if (closed) throw new VideoDbError('internal', 'The connection to VideoDB was closed.');
    return d;
  };
  /** The route changed (seen by a probe): new requests take it; those in flight finish. */
  const follow = (route: ProxyRoute): void => {
    const before = current;
    const next = build(route);
    current = Promise.resolve(next);
    void before?.then((d) => d.pool.close()).catch(() => undefined);
  };

  const clean = (text: string): string => redact(text, seenKeys);
  const report = (ok: boolean): void => {
    try {
      options.onNetworkResult?.(ok);
    } catch {
      // A listener's failure is not the request's failure.
    }
  };

  /**
   * The URL to poll for a job address, or why the app will not poll it: unreadable, or not on the
   * API's own origin (another host or port, or http where the API is https and the reverse). The
   * key goes only to the configured API, so such a job can never be followed.
   */
  function pollTarget(outputUrl: string): URL | string {
    let url: URL;
    try {
      url = new URL(outputUrl);
    } catch {
      return 'VideoDB gave a job address the app could not read, so it cannot follow this job.';
    }
    if (url.protocol !== base.protocol && url.host === base.host) {
      return `VideoDB gave a job address that starts with ${url.protocol}// while the API address starts with ${base.protocol}//. The app only sends your key to the API address, so it cannot follow this job.`;
    }
    if (url.origin !== base.origin) {
      return 'VideoDB gave a job address on another site. The app only sends your key to the API address, so it cannot follow this job.';
    }
    return url;
  }

  function resolveTarget(target: string | URL, query: SendOptions['query']): URL {
    const url =
      target instanceof URL ? new URL(target) : new URL(`${base.origin}${basePath}${target}`);
    if (url.origin !== base.origin) {
      // The key goes only to the configured API: a job address elsewhere is refused outright.
      throw new VideoDbError(
        'bad-response',
        'VideoDB gave a job address on another site; the app will not send your key there.',
        { transient: false },
      );
    }
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  async function keyFor(explicit: string | undefined): Promise<string> {
    const key = explicit ?? (await options.getApiKey());
    if (!key) throw new VideoDbError('auth', 'No VideoDB API key is set yet. Add it in Settings.');
    if (!seenKeys.has(key)) {
      seenKeys.add(key);
      addSecret?.call(log, key);
    }
    return key;
  }

  /** One request: transport, HTTP status and envelope checks. `success:false` is left to callers. */
  async function sendRaw(o: SendOptions): Promise<RawAnswer> {
    const url = resolveTarget(o.target, o.query);
    const key = await keyFor(o.apiKey);
    const { pool: p, reader: r } = await dispatchers();
    const dispatcher: Dispatcher = o.kind === 'read' ? r : p;
    const headers: Record<string, string> = {
      'x-access-token': key,
      'x-videodb-client': clientName,
      accept: 'application/json',
    };
    let body: string | undefined;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = 'application/json';
    }
    const started = Date.now();
    const where = `${o.method} ${url.pathname}`;
    let status: number;
    let resHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const res = await dispatcher.request({
        origin: base.origin,
        path: `${url.pathname}${url.search}`,
        method: o.method,
        headers,
        body: body ?? null,
        signal: o.signal ?? null,
        headersTimeout: headersMs,
        bodyTimeout: bodyMs,
      });
      status = res.statusCode;
      resHeaders = res.headers;
      text = await res.body.text();
    } catch (err) {
      const failure = classifyNetworkError(err, {
        nonIdempotent: o.kind === 'clip',
        signal: o.signal,
      });
      if (failure.networkDown) report(false);
      log?.warn('videodb request failed', {
        request: where,
        code: failure.error.code,
        ambiguous: failure.error.ambiguous,
        cause: clean(
          String((err as { code?: unknown })?.code ?? (err as Error)?.name ?? 'unknown'),
        ),
        ms: Date.now() - started,
      });
      throw failure.error;
    }
    report(true);
    log?.debug('videodb request', { request: where, status, ms: Date.now() - started });

    let json: unknown;
    let parsed = false;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
        parsed = true;
      } catch {
        // Stack overflow on absurd nesting lands here too: treated as unreadable.
        parsed = false;
      }
    }
    const envelopeResult = parsed ? EnvelopeSchema.safeParse(json) : null;
    const envelope = envelopeResult?.success ? envelopeResult.data : null;
    if (o.passStatuses?.has(status)) return { status, envelope: envelope ?? {}, json };
    if (status < 200 || status >= 300) {
      const message = cleanServerMessage(envelope?.message);
      throw errorForStatus(
        status,
        message === null ? null : clean(message),
        parseRetryAfter(resHeaders['retry-after']),
      );
    }
    if (!envelope) {
      const looksHtml = /^\s*</.test(text);
      throw new VideoDbError(
        'bad-response',
        looksHtml
          ? 'VideoDB sent a web page instead of data. The service may be having trouble.'
          : 'VideoDB sent an answer the app could not read (not valid JSON).',
        { status, transient: true },
      );
    }
    return { status, envelope, json };
  }

  /** A request whose answer must be `success: true`; gives back `data`. */
  async function send(o: SendOptions): Promise<{ envelope: Envelope; data: unknown }> {
    const { status, envelope } = await sendRaw(o);
    if (envelope.success === false) {
      const message = cleanServerMessage(envelope.message);
      throw errorForMessage(message === null ? null : clean(message), status);
    }
    return { envelope, data: envelope.data };
  }

  function jobFrom(envelope: Envelope, data: unknown): JobHandle {
    const d = parseOrThrow(JobDataSchema, data, 'a job');
    let outputUrl: string;
    try {
      outputUrl = new URL(d.output_url, `${baseUrl}/`).toString();
    } catch {
      throw new VideoDbError('bad-response', 'VideoDB sent a job address the app could not read.');
    }
    return {
      id: d.id,
      outputUrl,
      requestType: envelope.request_type === 'async' ? 'async' : 'sync',
    };
  }

  const isJob = (data: unknown): boolean =>
    !!data &&
    typeof data === 'object' &&
    'output_url' in data &&
    typeof (data as { output_url: unknown }).output_url === 'string';

  function failedPoll(message: unknown): PollResult {
    const m = cleanServerMessage(message);
    return { state: 'failed', error: errorForMessage(m === null ? null : clean(m), 200) };
  }

  const client: VideoDbClient = {
    baseUrl,

    async listCollections(signal) {
      const { data } = await send({ method: 'GET', target: '/collection', kind: 'read', signal });
      return toCollections(parseOrThrow(CollectionListSchema, data, 'the list of collections'));
    },

    async listVideosPage(collectionId, pageIndex, count, signal) {
      const size = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(count)));
      const { data } = await send({
        method: 'GET',
        target: '/video',
        query: {
          collection_id: collectionId,
          page_index: Math.max(0, Math.floor(pageIndex)),
          count: size,
        },
        kind: 'read',
        signal,
      });
      return parseOrThrow(VideoListSchema, data, 'the list of videos').videos.map((v) =>
        seenVideo(toVideo(v, collectionId)),
      );
    },

    async listAllVideos(collectionId, opts = {}) {
      const size = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(opts.pageSize ?? MAX_PAGE_SIZE)));
      const all: Video[] = [];
      const seen = new Set<string>();
      // The API says nothing about more pages; a short page is the end. The cap guards against a
      // server that ignores page_index and repeats the first page forever.
      for (let page = 0; page < 10_000; page++) {
        const videos = await client.listVideosPage(collectionId, page, size, opts.signal);
        const fresh = videos.filter((v) => !seen.has(v.id));
        for (const v of fresh) seen.add(v.id);
        all.push(...fresh);
        if (fresh.length > 0) await opts.onPage?.(fresh, page);
        if (videos.length < size || fresh.length === 0) break;
      }
      return all;
    },

    async getVideo(videoId, collectionId, signal) {
      const { data } = await send({
        method: 'GET',
        target: apiPath`/video/${videoId}`,
        query: { collection_id: collectionId },
        kind: 'read',
        signal,
      });
      return seenVideo(toVideo(parseOrThrow(VideoSchema, data, 'a video'), collectionId));
    },

    async listSceneIndexes(videoId, signal) {
      const { data } = await send({
        method: 'GET',
        target: apiPath`/video/${videoId}/index/scene`,
        kind: 'read',
        signal,
      });
      return toSceneIndexes(parseOrThrow(SceneIndexListSchema, data, 'the scene indexes'));
    },

    async getTranscript(videoId, signal) {
      const { envelope, data } = await send({
        method: 'GET',
        target: apiPath`/video/${videoId}/transcription`,
        query: { segmenter: 'word' },
        kind: 'read',
        signal,
      });
      if (isJob(data)) return { kind: 'job', job: jobFrom(envelope, data) };
      const t = parseOrThrow(TranscriptSchema, data, 'a transcript');
      return { kind: 'ready', text: t.text ?? '', words: t.word_timestamps };
    },

    async indexSpokenWords(videoId, opts = {}) {
      const body: Record<string, unknown> = { index_type: 'spoken_word' };
      if (opts.languageCode !== undefined) body['language_code'] = opts.languageCode;
      if (opts.force !== undefined) body['force'] = opts.force;
      try {
        const { envelope, data } = await send({
          method: 'POST',
          target: apiPath`/video/${videoId}/index`,
          body,
          kind: 'write',
          signal: opts.signal,
        });
        return jobFrom(envelope, data);
      } catch (err) {
        if (
          err instanceof VideoDbError &&
          err.code === 'validation' &&
          /already exists/i.test(err.message)
        ) {
          return { alreadyExists: true };
        }
        throw err;
      }
    },

    async indexScenes(videoId, opts = {}) {
      const body: Record<string, unknown> = { extraction_type: opts.extractionType ?? 'shot' };
      if (opts.prompt !== undefined) body['prompt'] = opts.prompt;
      if (opts.name !== undefined) body['name'] = opts.name;
      const { envelope, data } = await send({
        method: 'POST',
        target: apiPath`/video/${videoId}/index/scene`,
        body,
        kind: 'write',
        signal: opts.signal,
      });
      const d = parseOrThrow(SceneIndexCreatedSchema, data, 'a scene index');
      const job = isJob(data) ? jobFrom(envelope, data) : null;
      if (!job && !d.scene_index_id) {
        throw new VideoDbError(
          'bad-response',
          'VideoDB accepted the request but sent neither a scene index nor a job.',
        );
      }
      return { sceneIndexId: d.scene_index_id ?? null, job };
    },

    async clip(videoId, request, signal) {
      // Validated here too: the vendor's examples show values the API rejects.
      if (!CONTENT_TYPES.includes(request.contentType)) {
        throw new VideoDbError(
          'validation',
          `Unknown content type "${String(request.contentType)}".`,
        );
      }
      if (!(MODEL_TIERS as readonly string[]).includes(request.modelName)) {
        throw new VideoDbError('validation', `Unknown model "${String(request.modelName)}".`);
      }
      if (request.prompt.trim() === '')
        throw new VideoDbError('validation', 'Write what you are looking for.');
      const body: Record<string, unknown> = {
        prompt: request.prompt,
        content_type: request.contentType,
        model_name: request.modelName,
      };
      if (request.sceneIndexId !== undefined) body['scene_index_id'] = request.sceneIndexId;
      if (request.callbackUrl !== undefined) body['callback_url'] = request.callbackUrl;
      let answer: { envelope: Envelope; data: unknown };
      try {
        answer = await send({
          method: 'POST',
          target: apiPath`/video/${videoId}/clip`,
          body,
          kind: 'clip',
          signal,
        });
      } catch (err) {
        // An unreadable 2xx answer means the server took the request: the job may exist. So may
        // it after any HTTP answer that is not the API's own refusal (a gateway's 502/504 page,
        // a 503): only a refusal may be retried; the rest is the user's call.
        if (err instanceof VideoDbError && !err.ambiguous && clipAnswerIsAmbiguous(err)) {
          throw asAmbiguous(err);
        }
        throw err;
      }
      try {
        return jobFrom(answer.envelope, answer.data);
      } catch (err) {
        if (err instanceof VideoDbError) {
          throw new VideoDbError(err.code, err.message, {
            status: err.status,
            ambiguous: true,
            transient: false,
          });
        }
        throw err;
      }
    },

    async poll(outputUrl, signal) {
      const target = pollTarget(outputUrl);
      if (typeof target === 'string') {
        throw new VideoDbError('bad-response', target, { transient: false });
      }
      const answer = await sendRaw({
        method: 'GET',
        target,
        kind: 'read',
        signal,
        passStatuses: PASS_404,
      });
      const verdict = interpretPollAnswer(answer.status, answer.json);
      switch (verdict.state) {
        case 'running':
          if (verdict.unknownStatus !== undefined && !unknownStatuses.has(verdict.unknownStatus)) {
            unknownStatuses.add(verdict.unknownStatus);
            log?.warn('job poll: status word not known; treated as still running', {
              status: clean(verdict.unknownStatus).slice(0, 80),
            });
          }
          return { state: 'running', percentage: verdict.percentage };
        case 'done':
          return { state: 'done', data: verdict.data };
        case 'failed':
          return failedPoll(verdict.message);
        case 'not-found':
          return {
            state: 'failed',
            error: new VideoDbError(
              'not-found',
              'This job has expired or no longer exists on VideoDB.',
              { status: answer.status },
            ),
          };
        case 'unreadable':
          throw new VideoDbError(
            'bad-response',
            verdict.reason.endsWith('.')
              ? verdict.reason
              : 'VideoDB sent a job answer the app could not read.',
            { status: answer.status, transient: true },
          );
      }
    },

    pollRefusal(outputUrl) {
      const target = pollTarget(outputUrl);
      return typeof target === 'string' ? target : null;
    },

    parseClipResult(data) {
      const d = parseOrThrow(ClipResultSchema, data, 'a clip result');
      const first = d.results[0];
      const segments = toSegments(d);
      noteMedia(first?.stream_url, ...segments.map((seg) => seg.streamUrl));
      return {
        segments,
        sourceStreamUrl: first?.stream_url ?? null,
        videoTitle: first?.title ?? null,
      };
    },

    async requestDownload(streamLink, name, signal) {
      const { envelope, data } = await send({
        method: 'POST',
        target: '/download',
        body: { stream_link: streamLink, name },
        kind: 'write',
        signal,
      });
      if (isJob(data)) return { job: jobFrom(envelope, data) };
      return { downloadUrl: client.parseDownloadResult(data) };
    },

    parseDownloadResult(data) {
      const url =
        data && typeof data === 'object' ? (data as Record<string, unknown>)['download_url'] : null;
      if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
        throw new VideoDbError('bad-response', 'VideoDB sent no link to download the clip from.');
      }
      return url;
    },

    async compile(items, signal) {
      if (items.length === 0)
        throw new VideoDbError('validation', 'There is nothing to put in the clip.');
      const body = items.map((i) => ({
        video_id: i.videoId,
        collection_id: i.collectionId,
        shots: i.shots,
      }));
      const { data } = await send({
        method: 'POST',
        target: '/compile',
        body,
        kind: 'write',
        signal,
      });
      const d = parseOrThrow(StreamSchema, data, 'a stream');
      noteMedia(d.stream_url);
      return { streamUrl: d.stream_url, playerUrl: d.player_url ?? null };
    },

    async streamSegments(videoId, timeline, signal) {
      if (timeline.length === 0)
        throw new VideoDbError('validation', 'There is nothing to put in the clip.');
      const length = timeline.reduce((sum, [s, e]) => sum + Math.max(0, e - s), 0);
      const { data } = await send({
        method: 'POST',
        target: apiPath`/video/${videoId}/stream`,
        body: { timeline, length: Math.round(length * 1000) / 1000 },
        kind: 'write',
        signal,
      });
      const d = parseOrThrow(StreamSchema, data, 'a stream');
      return { streamUrl: d.stream_url, playerUrl: d.player_url ?? null };
    },

    async checkKey(apiKey, signal) {
      if (apiKey !== undefined && apiKey.trim() === '') {
        throw new VideoDbError('validation', 'Paste your VideoDB API key first.');
      }
      const { data } = await send({
        method: 'GET',
        target: '/collection',
        kind: 'read',
        signal,
        apiKey: apiKey?.trim(),
      });
      parseOrThrow(CollectionListSchema, data, 'the list of collections');
    },

    async probe(signal) {
      if (closed) return false;
      const timeout = AbortSignal.timeout(Math.min(PROBE_TIMEOUT_MS, headersMs));
      const s = signal ? AbortSignal.any([signal, timeout]) : timeout;
      // The system's proxy is asked again each time: probes follow network changes (OS hints,
      // resume), which is when a PAC answer changes. A changed route replaces the pool.
      const route = await askRoute();
      if (closed) return false;
      const settled = await current?.catch(() => null);
      if (current === null || settled?.key !== routeKey(route)) follow(route);
      // A fresh connection each time: the question is "can a new connection be made now?", and a
      // pooled socket from before a network cut can fail at once without reaching the server,
      // which kept the app offline until the next probe long after the network was back.
      const probeClient = dispatcherFor(route, true);
      try {
        // No key: reachability needs none, and any HTTP status (401, 404) proves the host answers.
        const res = await probeClient.request({
          origin: base.origin,
          path: `${basePath}/`,
          method: 'GET',
          signal: s,
          headers: { 'x-videodb-client': clientName },
          headersTimeout: PROBE_TIMEOUT_MS,
          bodyTimeout: PROBE_TIMEOUT_MS,
        });
        await res.body.dump();
        return true;
      } catch (err) {
        // A certificate the app does not trust still means the host answered: the network is
        // up, and each request says in plain words what is wrong instead of "offline".
        return isCertificateError(err);
      } finally {
        probeClient.destroy().catch(() => undefined);
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      const d = current;
      current = null;
      await d?.then((x) => x.pool.close()).catch(() => undefined);
    },
  };

  return client;
}
