/**
 * The browser preview: the real core and contract behind a loopback HTTP server that serves the
 * built renderer, plus the WebSocket transport the injected page script talks to. Used in
 * development, by the end-to-end tests and by the offline demo where Electron is missing.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  accountFor,
  createCore,
  createMemorySecretStore,
  envProxyResolver,
  toAppError,
  type Core,
  type CoreTuning,
  type Logger,
  type SecretStore,
} from '../core';
import type { DemoNetworkControl } from '../shared/demo-network';
import { DEFAULT_API_BASE_URL } from '../shared/domain';
import { MEDIA_RELAY_PREFIX } from '../shared/media-path';
import { loadClientScript } from './client-bundle';
import { CLIENT_SCRIPT_PATH, TOKEN_PARAM } from './client/wire';
import { previewHandlers } from './preview-handlers';
import { stageFile } from './staged-files';
import { STAGE_FILE_PATH } from '../shared/files-bridge';
import { previewHeaders, readStatic } from './static-files';
import { createWsTransport } from './ws-transport';

/** Options of {@link startPreview}. */
export interface PreviewOptions {
  /** Folder for the SQLite file. */
  dataDir: string;
  /** Default API base URL of the core (the local server in tests and the demo). */
  apiBaseUrl?: string;
  /** Stored in the secret store for `apiBaseUrl` before the core starts (demo, tests). */
  apiKey?: string;
  /** Default: a memory-only store for this run (`session`). */
  secretStore?: SecretStore;
  /** 0 or absent: a free port. */
  port?: number;
  /** Built renderer; default `out/renderer` of the working directory. */
  rendererDir?: string;
  /** Prebuilt page script; default `out/preview/client.js` if present, else bundled at start. */
  clientScript?: string;
  tuning?: Partial<CoreTuning>;
  logger?: Logger;
  appVersion?: string;
  /** The demo's network switch (`npm run demo`); absent elsewhere. */
  demoNetwork?: DemoNetworkControl;
}

/** A running preview. */
export interface RunningPreview {
  /** Page URL including the token. */
  url: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  token: string;
  core: Core;
  /** Last text the core put on the (recorded) clipboard, or null. */
  clipboardText(): string | null;
  close(): Promise<void>;
}

/** Start the preview. */
export async function startPreview(opts: PreviewOptions): Promise<RunningPreview> {
  const rendererDir = resolve(opts.rendererDir ?? 'out/renderer');
  const apiBaseUrl = (opts.apiBaseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, '');
  const secretStore = opts.secretStore ?? createMemorySecretStore('session');
  if (opts.apiKey !== undefined) await secretStore.set(accountFor(apiBaseUrl), opts.apiKey);
  await mkdir(opts.dataDir, { recursive: true });
  const clientScript = await loadClientScript(
    opts.clientScript ?? resolve('out/preview/client.js'),
  );

  let copied: string | null = null;
  const core = await createCore({
    dataDir: opts.dataDir,
    secretStore,
    clipboard: { writeText: (text) => void (copied = text) },
    defaultApiBaseUrl: apiBaseUrl,
    appVersion: opts.appVersion ?? '0.0.0-preview',
    // A browser has no session to ask: the proxy comes from HTTPS_PROXY/HTTP_PROXY/NO_PROXY.
    network: { resolveProxy: envProxyResolver() },
    ...(opts.tuning !== undefined ? { tuning: opts.tuning } : {}),
    ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
  });

  const token = randomBytes(24).toString('base64url');
  // Known once listening; the handlers below read it lazily.
  let origin = '';
  const handlers = previewHandlers(core, {
    dataDir: opts.dataDir,
    demoNetwork: opts.demoNetwork ?? null,
  });

  const server = createServer((req, res) => {
    void serve(req, res).catch((err: unknown) => {
      opts.logger?.error('Preview request failed', { error: String(err) });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const text = (status: number, body: string): void => {
      res.writeHead(status, previewHeaders(origin, 'text/plain; charset=utf-8'));
      res.end(body);
    };
    // A page on another name for this address (DNS rebinding) must not reach the app.
    if (req.headers.host !== new URL(origin).host) return text(421, 'Misdirected request');
    const raw = req.url ?? '/';
    const pathname = raw.split(/[?#]/)[0] ?? '/';
    if (pathname === STAGE_FILE_PATH && req.method === 'PUT') {
      return stageFile(req, res, {
        dataDir: opts.dataDir,
        token,
        headers: (type) => previewHeaders(origin, type),
      });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'Method not allowed');
    if (pathname.startsWith(MEDIA_RELAY_PREFIX)) return relayMedia(req, res, raw);
    if (pathname === CLIENT_SCRIPT_PATH) {
      res.writeHead(200, previewHeaders(origin, 'text/javascript; charset=utf-8'));
      res.end(req.method === 'HEAD' ? undefined : clientScript);
      return;
    }
    const answer = await readStatic(rendererDir, pathname);
    if (answer.status !== 200)
      return text(answer.status, answer.status === 403 ? 'Forbidden' : 'Not found');
    res.writeHead(200, previewHeaders(origin, answer.contentType));
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  };

  /** The page's stream requests, through the core's relay (hosts VideoDB named only). */
  const relayMedia = async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    // Only this page: another site open in the same browser gets nothing from here.
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      res.writeHead(403, previewHeaders(origin, 'text/plain; charset=utf-8'));
      res.end('Forbidden');
      return;
    }
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const headers = new Headers();
    for (const name of ['range', 'if-range']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    const answer = await core.relayMedia(
      new Request(`${origin}${raw}`, {
        method: req.method ?? 'GET',
        headers,
        signal: abort.signal,
      }),
    );
    const out = previewHeaders(
      origin,
      answer.headers.get('content-type') ?? 'application/octet-stream',
    );
    answer.headers.forEach((value, name) => {
      if (name !== 'content-type') out[name] = value;
    });
    res.writeHead(answer.status, out);
    if (answer.body === null) {
      res.end();
      return;
    }
    await pipeline(Readable.fromWeb(answer.body as never), res).catch(() => undefined);
  };

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => done());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  const transport = createWsTransport({
    origin,
    token,
    handlers,
    toError: toAppError,
    ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
  });
  server.on('upgrade', (req, socket, head) => transport.handleUpgrade(req, socket, head));
  const unsubscribe = core.onAny((name, payload) => transport.broadcast(name, payload));
  await core.start();

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/?${TOKEN_PARAM}=${token}`,
    origin,
    token,
    core,
    clipboardText: () => copied,
    close: () =>
      (closing ??= (async () => {
        unsubscribe();
        await transport.close();
        server.closeAllConnections();
        await new Promise<void>((done) => server.close(() => done()));
        await core.close();
      })()),
  };
}
