/**
 * The page's side of the media relay (see app/shared/media-path.ts): every stream request the
 * player makes goes to the relay path on the page's own origin.
 */
import { MEDIA_RELAY_PREFIX } from '../../app/shared/media-path';

/** The relay path (with query) for an http(s) URL, or null when it is not one. */
export function mediaRelayPath(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username !== '' || u.password !== '')
    return null;
  return `${MEDIA_RELAY_PREFIX}${u.protocol.slice(0, -1)}/${u.host}${u.pathname}${u.search}`;
}

/**
 * The URL the page should request for a stream URL: its relay path on the page's own origin.
 * A URL already on `pageOrigin` (a relay path, or a file of the page) is left as it is.
 */
export function toRelayUrl(url: string, pageOrigin: string): string {
  let u: URL;
  try {
    u = new URL(url, pageOrigin);
  } catch {
    return url;
  }
  // Not `u.origin`: for a custom scheme such as `app:` it can be "null".
  if (`${u.protocol}//${u.host}` === pageOrigin) return u.href;
  const path = mediaRelayPath(u.href);
  return path === null ? url : `${pageOrigin}${path}`;
}

/**
 * The URL the player asks for `url` with: the relay path on this page's origin, except in the
 * development server (no relay behind Vite; its CSP lets the page fetch streams itself).
 */
export function playerRequestUrl(url: string): string {
  if (import.meta.env.DEV) return url;
  return toRelayUrl(url, window.location.origin);
}
