/**
 * Serving the built renderer from the preview's HTTP server: traversal-safe paths, the CSP on
 * every response, and the preview page script injected before the app's own scripts.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { buildCsp } from '../shared/csp';
import { contentTypeFor, safeRelativeSegments } from '../shared/safe-path';
import { CLIENT_SCRIPT_PATH } from './client/wire';

/** Absolute path inside `root` for a URL pathname, or null to refuse. */
export function resolveInside(root: string, pathname: string): string | null {
  const segments = safeRelativeSegments(pathname);
  if (segments === null) return null;
  const full = join(root, ...segments);
  const rel = relative(root, full);
  if (rel === '' || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return full;
}

/** The preview's CSP: the app's, plus its own WebSocket. */
export function previewCsp(origin: string): string {
  return buildCsp({ extraConnect: [origin.replace(/^http/, 'ws')] });
}

/** Headers of every preview response. */
export function previewHeaders(origin: string, contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': previewCsp(origin),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

/** index.html with the page script placed before the first script (or at the end of head). */
export function injectClientScript(html: string): string {
  const tag = `<script src="${CLIENT_SCRIPT_PATH}"></script>`;
  const firstScript = html.search(/<script\b/i);
  if (firstScript >= 0) return `${html.slice(0, firstScript)}${tag}\n${html.slice(firstScript)}`;
  const headEnd = html.search(/<\/head>/i);
  if (headEnd >= 0) return `${html.slice(0, headEnd)}${tag}\n${html.slice(headEnd)}`;
  return `${tag}\n${html}`;
}

/** A file to send, or an HTTP status to answer with. */
export type FileAnswer = { status: 200; body: Buffer; contentType: string } | { status: 403 | 404 };

/**
 * The answer for a GET of `pathname` under `root`. Paths without an extension that match no file
 * get index.html, so reloading a client-side route works.
 */
export async function readStatic(root: string, pathname: string): Promise<FileAnswer> {
  const file = resolveInside(root, pathname);
  if (file === null) return { status: 403 };
  const lastSegment = pathname.split('/').pop() ?? '';
  const target = (await isFile(file))
    ? file
    : !lastSegment.includes('.')
      ? join(root, 'index.html')
      : null;
  if (target === null || !(await isFile(target))) return { status: 404 };
  const [realRoot, realTarget] = await Promise.all([realpath(root), realpath(target)]);
  const rel = relative(realRoot, realTarget);
  if (rel === '' || isAbsolute(rel) || rel.split(sep).includes('..')) return { status: 403 };
  let body = await readFile(target);
  if (rel === 'index.html') body = Buffer.from(injectClientScript(body.toString('utf8')), 'utf8');
  return { status: 200, body, contentType: contentTypeFor(target) };
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
