/**
 * The VideoDB client's transport: one undici Pool per client (one base URL origin), reused by
 * every call; reads go through a RetryAgent over that pool, writes straight to the pool so they
 * are never repeated. The key goes to the configured API origin only; the system's proxy and
 * certificate store are followed. Every failure becomes a classified {@link VideoDbError} whose
 * message never contains the key. Endpoints are built on {@link Transport.send}.
 */
import { Client, Pool, ProxyAgent, RetryAgent, type Dispatcher } from 'undici';
import { API_ID_PATTERN } from '../../shared/domain';
import { redact } from '../log';
import type { Logger } from '../types';
import {
  classifyNetworkError,
  cleanServerMessage,
  errorForMessage,
  errorForStatus,
  isCertificateError,
  parseRetryAfter,
} from './classify';
import type { JobHandle, VideoDbClientOptions } from './client-types';
import { VideoDbError } from './errors';
import { parseProxyRules, systemTrustedCertificates, type ProxyRoute } from './network-route';
import { createRetryCallback } from './retry-policy';
import { EnvelopeSchema, JobDataSchema, parseOrThrow, type Envelope } from './schemas';

/** Biggest answer body accepted; a 5000-video page is a few MB. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const PROBE_TIMEOUT_MS = 4000;
/** Longest wait for the system to say which proxy to use. */
const RESOLVE_PROXY_MS = 10_000;
/** Job addresses whose reading is kept (see `pollTarget`). */
const POLL_TARGETS_KEPT = 10_000;

export type RequestKind = 'read' | 'write' | 'clip';

export interface SendOptions {
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

export interface RawAnswer {
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

/** The transport of one client. */
export interface Transport {
  /** The API base URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly logger: Logger | undefined;
  /** A request whose answer must be `success: true`; gives back `data`. */
  send(o: SendOptions): Promise<{ envelope: Envelope; data: unknown }>;
  /** One request: transport, HTTP status and envelope checks. `success:false` is left to callers. */
  sendRaw(o: SendOptions): Promise<RawAnswer>;
  /** The URL to poll for a job address, or why the app will not poll it. */
  pollTarget(outputUrl: string): URL | string;
  /** The job an answer started. */
  jobFrom(envelope: Envelope, data: unknown): JobHandle;
  /** Text with every key this client has seen taken out. */
  clean(text: string): string;
  /** Reachability: true when the API host answers at all. */
  probe(signal?: AbortSignal): Promise<boolean>;
  close(): Promise<void>;
}

/** Build the transport for one API base URL. */
export function createTransport(options: VideoDbClientOptions): Transport {
  const base = normaliseBase(options.baseUrl);
  // '' for a bare origin; '/api' for a base URL with a path (a URL's pathname is never empty).
  const basePath = base.pathname.replace(/\/+$/, '');
  const baseUrl = `${base.origin}${basePath}`;
  const clientName = options.clientName ?? 'videodb-clips';
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

  // Each job is polled at its own address again and again: read each address once. A job's
  // address never changes and the answer depends only on it and the API address (fixed per
  // client), so the cache cannot go stale; it is emptied when it holds POLL_TARGETS_KEPT addresses.
  const pollTargets = new Map<string, URL | string>();
  /**
   * The URL to poll for a job address, or why the app will not poll it: unreadable, or not on the
   * API's own origin (another host or port, or http where the API is https and the reverse). The
   * key goes only to the configured API, so such a job can never be followed.
   */
  function pollTarget(outputUrl: string): URL | string {
    let target = pollTargets.get(outputUrl);
    if (target === undefined) {
      if (pollTargets.size >= POLL_TARGETS_KEPT) pollTargets.clear();
      target = readPollTarget(outputUrl);
      pollTargets.set(outputUrl, target);
    }
    return target;
  }

  function readPollTarget(outputUrl: string): URL | string {
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
    // A URL target may be a cached poll address (shared): copied before a query is added to it.
    const hasQuery = Object.values(query ?? {}).some((v) => v !== undefined);
    const url =
      target instanceof URL
        ? hasQuery
          ? new URL(target)
          : target
        : new URL(`${base.origin}${basePath}${target}`);
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
    if (/\S/.test(text)) {
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

  async function probe(signal?: AbortSignal): Promise<boolean> {
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
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    const d = current;
    current = null;
    await d?.then((x) => x.pool.close()).catch(() => undefined);
  }

  return { baseUrl, logger: log, send, sendRaw, pollTarget, jobFrom, clean, probe, close };
}
