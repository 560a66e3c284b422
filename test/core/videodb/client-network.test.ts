/**
 * The client on networks people have: a system proxy (an HTTP CONNECT proxy written here with
 * node:http) and a TLS-inspecting firewall (an HTTPS server signed by a throw-away CA made with
 * openssl in a temp dir). The proxy answer is given in the PAC result syntax of Electron's
 * `session.resolveProxy(url)` (Electron docs, session: "ses.resolveProxy(url)" returns
 * `Promise<string>` such as "DIRECT" or "PROXY host:port; DIRECT"); the requests go through
 * undici's ProxyAgent (undici docs, ProxyAgent: CONNECT for https, absolute-form for http).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../app/core/log';
import {
  createVideoDbClient,
  VideoDbError,
  type VideoDbClient,
  type VideoDbClientOptions,
} from '../../../app/core/videodb';
import { startServer, type RunningServer } from '../../server';
import { LEAK_KEY, rejection } from './helpers';

const logLines: string[] = [];
const logger = createLogger({ sink: (l) => logLines.push(l), level: 'debug' });
const clients: VideoDbClient[] = [];

function makeClient(baseUrl: string, extra: Partial<VideoDbClientOptions> = {}): VideoDbClient {
  const c = createVideoDbClient({
    baseUrl,
    getApiKey: () => LEAK_KEY,
    retry: { maxRetries: 1, minDelayMs: 5, maxDelayMs: 20 },
    timeouts: { connectMs: 2000, headersMs: 2000, bodyMs: 2000 },
    logger,
    ...extra,
  });
  clients.push(c);
  return c;
}

async function fails(p: Promise<unknown>): Promise<VideoDbError> {
  const err = await rejection(p);
  expect(err).toBeInstanceOf(VideoDbError);
  expect(String((err as Error).message)).not.toContain(LEAK_KEY);
  return err as VideoDbError;
}

/** A forwarding proxy: CONNECT tunnels and absolute-form requests, each one recorded. */
interface TestProxy {
  port: number;
  seen: string[];
  /** When set, every CONNECT is answered with this status instead of a tunnel. */
  refuseWith: number | null;
  close(): Promise<void>;
}

async function startProxy(): Promise<TestProxy> {
  const sockets = new Set<Socket>();
  const proxy: TestProxy = {
    port: 0,
    seen: [],
    refuseWith: null,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
  const server: Server = createServer((req, res) => {
    proxy.seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    proxy.seen.push(`CONNECT ${req.url}`);
    if (proxy.refuseWith !== null) {
      client.end(`HTTP/1.1 ${proxy.refuseWith} No\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [host = '', port = ''] = (req.url ?? '').split(':');
    const upstream = netConnect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.port = (server.address() as AddressInfo).port;
  return proxy;
}

/** A throw-away CA and a certificate for 127.0.0.1 signed by it, made with openssl. */
function makeCa(dir: string): { ca: string; key: string; cert: string } {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=Throw-away test inspection CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  ]);
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
  ]);
  run([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    'san.ext',
    '-out',
    'server.pem',
  ]);
  return {
    ca: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
  };
}

let api: RunningServer;
let proxy: TestProxy;
let tlsApi: HttpsServer;
let tlsUrl: string;
let ca: string;
let dir: string;

beforeAll(async () => {
  api = await startServer({ apiKey: LEAK_KEY });
  proxy = await startProxy();
  dir = mkdtempSync(join(tmpdir(), 'videodb-clips-tls-'));
  execFileSync('sh', ['-c', 'printf "subjectAltName=IP:127.0.0.1\\n" > san.ext'], { cwd: dir });
  const pems = makeCa(dir);
  ca = pems.ca;
  // The API as a TLS-inspecting firewall shows it: same answers, certificate from the unknown CA.
  tlsApi = createHttpsServer({ key: pems.key, cert: pems.cert }, (req, res) => {
    const ok = req.headers['x-access-token'] === LEAK_KEY;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        ok
          ? { success: true, data: { collections: [{ id: 'c-inspected', name: 'Inspected' }] } }
          : { success: false, message: 'Invalid API key' },
      ),
    );
  });
  await new Promise<void>((r) => tlsApi.listen(0, '127.0.0.1', r));
  tlsUrl = `https://127.0.0.1:${(tlsApi.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await proxy.close();
  await new Promise<void>((r) => tlsApi.close(() => r()));
  await api.close();
  rmSync(dir, { recursive: true, force: true });
  expect(logLines.join('\n')).not.toContain(LEAK_KEY);
});

/** Node's own roots plus the throw-away CA: the OS store after IT installed the firewall's root. */
const storeWithCa = () => [...getCACertificates('bundled'), ca];
const storeWithoutCa = () => [...getCACertificates('bundled')];

describe('system proxy', () => {
  it('sends an http API through the proxy the system names (absolute-form request)', async () => {
    proxy.seen = [];
    const asked: string[] = [];
    const client = makeClient(api.url, {
      resolveProxy: async (origin) => {
        asked.push(origin);
        return `PROXY 127.0.0.1:${proxy.port}; DIRECT`;
      },
    });
    const { collections } = await client.listCollections();
    expect(collections.length).toBeGreaterThan(0);
    expect(asked).toEqual([new URL(api.url).origin]);
    expect(proxy.seen.some((l) => l.startsWith(`GET ${new URL(api.url).origin}/`))).toBe(true);
  });

  it('tunnels an https API through the proxy with CONNECT, trusting the store it reads', async () => {
    proxy.seen = [];
    const client = makeClient(tlsUrl, {
      resolveProxy: async () => `PROXY 127.0.0.1:${proxy.port}`,
      trustedCertificates: storeWithCa,
    });
    const { collections } = await client.listCollections();
    expect(collections.map((c) => c.id)).toEqual(['c-inspected']);
    expect(proxy.seen).toContain(`CONNECT ${new URL(tlsUrl).host}`);
    expect(await client.probe()).toBe(true);
  });

  it('a proxy that is down is offline (nothing was sent), not a bad answer', async () => {
    const dead = await startProxy();
    const port = dead.port;
    await dead.close();
    const reports: boolean[] = [];
    const client = makeClient(tlsUrl, {
      resolveProxy: async () => `PROXY 127.0.0.1:${port}`,
      trustedCertificates: storeWithCa,
      onNetworkResult: (ok) => reports.push(ok),
    });
    const err = await fails(client.listCollections());
    expect(err.code).toBe('offline');
    expect(err.ambiguous).toBe(false);
    expect(reports).toContain(false);
    const clipErr = await fails(
      client.clip('m-1', { prompt: 'pricing', contentType: 'spoken', modelName: 'basic' }),
    );
    expect(clipErr.code).toBe('offline');
    expect(clipErr.ambiguous).toBe(false);
    expect(await client.probe()).toBe(false);
  });

  it('a proxy that refuses the tunnel (407) is offline, in plain words', async () => {
    proxy.refuseWith = 407;
    try {
      const client = makeClient(tlsUrl, {
        resolveProxy: async () => `PROXY 127.0.0.1:${proxy.port}`,
        trustedCertificates: storeWithCa,
      });
      const err = await fails(client.listCollections());
      expect(err.code).toBe('offline');
      expect(err.message).toMatch(/proxy asks for a sign-in/);
    } finally {
      proxy.refuseWith = null;
    }
  });

  it('passes over SOCKS (logged) to the next entry, and goes direct when none is usable', async () => {
    proxy.seen = [];
    logLines.length = 0;
    const viaProxy = makeClient(api.url, {
      resolveProxy: async () => `SOCKS5 127.0.0.1:1; PROXY 127.0.0.1:${proxy.port}`,
    });
    await viaProxy.listCollections();
    expect(proxy.seen.length).toBeGreaterThan(0);
    proxy.seen = [];
    const direct = makeClient(api.url, { resolveProxy: async () => 'SOCKS 127.0.0.1:1' });
    await direct.listCollections();
    expect(proxy.seen).toEqual([]);
    expect(logLines.join('\n')).toMatch(/proxy entry not supported/);
    expect(logLines.join('\n')).toMatch(/SOCKS 127\.0\.0\.1:1/);
  });

  it('follows a changed proxy answer on the next probe (network change, resume)', async () => {
    proxy.seen = [];
    let answer = 'DIRECT';
    const client = makeClient(api.url, { resolveProxy: async () => answer });
    await client.listCollections();
    expect(proxy.seen).toEqual([]);
    answer = `PROXY 127.0.0.1:${proxy.port}`;
    expect(await client.probe()).toBe(true);
    await client.listCollections();
    expect(proxy.seen.filter((l) => l.startsWith('GET ')).length).toBeGreaterThanOrEqual(2);
  });

  it('a system that cannot say which proxy to use means direct', async () => {
    const client = makeClient(api.url, {
      resolveProxy: async () => {
        throw new Error('PAC script failed');
      },
    });
    await expect(client.listCollections()).resolves.toBeTruthy();
  });
});

describe('certificate store', () => {
  it('trusts a server signed by a CA that is in the store the app reads', async () => {
    const client = makeClient(tlsUrl, { trustedCertificates: storeWithCa });
    const { collections } = await client.listCollections();
    expect(collections.map((c) => c.id)).toEqual(['c-inspected']);
  });

  it('without that CA: a plain "certificate not trusted", not offline, and the probe is online', async () => {
    const reports: boolean[] = [];
    const client = makeClient(tlsUrl, {
      trustedCertificates: storeWithoutCa,
      onNetworkResult: (ok) => reports.push(ok),
    });
    const err = await fails(client.listCollections());
    expect(err.code).toBe('certificate');
    expect(err.message).toMatch(/not trusted by this computer/);
    expect(err.transient).toBe(false);
    expect(reports).not.toContain(false);
    const clipErr = await fails(
      client.clip('m-1', { prompt: 'pricing', contentType: 'spoken', modelName: 'basic' }),
    );
    expect(clipErr.code).toBe('certificate');
    expect(clipErr.ambiguous).toBe(false);
    // The host answered; the network is up, so the app does not call itself offline.
    expect(await client.probe()).toBe(true);
  });

  it('by default reads the OS store as well as Node bundled roots', async () => {
    // Without the CA anywhere on this machine, the default store does not trust the server.
    const client = makeClient(tlsUrl);
    expect((await fails(client.listCollections())).code).toBe('certificate');
  });
});
