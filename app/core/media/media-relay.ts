/**
 * The media relay: answers the page's `/media-relay/…` requests (see app/shared/media-path.ts) by
 * fetching the stream file from VideoDB's media host, if the allowlist knows that host. Range
 * requests pass through (seeking); a playlist's links are read on the way so the hosts it points
 * to can be fetched too. Main hands it requests of its `app://` protocol, the preview those of
 * its HTTP server.
 */
import { MEDIA_RELAY_PREFIX } from '../../shared/media-path';
import type { Logger } from '../types';
import { MediaAllowlist, mediaOriginOf, type MediaAllowlistDeps } from './media-allowlist';

/** What {@link createMediaRelay} needs. */
export interface MediaRelayDeps {
  allowlist: MediaAllowlist;
  /** The network fetch (Electron's `net.fetch` in main: system proxy and certificates). */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /**
   * A playlist answered 403, 404 or 410: VideoDB's links stop working after about a day, so the
   * clip it belongs to may need fresh ones (the job engine mints them and says so).
   */
  onDeadLink?: (url: string) => void;
  logger?: Logger;
}

/** Answers of a media host that mean the link itself is no good any more. */
const DEAD_LINK = new Set([403, 404, 410]);

/** Request headers passed on (seeking needs them); nothing else of the page's goes out. */
const PASSED_REQUEST = ['range', 'if-range'] as const;
/** Response headers passed back. */
const PASSED_RESPONSE = [
  'content-type',
  'content-length',
  'content-range',
  'accept-ranges',
  'etag',
  'last-modified',
] as const;
/** A playlist bigger than this is not a playlist. */
const MAX_PLAYLIST_BYTES = 4 * 1024 * 1024;
const NO_BODY = new Set([101, 204, 205, 304]);

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The URL a relay path (pathname and query, as the request carried them) stands for, or null when
 * it is not a well-formed relay path. The inverse of renderer/lib/media-relay.ts `mediaRelayPath`.
 */
export function mediaRelayTarget(pathAndQuery: string): string | null {
  if (!pathAndQuery.startsWith(MEDIA_RELAY_PREFIX)) return null;
  const rest = pathAndQuery.slice(MEDIA_RELAY_PREFIX.length);
  const m = /^(https?)\/([^/?#]+)(\/[^#]*)?$/.exec(rest);
  if (m === null) return null;
  const [, scheme, host, tail] = m;
  if (scheme === undefined || host === undefined || !HOST.test(host)) return null;
  try {
    const u = new URL(`${scheme}://${host}${tail ?? '/'}`);
    if (u.host !== host.toLowerCase() && u.host !== host) return null;
    return u.href;
  } catch {
    return null;
  }
}

/** Build the relay: one function from the page's request to the answer. */
export function createMediaRelay(d: MediaRelayDeps): (request: Request) => Promise<Response> {
  const plain = (status: number, text: string): Response =>
    new Response(text, {
      status,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
    });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return plain(405, 'Method not allowed');
    let target: string | null;
    try {
      const u = new URL(request.url);
      target = mediaRelayTarget(`${u.pathname}${u.search}`);
    } catch {
      target = null;
    }
    if (target === null) return plain(400, 'Not a media address.');
    if (!d.allowlist.allows(target)) {
      d.logger?.warn('media relay refused a host VideoDB never named', {
        origin: mediaOriginOf(target),
      });
      return plain(403, 'VideoDB never named this host, so the app does not fetch from it.');
    }
    const headers: Record<string, string> = {};
    for (const name of PASSED_REQUEST) {
      const value = request.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    let upstream: Response;
    try {
      upstream = await d.fetch(target, {
        method: request.method,
        headers,
        redirect: 'follow',
        signal: request.signal,
      });
    } catch (err) {
      d.logger?.warn('media relay could not reach the media host', {
        origin: mediaOriginOf(target),
        error: String(err),
      });
      return plain(502, 'The video host could not be reached.');
    }
    const out = new Headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
    for (const name of PASSED_RESPONSE) {
      const value = upstream.headers.get(name);
      if (value !== null) out.set(name, value);
    }
    if (DEAD_LINK.has(upstream.status) && isPlaylist(target, null)) d.onDeadLink?.(target);
    if (NO_BODY.has(upstream.status) || request.method === 'HEAD') {
      await upstream.body?.cancel().catch(() => undefined);
      return new Response(null, { status: upstream.status, headers: out });
    }
    if (upstream.ok && isPlaylist(target, upstream.headers.get('content-type'))) {
      const size = Number(upstream.headers.get('content-length') ?? '0');
      if (size > MAX_PLAYLIST_BYTES) {
        await upstream.body?.cancel().catch(() => undefined);
        return plain(502, 'The video host sent a playlist too big to be one.');
      }
      const text = await upstream.text();
      if (text.length > MAX_PLAYLIST_BYTES)
        return plain(502, 'The video host sent a playlist too big to be one.');
      const base = upstream.url !== '' ? upstream.url : target;
      for (const link of playlistLinks(text, base)) d.allowlist.noteForThisRun(link);
      out.delete('content-length');
      return new Response(text, { status: upstream.status, headers: out });
    }
    return new Response(upstream.body, { status: upstream.status, headers: out });
  };
}

function isPlaylist(url: string, contentType: string | null): boolean {
  if (contentType !== null && /mpegurl/i.test(contentType)) return true;
  try {
    return new URL(url).pathname.toLowerCase().endsWith('.m3u8');
  } catch {
    return false;
  }
}

/** The absolute URLs an HLS playlist links to (media lines and `URI="…"` attributes). */
export function playlistLinks(text: string, base: string): string[] {
  const links: string[] = [];
  const add = (ref: string): void => {
    try {
      links.push(new URL(ref, base).href);
    } catch {
      // not a link
    }
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith('#')) {
      add(line);
      continue;
    }
    for (const m of line.matchAll(/URI="([^"]*)"/g)) if (m[1] !== undefined) add(m[1]);
  }
  return links;
}

/** The media room as the core builds it: the allowlist (kept in settings) and the relay. */
export function createMediaRoom(d: {
  store: {
    settings: MediaAllowlistDeps['settings'];
    recentMediaUrls(limit: number): string[];
  };
  apiBaseUrl: () => string;
  fetch?: MediaRelayDeps['fetch'] | undefined;
  onDeadLink?: MediaRelayDeps['onDeadLink'];
  logger?: Logger;
}): { allowlist: MediaAllowlist; relay: (request: Request) => Promise<Response> } {
  const allowlist = new MediaAllowlist({
    settings: d.store.settings,
    apiBaseUrl: d.apiBaseUrl,
    // An older history: where its stream links came from, read once.
    seed: () => d.store.recentMediaUrls(200),
    ...(d.logger ? { logger: d.logger } : {}),
  });
  const relay = createMediaRelay({
    allowlist,
    fetch: d.fetch ?? ((url, init) => fetch(url, init)),
    ...(d.onDeadLink ? { onDeadLink: d.onDeadLink } : {}),
    ...(d.logger ? { logger: d.logger } : {}),
  });
  return { allowlist, relay };
}
