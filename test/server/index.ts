import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CLIP_MODEL_NAMES, handleApi } from './api';
import { DemoMedia, defaultDemoMedia } from './demo-media';
import { DOWNLOAD_PATH, serveDownload } from './download';
import { armFaults, faultMatches, faultReply, mutateBody, type ArmedFault } from './faults';
import { JobStore, type JobInfo } from './jobs';
import { hlsJs, playerPage, serveMedia, thumbnailSvg } from './media';
import { fail, json, type Reply } from './reply';
import { serveUploadTarget, UploadTargets, UPLOAD_TARGET_PATH } from './upload';
import { Library } from './seed';
import {
  defaultSwitches,
  DEFAULT_JOB_DURATION_MS,
  PROGRESS_SHAPES,
  type Mutation,
  type ProgressShape,
  type ServerSwitches,
} from './switches';

export type { Fault, FaultKind, Mutation, ProgressShape, ServerSwitches } from './switches';
export type { JobInfo, JobKind, JobState } from './jobs';
export { SAMPLE, ARCHIVE_VIDEO_COUNT, archiveVideoId } from './seed';
export { DEFAULT_JOB_DURATION_MS, PROGRESS_SHAPES } from './switches';
export {
  NOT_INDEXED_MESSAGE,
  NO_SCENE_INDEX_MESSAGE,
  SPOKEN_INDEX_EXISTS_MESSAGE,
  TIER_BUDGET_MESSAGE,
  CLIP_CONTENT_TYPES,
  CLIP_MODEL_NAMES,
  INDEX_CREDITS_PER_MINUTE,
  STARTING_CREDITS,
} from './api';
export { INJECTED_FAILURE_MESSAGE } from './jobs';
export { mostInFlight } from './request-log';
export { DemoMedia, type DemoMediaOptions } from './demo-media';

/** The demo API key the server accepts unless told otherwise. Not a secret. */
export const DEMO_API_KEY = 'sk-demo-local-0000000000000000';

/** One entry of the request log (control routes are never logged). */
export interface RequestLogEntry {
  method: string;
  /** Normalised pathname (no trailing slash). */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or the raw text when it was not JSON; absent when empty. */
  body?: unknown;
  /** HTTP status sent; 0 when the socket was reset without an answer. */
  status: number;
  /** Server-clock ms at arrival. */
  at: number;
  /** Server-clock ms when the answer was finished (or the connection closed); absent before. */
  endedAt?: number;
  /** The `Range` header, when the request had one (downloads resume with it). */
  range?: string;
}

/** Test handle on a running server. Also reachable over HTTP under `/_control/*` with `token`. */
export interface ServerControl {
  /** Token for the `x-control-token` header of the HTTP control routes (random per start). */
  readonly token: string;
  /** Merges switches (a given `faults` array replaces the old one) and returns the result. */
  set(partial: Partial<ServerSwitches>): ServerSwitches;
  /** Current switches. */
  switches(): ServerSwitches;
  /**
   * Back to default switches and an empty request log. With `state: true` also forgets all jobs
   * and restores the seeded library (indexes created by tests are gone).
   */
  reset(opts?: { state?: boolean }): void;
  /** How many requests the log holds, without copying it (harnesses poll this while timing). */
  requestCount(): number;
  /** A copy of the request log, oldest first. */
  requests(): RequestLogEntry[];
  /** Moves the server clock forward: jobs end without waiting in real time. */
  advanceTime(ms: number): void;
  /** Server-clock time in ms. */
  now(): number;
  /** Every job created since start (or the last `reset({state: true})`). */
  jobs(): JobInfo[];
  /** How many jobs were created since start (or the last `reset({state: true})`), without copying. */
  jobCount(): number;
  /** Upload targets handed out (what arrived at each, and how many requests reached it). */
  uploadTargets(): Array<{
    name: string;
    received: number;
    complete: boolean;
    requests: number;
    bytes: Buffer;
  }>;
  /**
   * Resolves once the last `offline` change took effect (the public port closed or listening
   * again). `set` is synchronous; await this before relying on the new network state.
   */
  settled(): Promise<void>;
}

/** Options of `startServer`. */
export interface StartServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Accepted `x-access-token`; default `DEMO_API_KEY`. */
  apiKey?: string;
  /** Seed the sample library (default true); false leaves one empty default collection. */
  seed?: boolean;
  /** Default job duration (and value of the `jobDurationMs` switch after reset); default 1500. */
  jobDurationMs?: number;
  /**
   * Video streams show each video's transcript at its own time, rendered by ffmpeg on first
   * request and cached (see demo-media.ts). Default: the process-wide generator with the default
   * cache folder; pass a `DemoMedia` for another cache or ffmpeg, or `false` for the test pattern.
   */
  media?: DemoMedia | false;
}

/** A running server. */
export interface RunningServer {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:43123`. */
  url: string;
  /**
   * A second port that serves only `/_control/*`. It stays up while `offline` closes the public
   * port, so another process can switch the network back on.
   */
  controlUrl: string;
  apiKey: string;
  control: ServerControl;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

function normalisePath(pathname: string): string {
  const p = pathname.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  return p === '' ? '/' : p;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function write(res: ServerResponse, reply: Reply, mutation: Mutation | undefined): void {
  if (res.destroyed || res.writableEnded) return;
  let body: string | Buffer;
  let contentType: string;
  if (reply.kind === 'json') {
    body = mutation ? mutateBody(reply.body, mutation) : JSON.stringify(reply.body);
    contentType = 'application/json; charset=utf-8';
  } else {
    body = reply.body;
    contentType = reply.contentType;
  }
  res.writeHead(reply.status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...reply.headers,
  });
  res.end(body);
}

function validateSwitches(partial: unknown): Partial<ServerSwitches> {
  if (!partial || typeof partial !== 'object' || Array.isArray(partial))
    throw new Error('switches must be an object');
  const p = partial as Record<string, unknown>;
  const known = Object.keys(defaultSwitches());
  for (const k of Object.keys(p)) if (!known.includes(k)) throw new Error(`unknown switch ${k}`);
  const oneOf = (k: string, vals: readonly unknown[]): void => {
    if (k in p && !vals.includes(p[k])) throw new Error(`${k} must be one of ${vals.join(', ')}`);
  };
  oneOf('finishShape', ['a', 'b', 'c']);
  oneOf('runningStatus', ['processing', 'in progress']);
  oneOf('thumbnailField', ['thumbnail_url', 'thumbnail']);
  oneOf('lengthAs', ['string', 'number']);
  oneOf('segmentLinkField', ['stream_url', 'stream_link']);
  oneOf('transcriptTimesAs', ['number', 'string']);
  oneOf('jobOutcome', ['done', 'fail', 'never']);
  oneOf('offline', [true, false]);
  oneOf('downloadAnswer', ['job', 'direct']);
  oneOf('uploadTarget', ['resumable', 'plain']);
  oneOf('uploadAnswer', ['job', 'direct']);
  oneOf('usageAnswer', ['credits', 'missing']);
  for (const k of [
    'downloadBytesPerSecond',
    'downloadCutAfterBytes',
    'streamLinkTtlMs',
    'uploadCutAfterBytes',
    'uploadBytesPerSecond',
  ]) {
    if (k in p && p[k] !== null && !(Number.isInteger(p[k]) && (p[k] as number) > 0))
      throw new Error(`${k} must be null or a whole number > 0`);
  }
  if ('exhaustedTiers' in p) {
    const v = p['exhaustedTiers'];
    if (!Array.isArray(v) || v.some((t) => !(CLIP_MODEL_NAMES as readonly unknown[]).includes(t)))
      throw new Error(`exhaustedTiers must be a list of ${CLIP_MODEL_NAMES.join(', ')}`);
  }
  if ('tierBudgetStatus' in p) {
    const v = p['tierBudgetStatus'];
    if (v !== 200 && !(Number.isInteger(v) && (v as number) >= 400 && (v as number) < 500))
      throw new Error('tierBudgetStatus must be 200 or a 4xx status');
  }
  if ('outputUrlBase' in p && p['outputUrlBase'] !== null) {
    const v = p['outputUrlBase'];
    if (typeof v !== 'string' || !/^https?:\/\/[^/]+$/.test(v))
      throw new Error('outputUrlBase must be null or an origin such as https://host:port');
  }
  if ('progressShape' in p && !PROGRESS_SHAPES.includes(p['progressShape'] as ProgressShape))
    throw new Error(`progressShape must be one of ${PROGRESS_SHAPES.join(', ')}`);
  if (
    'progressJitter' in p &&
    (typeof p['progressJitter'] !== 'number' ||
      !(p['progressJitter'] >= 0 && p['progressJitter'] <= 0.5))
  )
    throw new Error('progressJitter must be a number in [0, 0.5]');
  if ('progressSeed' in p && !Number.isInteger(p['progressSeed']))
    throw new Error('progressSeed must be an integer');
  for (const k of ['jobDurationMs', 'latencyMs']) {
    if (k in p && (typeof p[k] !== 'number' || !Number.isFinite(p[k]) || (p[k] as number) < 0))
      throw new Error(`${k} must be a number >= 0`);
  }
  if ('faults' in p) {
    if (!Array.isArray(p['faults'])) throw new Error('faults must be an array');
    armFaults(p['faults'] as ServerSwitches['faults']); // throws on a bad regex
  }
  return p as Partial<ServerSwitches>;
}

/**
 * Starts the local VideoDB-compatible server (see ../shared/videodb-api.md beside the checkout): seeded library,
 * jobs on a controllable clock, every documented response variant and fault behind a switch.
 */
export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  const apiKey = opts.apiKey ?? DEMO_API_KEY;
  const host = opts.host ?? '127.0.0.1';
  const baseDuration = opts.jobDurationMs ?? DEFAULT_JOB_DURATION_MS;
  const seed = opts.seed ?? true;
  const token = randomBytes(16).toString('hex');
  const media = opts.media === false ? null : (opts.media ?? defaultDemoMedia());

  let switches = defaultSwitches(baseDuration);
  let armed: ArmedFault[] = [];
  let log: RequestLogEntry[] = [];
  let library = new Library(seed);
  const uploads = new UploadTargets();
  let seq = 0;
  const sockets = new Set<Socket>();
  const controlSockets = new Set<Socket>();

  const jobs = new JobStore((url, envelope) => {
    // Fire and forget: a callback receiver that is down must not disturb the server.
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(envelope),
      signal: AbortSignal.timeout(5000),
    }).catch(() => undefined);
  });

  // `offline` models a real network cut: the public port stops listening, so new connections are
  // refused before any request bytes leave the client (as with no network), and open sockets are
  // destroyed. A reset *after* a request was sent is a different fault (`reset`).
  let networkChange: Promise<void> = Promise.resolve();
  let publicListening = true;
  let publicPort = 0;
  const cutNetwork = (): void => {
    for (const s of sockets) if (!controlSockets.has(s)) s.destroy();
  };
  const setNetwork = (online: boolean): void => {
    networkChange = networkChange.then(
      () =>
        new Promise<void>((resolve) => {
          if (online === publicListening) return resolve();
          publicListening = online;
          if (!online) {
            server.close(() => resolve());
            cutNetwork();
          } else {
            server.listen(publicPort, host, () => resolve());
          }
        }),
    );
  };

  const control: ServerControl = {
    token,
    set(partial) {
      const p = validateSwitches(partial);
      switches = { ...switches, ...p };
      if (p.faults) armed = armFaults(p.faults);
      if (p.offline !== undefined) setNetwork(!p.offline);
      return structuredClone(switches);
    },
    switches: () => structuredClone(switches),
    reset(o) {
      if (switches.offline) setNetwork(true);
      switches = defaultSwitches(baseDuration);
      armed = [];
      log = [];
      if (o?.state) {
        jobs.clear();
        library = new Library(seed);
        uploads.clear();
      }
    },
    requests: () => structuredClone(log),
    requestCount: () => log.length,
    advanceTime: (ms) => jobs.advance(ms),
    now: () => jobs.now(),
    jobs: () => jobs.list(),
    jobCount: () => jobs.size,
    uploadTargets: () =>
      uploads.list().map((t) => ({
        name: t.name,
        received: t.received,
        complete: t.complete,
        requests: t.requests,
        bytes: Buffer.concat(t.chunks),
      })),
    settled: () => networkChange,
  };

  let serverUrl = '';

  const baseFor = (req: IncomingMessage): string => {
    const h = req.headers.host;
    return h && /^[\w.\-[\]:]+$/.test(h) ? `http://${h}` : serverUrl;
  };

  async function handleControl(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<void> {
    if (req.headers['x-control-token'] !== token)
      return write(res, fail(403, 'Bad control token'), undefined);
    let body: unknown;
    try {
      const text = await readBody(req);
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return write(res, fail(400, 'Invalid JSON body'), undefined);
    }
    try {
      const route = `${req.method ?? 'GET'} ${path}`;
      switch (route) {
        case 'POST /_control/set': {
          const data = control.set(body as Partial<ServerSwitches>);
          await control.settled();
          return write(res, json(200, { success: true, data }), undefined);
        }
        case 'GET /_control/switches':
          return write(res, json(200, { success: true, data: control.switches() }), undefined);
        case 'POST /_control/reset': {
          const state = !!(
            body &&
            typeof body === 'object' &&
            (body as Record<string, unknown>)['state'] === true
          );
          control.reset({ state });
          await control.settled();
          return write(res, json(200, { success: true, data: control.switches() }), undefined);
        }
        case 'GET /_control/requests':
          return write(
            res,
            json(200, { success: true, data: { requests: control.requests() } }),
            undefined,
          );
        case 'POST /_control/advance': {
          const ms = Number((body as Record<string, unknown> | undefined)?.['ms']);
          control.advanceTime(ms);
          return write(res, json(200, { success: true, data: { now: control.now() } }), undefined);
        }
        case 'GET /_control/jobs':
          return write(
            res,
            json(200, { success: true, data: { jobs: control.jobs() } }),
            undefined,
          );
        default:
          return write(res, fail(404, `Unknown control route ${route}`), undefined);
      }
    } catch (err) {
      return write(res, fail(400, err instanceof Error ? err.message : String(err)), undefined);
    }
  }

  async function handleMedia(method: string, path: string, query: URLSearchParams): Promise<Reply> {
    if (method !== 'GET' && method !== 'HEAD') return fail(405, 'Method not allowed');
    if (path === '/player') return playerPage();
    // The editor export job's bundle (`POST /editor/export`): a small OpenTimelineIO document.
    const bundle = /^\/media\/editor-bundle\/(tl-[0-9a-f-]+)\.otio$/.exec(path);
    if (bundle) {
      return json(200, { OTIO_SCHEMA: 'Timeline.1', name: `VideoDB export ${bundle[1] ?? ''}` });
    }
    if (path === '/player/hls.min.js') return hlsJs() ?? fail(404, 'hls.js is not installed');
    const thumb = /^\/thumbnails\/([^/]+)\.svg$/.exec(path);
    if (thumb) {
      const v = library.video(decodeURIComponent(thumb[1] ?? ''));
      return v ? thumbnailSvg(v) : fail(404, 'No such thumbnail');
    }
    const found = await serveMedia(path, query, {
      video: (id) => library.video(id),
      media,
      now: () => jobs.now(),
    });
    return found ?? fail(404, `Not found: ${path}`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://local');
    const path = normalisePath(url.pathname);
    if (path === '/_control' || path.startsWith('/_control/')) {
      controlSockets.add(req.socket);
      try {
        await handleControl(req, res, path);
      } finally {
        controlSockets.delete(req.socket);
      }
      return;
    }
    if (switches.offline) {
      req.socket.destroy();
      return;
    }
    const entry: RequestLogEntry = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      at: jobs.now(),
    };
    if (req.headers.range !== undefined) entry.range = req.headers.range;
    log.push(entry);
    // When the answer is over: tests read how many requests were in flight at once.
    res.on('close', () => {
      entry.endedAt = jobs.now();
    });
    const uploadTarget = UPLOAD_TARGET_PATH.exec(path);
    if (uploadTarget) {
      // A presigned target (no key): bodies are files, streamed by hand so a cut can be staged.
      const contentRange = req.headers['content-range'];
      if (contentRange !== undefined) entry.range = contentRange;
      entry.status = await serveUploadTarget(
        req,
        res,
        uploads.get(uploadTarget[1] ?? ''),
        () => switches,
      );
      return;
    }
    let text: string;
    try {
      text = await readBody(req);
    } catch {
      entry.status = 413;
      return write(res, fail(413, 'Request body too large'), undefined);
    }
    let body: unknown;
    let badJson = false;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
        badJson = true;
      }
      entry.body = body;
    }
    const isMedia = /^\/(media|thumbnails|player)(\/|$)/.test(path);
    if (!isMedia && switches.latencyMs > 0) await sleep(switches.latencyMs);

    let mutation: Mutation | undefined;
    let resetAfter = false;
    // An answering fault with `afterHandler`: the real handler runs, then this answer replaces it.
    let replyAfter: Reply | null = null;
    const answer = (reply: Reply): void => {
      if (switches.offline) {
        req.socket.destroy();
        return;
      }
      entry.status = reply.status;
      write(res, reply, mutation);
    };
    for (const a of armed) {
      if (!faultMatches(a, method, path)) continue;
      a.left -= 1;
      const f = a.fault;
      if (f.kind === 'slow') {
        await sleep(f.delayMs ?? 5000);
      } else if (f.kind === 'mutate') {
        mutation = f.mutation ?? 'wrong-types';
      } else if (f.kind === 'reset') {
        if (!f.afterHandler) {
          req.socket.destroy();
          return;
        }
        resetAfter = true;
      } else {
        const reply = faultReply(f);
        if (reply === null) continue;
        if (!f.afterHandler) return answer(reply);
        replyAfter = reply;
        break;
      }
    }

    if (isMedia && DOWNLOAD_PATH.test(path) && (method === 'GET' || method === 'HEAD')) {
      // Streamed by hand: Range, throttle and a cut mid-body need more than one buffered write.
      await serveDownload(
        req,
        res,
        url.searchParams,
        jobs.now(),
        () => switches,
        (status) => {
          entry.status = status;
        },
      );
      return;
    }
    let reply: Reply;
    if (isMedia) {
      reply = await handleMedia(method, path, url.searchParams);
    } else if (req.headers['x-access-token'] !== apiKey) {
      reply = fail(401, 'Invalid API key');
    } else if (badJson) {
      reply = fail(400, 'Invalid JSON body');
    } else {
      reply = handleApi({
        method,
        path,
        query: url.searchParams,
        body,
        base: baseFor(req),
        library,
        jobs,
        switches: () => switches,
        nextSeq: () => ++seq,
        uploads,
      });
    }
    if (resetAfter) {
      // The work is done (job created, index started…) but the client never hears about it.
      req.socket.destroy();
      return;
    }
    // The work is done, but a gateway's error (or another fault's answer) reaches the client.
    answer(replyAfter ?? reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed)
        write(res, fail(500, `Local server error: ${String(err)}`), undefined);
    });
  });
  // Control only, on its own port, so it survives `offline`.
  const controlServer = createServer((req, res) => {
    const path = normalisePath(new URL(req.url ?? '/', 'http://local').pathname);
    if (path !== '/_control' && !path.startsWith('/_control/')) {
      return write(res, fail(404, 'This port serves /_control only'), undefined);
    }
    handleControl(req, res, path).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed)
        write(res, fail(500, `Local server error: ${String(err)}`), undefined);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  publicPort = addr.port;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  serverUrl = `http://${shownHost}:${addr.port}`;
  await new Promise<void>((resolve) => controlServer.listen(0, host, () => resolve()));
  const controlPort = (controlServer.address() as AddressInfo).port;

  return {
    url: serverUrl,
    controlUrl: `http://${shownHost}:${controlPort}`,
    apiKey,
    control,
    close: async () => {
      jobs.close();
      await networkChange;
      const closing = (srv: typeof server): Promise<void> =>
        new Promise<void>((resolve) => {
          if (!srv.listening) return resolve();
          srv.close(() => resolve());
          srv.closeAllConnections();
        });
      cutNetwork();
      await Promise.all([closing(server), closing(controlServer)]);
    },
  };
}
