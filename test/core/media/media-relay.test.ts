/**
 * The media relay (issue 9: CSP `connect-src` limited to the app's own origin). The page asks
 * `/media-relay/<scheme>/<host>/<path>`; the core fetches it only from hosts VideoDB's answers
 * named. Against the real local VideoDB server and the real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { MEDIA_RELAY_PREFIX } from '../../../app/shared/media-path';
import {
  MAX_MEDIA_ORIGINS,
  MEDIA_ORIGINS_KEY,
  MediaAllowlist,
  createMediaRelay,
  mediaRelayTarget,
  playlistLinks,
} from '../../../app/core/media';
import { DATABASE_FILE } from '../../../app/core';
import { mediaRelayPath, toRelayUrl } from '../../../renderer/lib/media-relay';
import { startServer, SAMPLE, type RunningServer } from '../../server';
import { makeCore, tempDataDir, type TestCore } from '../fixtures/harness';
import { join } from 'node:path';

const PAGE = 'app://app';
const relayRequest = (url: string, init: RequestInit = {}): Request => {
  const path = mediaRelayPath(url);
  if (path === null) throw new Error(`not relayable: ${url}`);
  return new Request(`http://page.invalid${path}`, init);
};

describe('relay paths (page side and core side)', () => {
  it('round-trip any http(s) stream URL, query included', () => {
    for (const url of [
      'https://stream.videodb.io/v3/published/manifests/abc.m3u8',
      'https://d1.cloudfront.net/a/b/seg-0001.ts?sig=x%2Fy&e=1',
      'http://127.0.0.1:43123/media/video/m-1/index.m3u8',
      'https://[::1]:8443/x.m3u8',
    ]) {
      const path = mediaRelayPath(url);
      expect(path?.startsWith(MEDIA_RELAY_PREFIX)).toBe(true);
      expect(mediaRelayTarget(path!)).toBe(new URL(url).href);
    }
  });

  it('refuse what is not a stream URL or a well-formed relay path', () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'https://u:p@h/x', 'nope'])
      expect(mediaRelayPath(url)).toBeNull();
    for (const path of [
      '/media-relay/ftp/host/x',
      '/media-relay/https/',
      '/media-relay/https/ho st/x',
      '/media-relay/https/user@host/x',
      '/media-relay/https/host:99999999/x',
      '/media-relay/https',
      '/index.html',
    ])
      expect(mediaRelayTarget(path)).toBeNull();
  });

  it('a playlist-relative link resolves to a relay path, so the page never leaves its origin', () => {
    const playlist = toRelayUrl('https://cdn.example/v/1/index.m3u8', PAGE);
    expect(playlist).toBe(`${PAGE}/media-relay/https/cdn.example/v/1/index.m3u8`);
    // What hls.js does with a relative line of that playlist:
    const child = new URL(
      'seg-1.ts',
      'http://page.invalid/media-relay/https/cdn.example/v/1/i.m3u8',
    );
    expect(mediaRelayTarget(child.pathname)).toBe('https://cdn.example/v/1/seg-1.ts');
    expect(toRelayUrl(`${PAGE}/media-relay/https/cdn.example/x.ts`, PAGE)).toBe(
      `${PAGE}/media-relay/https/cdn.example/x.ts`,
    );
    expect(toRelayUrl('https://other.example/abs.ts', PAGE)).toBe(
      `${PAGE}/media-relay/https/other.example/abs.ts`,
    );
  });

  it('playlistLinks reads media lines and URI attributes', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example/k1"',
      '#EXT-X-MAP:URI="init.mp4"',
      '#EXTINF:4,',
      'seg0.ts',
      '#EXTINF:4,',
      'https://cdn2.example/seg1.ts',
      '',
    ].join('\n');
    expect(playlistLinks(text, 'https://a.example/v/index.m3u8')).toEqual([
      'https://keys.example/k1',
      'https://a.example/v/init.mp4',
      'https://a.example/v/seg0.ts',
      'https://cdn2.example/seg1.ts',
    ]);
  });
});

/** A bare HTTP server standing in for a media host: a playlist naming a second host, and files. */
function mediaHost(body: (path: string) => { type: string; text: string } | null): Promise<{
  url: string;
  hits: string[];
  close(): Promise<void>;
}> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url} range=${req.headers.range ?? ''}`);
    const answer = body(req.url ?? '/');
    if (answer === null) {
      res.writeHead(404).end();
      return;
    }
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      res.writeHead(206, {
        'content-type': answer.type,
        'content-range': `bytes ${from}-${to}/${answer.text.length}`,
        'accept-ranges': 'bytes',
        'set-cookie': 'tracker=1',
      });
      res.end(answer.text.slice(from, to + 1));
      return;
    }
    res.writeHead(200, { 'content-type': answer.type, 'set-cookie': 'tracker=1' });
    res.end(answer.text);
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      done({ url, hits, close: () => new Promise((c) => server.close(() => c())) });
    }),
  );
}

describe('relay and allowlist (unit, two stand-in media hosts)', () => {
  it('fetches from named hosts only, learns the hosts a relayed playlist names, passes Range', async () => {
    const cdn = await mediaHost((p) =>
      p === '/seg1.ts' ? { type: 'video/mp2t', text: '0123456789' } : null,
    );
    const origin = await mediaHost((p) =>
      p === '/v/index.m3u8'
        ? {
            type: 'application/vnd.apple.mpegurl',
            text: `#EXTM3U\n#EXTINF:4,\nseg0.ts\n#EXTINF:4,\n${cdn.url}/seg1.ts\n`,
          }
        : p === '/v/seg0.ts'
          ? { type: 'video/mp2t', text: 'abcdef' }
          : null,
    );
    const settings = new Map<string, unknown>();
    const allowlist = new MediaAllowlist({
      settings: { get: (k) => settings.get(k), set: (k, v) => settings.set(k, v) },
      apiBaseUrl: () => 'https://api.videodb.io',
    });
    const relay = createMediaRelay({ allowlist, fetch: (u, i) => fetch(u, i) });
    try {
      // Never named: refused without a request going out.
      const refused = await relay(relayRequest(`${origin.url}/v/index.m3u8`));
      expect(refused.status).toBe(403);
      expect(await refused.text()).toMatch(/VideoDB never named this host/);
      expect(origin.hits).toEqual([]);
      // The CDN is not allowed before a relayed playlist names it.
      expect((await relay(relayRequest(`${cdn.url}/seg1.ts`))).status).toBe(403);

      allowlist.note(`${origin.url}/v/index.m3u8`);
      expect(settings.get(MEDIA_ORIGINS_KEY)).toEqual([origin.url]);
      const playlist = await relay(relayRequest(`${origin.url}/v/index.m3u8`));
      expect(playlist.status).toBe(200);
      expect(await playlist.text()).toContain('seg0.ts');
      expect(playlist.headers.get('set-cookie')).toBeNull();
      const seg0 = await relay(relayRequest(`${origin.url}/v/seg0.ts`));
      expect(await seg0.text()).toBe('abcdef');
      // Named by the playlist: allowed now, for this run only (not saved).
      const seg1 = await relay(
        relayRequest(`${cdn.url}/seg1.ts`, { headers: { range: 'bytes=2-4' } }),
      );
      expect(seg1.status).toBe(206);
      expect(seg1.headers.get('content-range')).toBe('bytes 2-4/10');
      expect(await seg1.text()).toBe('234');
      expect(settings.get(MEDIA_ORIGINS_KEY)).toEqual([origin.url]);
      // Nothing of the page's request but Range goes out.
      expect(cdn.hits).toEqual(['GET /seg1.ts range=bytes=2-4']);

      // Not GET/HEAD, not a relay path.
      expect(
        (await relay(relayRequest(`${origin.url}/v/seg0.ts`, { method: 'POST' }))).status,
      ).toBe(405);
      expect((await relay(new Request('http://page.invalid/media-relay/https/'))).status).toBe(400);
    } finally {
      await cdn.close();
      await origin.close();
    }
  });

  it('a host that cannot be reached is a 502 in words, and a broken settings store loses nothing', async () => {
    const allowlist = new MediaAllowlist({
      settings: {
        get: () => {
          throw new Error('database is locked');
        },
        set: () => {
          throw new Error('database is locked');
        },
      },
      apiBaseUrl: () => 'http://127.0.0.1:9',
    });
    allowlist.note('https://stream.example/x.m3u8');
    expect(allowlist.allows('https://stream.example/y.ts')).toBe(true);
    const relay = createMediaRelay({ allowlist, fetch: (u, i) => fetch(u, i) });
    const answer = await relay(relayRequest('http://127.0.0.1:9/x.m3u8'));
    expect(answer.status).toBe(502);
    expect(await answer.text()).toMatch(/could not be reached/);
  });

  it('reads an older history for its hosts once, when first needed, not at start', () => {
    const settings = new Map<string, unknown>();
    let reads = 0;
    const make = () =>
      new MediaAllowlist({
        settings: { get: (k) => settings.get(k), set: (k, v) => settings.set(k, v) },
        apiBaseUrl: () => 'https://api.example',
        seed: () => {
          reads += 1;
          return ['https://old-cdn.example/v/1.m3u8'];
        },
      });
    const allowlist = make();
    expect(reads).toBe(0);
    // The API's own origin needs no history.
    expect(allowlist.allows('https://api.example/x.m3u8')).toBe(true);
    expect(reads).toBe(0);
    expect(allowlist.allows('https://old-cdn.example/v/2.ts')).toBe(true);
    expect(allowlist.allows('https://never.example/x.ts')).toBe(false);
    expect(reads).toBe(1);
    expect(settings.get(MEDIA_ORIGINS_KEY)).toEqual(['https://old-cdn.example']);
    // Saved: the next start reads nothing.
    expect(make().allows('https://old-cdn.example/v/3.ts')).toBe(true);
    expect(reads).toBe(1);
    // A host learned before any miss still brings the history's hosts into what is saved.
    settings.clear();
    make().note('https://new-cdn.example/a.m3u8');
    expect(reads).toBe(2);
    expect(settings.get(MEDIA_ORIGINS_KEY)).toEqual([
      'https://old-cdn.example',
      'https://new-cdn.example',
    ]);
  });

  it('keeps at most MAX_MEDIA_ORIGINS, the oldest named going first', () => {
    const settings = new Map<string, unknown>();
    const allowlist = new MediaAllowlist({
      settings: { get: (k) => settings.get(k), set: (k, v) => settings.set(k, v) },
      apiBaseUrl: () => 'https://api.example',
    });
    for (let i = 0; i <= MAX_MEDIA_ORIGINS; i++) allowlist.note(`https://h${i}.example/x.m3u8`);
    expect(settings.get(MEDIA_ORIGINS_KEY)).toHaveLength(MAX_MEDIA_ORIGINS);
    expect(allowlist.allows('https://h0.example/x.m3u8')).toBe(false);
    expect(allowlist.allows(`https://h${MAX_MEDIA_ORIGINS}.example/x.m3u8`)).toBe(true);
  });
});

describe('the core relays streams of the real local server', () => {
  let a: RunningServer;
  let b: RunningServer;
  const dirs: string[] = [];
  const cores: TestCore[] = [];
  beforeAll(async () => {
    a = await startServer();
    b = await startServer();
  });
  afterAll(async () => {
    for (const c of cores) await c.close().catch(() => undefined);
    await a.close();
    await b.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const open = async (serverUrl: string, dataDir: string, apiKey: string) => {
    const t = await makeCore({ serverUrl, apiKey, dataDir });
    cores.push(t);
    return t;
  };

  it('plays a library video through the relay; keeps the hosts VideoDB named across an address change and a restart', async () => {
    const dataDir = tempDataDir('media-');
    dirs.push(dataDir);
    const t = await open(a.url, dataDir, a.apiKey);
    const { videos } = await t.core.handlers['library:list-videos']({
      collectionId: SAMPLE.defaultCollectionId,
      refresh: false,
      offset: 0,
      limit: 100,
    });
    const stream = videos.find((v) => v.id === SAMPLE.pricingTalkId)?.streamUrl;
    expect(stream).toMatch(/\.m3u8/);
    const playlist = await t.core.relayMedia(relayRequest(stream!));
    expect(playlist.status).toBe(200);
    const text = await playlist.text();
    expect(text).toMatch(/^#EXTM3U/);
    // A media file the playlist names, by the path hls.js would resolve it to.
    const first = text.split('\n').find((l) => l !== '' && !l.startsWith('#'))!;
    const segment = await t.core.relayMedia(
      new Request(new URL(first, `http://page.invalid${mediaRelayPath(stream!)!}`)),
    );
    expect(segment.status).toBe(200);
    expect((await segment.arrayBuffer()).byteLength).toBeGreaterThan(0);

    // Another address: A's streams stay playable (VideoDB named them), a host nobody named not.
    await t.core.handlers['settings:update']({ apiBaseUrl: b.url });
    expect((await t.core.relayMedia(relayRequest(stream!))).status).toBe(200);
    expect((await t.core.relayMedia(relayRequest('https://attacker.example/x.m3u8'))).status).toBe(
      403,
    );
    await t.close();

    // After a restart, before any API call: still known (kept in the settings table).
    const again = await open(b.url, dataDir, b.apiKey);
    expect((await again.core.relayMedia(relayRequest(stream!))).status).toBe(200);
    await again.close();
  });

  it('a history from before the relay: the hosts its clips came from are learned once, at the first start', async () => {
    const dataDir = tempDataDir('media-seed-');
    dirs.push(dataDir);
    const t = await open(a.url, dataDir, a.apiKey);
    await t.core.handlers['library:list-videos']({
      collectionId: SAMPLE.defaultCollectionId,
      refresh: false,
      offset: 0,
      limit: 5,
    });
    await t.close();
    // As an older version left it: the stream links are in the file, no learned hosts.
    const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
    db.prepare('DELETE FROM settings WHERE key = ?').run(MEDIA_ORIGINS_KEY);
    db.close();
    const again = await open(b.url, dataDir, b.apiKey);
    expect(
      (await again.core.relayMedia(relayRequest(`${a.url}/media/video/x/index.m3u8`))).status,
    ).not.toBe(403);
    await again.close();
  });
});
