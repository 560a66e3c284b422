/**
 * The `app://app/...` protocol that serves the built renderer in production. Every response
 * carries the CSP; anything that would resolve outside the renderer folder is refused.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, isAbsolute, sep } from 'node:path';
import { buildCsp } from '../../shared/csp';
import { MEDIA_RELAY_PREFIX } from '../../shared/media-path';
import { contentTypeFor, safeRelativeSegments } from '../../shared/safe-path';

/** Scheme and host of the production page. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'app';
/** Origin of the production page. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** URL the window loads in production. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Privileges for `protocol.registerSchemesAsPrivileged` (must run before app ready). */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  stream: true,
  codeCache: true,
} as const;

/** Headers every served file gets. */
export function securityHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': buildCsp(),
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  };
}

/**
 * Absolute path of the file a request URL names inside `root`, or null to refuse. Checks twice:
 * the segments must be clean, and the joined path must still be inside `root`.
 */
export function resolveInside(root: string, pathname: string): string | null {
  const segments = safeRelativeSegments(pathname);
  if (segments === null) return null;
  const full = join(root, ...segments);
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    return null;
  }
  return full;
}

/** True when `file` (after resolving symlinks) is still inside `root` (also resolved). */
async function staysInside(root: string, file: string): Promise<boolean> {
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
  const rel = relative(realRoot, realFile);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The core's media relay once the core exists, null before (see app/core/media). */
export type MediaRelaySource = () => ((request: Request) => Promise<Response>) | null;

/**
 * A handler for `protocol.handle('app', …)`: GET/HEAD of files under `rendererDir` on host `app`.
 * 403 for a refused path or another host, 404 for a missing file, 405 for other methods.
 * `/media-relay/…` goes to the core's media relay (503 while the core is not up yet).
 */
export function createAppProtocolHandler(
  rendererDir: string,
  mediaRelay: MediaRelaySource = () => null,
): (request: Request) => Promise<Response> {
  const refuse = (status: number, text: string): Response =>
    new Response(text, { status, headers: securityHeaders('text/plain; charset=utf-8') });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return refuse(405, 'Method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(400, 'Bad request');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(403, 'Forbidden');
    if (url.pathname.startsWith(MEDIA_RELAY_PREFIX)) {
      const relay = mediaRelay();
      return relay === null ? refuse(503, 'The app is still starting') : relay(request);
    }
    // The raw URL is checked too: some parsers fold `/a/../b` before we ever see the pathname.
    const rawPath = request.url.slice(`${APP_ORIGIN}`.length).split(/[?#]/)[0] ?? '';
    if (safeRelativeSegments(rawPath === '' ? '/' : rawPath) === null)
      return refuse(403, 'Forbidden');
    const file = resolveInside(rendererDir, url.pathname);
    if (file === null) return refuse(403, 'Forbidden');
    try {
      const info = await stat(file);
      if (!info.isFile()) return refuse(404, 'Not found');
      if (!(await staysInside(rendererDir, file))) return refuse(403, 'Forbidden');
      const body = request.method === 'HEAD' ? null : await readFile(file);
      return new Response(body, { status: 200, headers: securityHeaders(contentTypeFor(file)) });
    } catch {
      return refuse(404, 'Not found');
    }
  };
}
