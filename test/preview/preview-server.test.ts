import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import WebSocket from 'ws';
import { startServer, SAMPLE, type RunningServer } from '../server';
import { startPreview, type RunningPreview } from '../../app/preview';
import { makeFixtureRenderer, OUTSIDE_SECRET } from './fixture-renderer';
import { STAGE_FILE_PATH, STAGE_TOKEN_HEADER } from '../../app/shared/files-bridge';

let server: RunningServer;
let preview: RunningPreview;
let fixture: { root: string; parent: string };
let dataDir: string;

beforeAll(async () => {
  server = await startServer({ jobDurationMs: 200 });
  fixture = makeFixtureRenderer();
  dataDir = mkdtempSync(join(tmpdir(), 'clips-preview-data-'));
  preview = await startPreview({
    dataDir,
    apiBaseUrl: server.url,
    apiKey: server.apiKey,
    rendererDir: fixture.root,
    tuning: { firstPollMs: 50, pollMaxMs: 200, probeOnlineMs: 60_000 },
  });
});

afterAll(async () => {
  await preview?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(fixture.parent, { recursive: true, force: true });
});

/** A raw GET that sends the path exactly as written (fetch would normalise `..`). */
function rawGet(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const { port } = new URL(preview.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: Number(port), path, method: 'GET', headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

type Msg = { type: string; id?: number; result?: any; name?: string; payload?: any };

/** Open a socket and collect what it receives; resolves with helpers once open or closed. */
function openSocket(opts: { origin?: string; token?: string | null }) {
  const wsUrl = new URL('/__preview/ws', preview.origin.replace('http', 'ws'));
  if (opts.token !== null) wsUrl.searchParams.set('token', opts.token ?? preview.token);
  const ws = new WebSocket(wsUrl, { origin: opts.origin ?? preview.origin });
  const messages: Msg[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (raw) => {
    messages.push(JSON.parse(raw.toString()) as Msg);
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('error', () => undefined);
  const next = async (pred: (m: Msg) => boolean, timeoutMs = 10_000): Promise<Msg> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find(pred);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('timed out waiting for a message');
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 100);
      });
    }
  };
  let id = 0;
  const call = async (channel: string, input?: unknown): Promise<any> => {
    const myId = ++id;
    ws.send(JSON.stringify({ id: myId, channel, input }));
    return (await next((m) => m.type === 'reply' && m.id === myId)).result;
  };
  return { ws, messages, closed, next, call };
}

describe('preview HTTP server', () => {
  it('serves index.html with the page script before the app script, and a strict CSP', async () => {
    const res = await rawGet('/', { host: new URL(preview.origin).host });
    expect(res.status).toBe(200);
    const client = res.body.indexOf('/__preview/client.js');
    const app = res.body.indexOf('/assets/app.js');
    expect(client).toBeGreaterThan(0);
    expect(client).toBeLessThan(app);
    const csp = String(res.headers['content-security-policy']);
    expect(csp.startsWith("default-src 'none'")).toBe(true);
    expect(csp).toContain(`ws://127.0.0.1:${new URL(preview.origin).port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('serves the page script bundle', async () => {
    const res = await rawGet('/__preview/client.js', { host: new URL(preview.origin).host });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.body).toContain('__preview/ws');
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%252e%252e/secret.txt',
    '/assets/..\\..\\secret.txt',
    '/%00/../secret.txt',
  ])('refuses traversal %s', async (path) => {
    const res = await rawGet(path, { host: new URL(preview.origin).host });
    expect([403, 404]).toContain(res.status);
    expect(res.body).not.toContain(OUTSIDE_SECRET);
  });

  it('refuses another Host name (DNS rebinding)', async () => {
    const res = await rawGet('/', { host: `evil.example:${new URL(preview.origin).port}` });
    expect(res.status).toBe(421);
  });
});

describe('preview WebSocket', () => {
  it('answers calls with the real core and wraps validation errors', async () => {
    const s = openSocket({});
    await s.next((m) => m.type === 'hello');
    const status = await s.call('secrets:status', {});
    expect(status).toEqual({
      ok: true,
      value: { hasKey: true, storage: 'session', apiBaseUrl: server.url },
    });
    const bad = await s.call('jobs:get', { id: 42 });
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('validation');
    expect(bad.error.field).toBe('id');
    const unknown = await s.call('secrets:get-api-key', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    s.ws.close();
  });

  it('pushes events and records the clipboard', async () => {
    const s = openSocket({});
    await s.next((m) => m.type === 'hello');
    const submitted = await s.call('jobs:submit', {
      videoId: SAMPLE.pricingTalkId,
      collectionId: SAMPLE.defaultCollectionId,
      prompt: 'pricing tiers',
    });
    expect(submitted.ok).toBe(true);
    const id = submitted.value.job.id as string;
    const event = await s.next(
      (m) => m.type === 'event' && m.name === 'jobs:changed' && m.payload.id === id,
    );
    expect(event.payload.request.prompt).toBe('pricing tiers');
    await s.next(
      (m) =>
        m.type === 'event' &&
        m.name === 'jobs:changed' &&
        m.payload.id === id &&
        m.payload.status === 'done' &&
        m.payload.clipPlayerUrl !== null,
    );
    const copied = await s.call('clipboard:copy', { jobIds: [id], format: 'player-link' });
    expect(copied, JSON.stringify(copied)).toMatchObject({ ok: true, value: { count: 1 } });
    expect(preview.clipboardText()).toBe(copied.value.text);
    s.ws.close();
  });

  it('accepts the token as the first message', async () => {
    const s = openSocket({ token: null });
    s.ws.on('open', () => s.ws.send(JSON.stringify({ type: 'auth', token: preview.token })));
    await s.next((m) => m.type === 'hello');
    expect((await s.call('settings:get')).ok).toBe(true);
    s.ws.close();
  });

  it('closes a socket from another origin with policy violation', async () => {
    const s = openSocket({ origin: 'http://evil.example' });
    expect((await s.closed).code).toBe(1008);
    expect(s.messages).toEqual([]);
  });

  it('closes a socket with a wrong token, or a first message that is not the token', async () => {
    const wrong = openSocket({ token: 'x'.repeat(preview.token.length) });
    expect((await wrong.closed).code).toBe(1008);
    const none = openSocket({ token: null });
    none.ws.on('open', () => none.ws.send(JSON.stringify({ id: 1, channel: 'secrets:status' })));
    expect((await none.closed).code).toBe(1008);
    expect(none.messages.filter((m) => m.type === 'reply')).toEqual([]);
  });

  it('sends events only to authenticated sockets', async () => {
    const good = openSocket({});
    await good.next((m) => m.type === 'hello');
    const pending = openSocket({ token: null }); // never authenticates
    await new Promise((r) => pending.ws.on('open', r));
    await good.call('outbox:pause');
    await good.next((m) => m.type === 'event' && m.name === 'connectivity:changed');
    await good.call('outbox:resume');
    expect(pending.messages).toEqual([]);
    good.ws.close();
    pending.ws.close();
  });
});

describe('media relay route (issue 9)', () => {
  it('relays a stream of a host VideoDB named, refuses others and other sites', async () => {
    const listed = await preview.core.handlers['library:list-videos']({
      collectionId: SAMPLE.defaultCollectionId,
      refresh: false,
      offset: 0,
      limit: 10,
    });
    const stream = listed.videos.find((v) => v.streamUrl !== null)!.streamUrl!;
    const u = new URL(stream);
    const path = `/media-relay/http/${u.host}${u.pathname}`;
    const ok = await rawGet(path, { 'sec-fetch-site': 'same-origin' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatch(/^#EXTM3U/);
    expect(String(ok.headers['content-security-policy'])).toMatch(/^default-src 'none'/);
    // Another web page open in the same browser.
    expect((await rawGet(path, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // A host VideoDB never named.
    const other = await rawGet('/media-relay/https/attacker.example/x.m3u8');
    expect(other.status).toBe(403);
    expect(other.body).toMatch(/never named/);
  });
});

describe('staged files (a browser page has no file paths: "Add videos…" in the preview)', () => {
  const stage = (name: string, body: string, headers: Record<string, string>) =>
    fetch(`${preview.origin}${STAGE_FILE_PATH}?name=${encodeURIComponent(name)}`, {
      method: 'PUT',
      headers,
      body,
    });

  it('keeps a copy of what the page hands over and answers with its path', async () => {
    const res = await stage('Team offsite.mp4', 'frames', { [STAGE_TOKEN_HEADER]: preview.token });
    expect(res.status).toBe(200);
    const { path } = (await res.json()) as { path: string };
    expect(path.startsWith(join(dataDir, 'staged'))).toBe(true);
    expect(path.endsWith('Team offsite.mp4')).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('frames');
  });

  it('refuses a page without the token, and a name cannot leave its folder', async () => {
    expect((await stage('a.mp4', 'x', {})).status).toBe(403);
    expect((await stage('a.mp4', 'x', { [STAGE_TOKEN_HEADER]: 'wrong' })).status).toBe(403);
    const res = await stage('../../outside.mp4', 'x', { [STAGE_TOKEN_HEADER]: preview.token });
    const { path } = (await res.json()) as { path: string };
    expect(dirname(dirname(path))).toBe(join(dataDir, 'staged'));
    expect(path.endsWith('outside.mp4')).toBe(true);
  });
});
