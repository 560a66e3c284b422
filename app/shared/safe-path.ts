/**
 * Traversal-safe mapping of a request path to a file inside the served folder, shared by the
 * `app://` protocol (main) and the preview's HTTP server. Pure: returns path segments; each side
 * joins them to its folder with node:path and checks containment once more.
 */

/** Longest request path accepted. */
const MAX_PATH_LENGTH = 2048;

/**
 * Segments of a URL pathname (still percent-encoded, as in `new URL(...).pathname`), or null when
 * the path must be refused: `..` or `.` segments in any encoding, backslashes, NUL, encoded
 * slashes, drive letters, or undecodable escapes. `/` maps to `index.html`.
 */
export function safeRelativeSegments(pathname: string): string[] | null {
  if (pathname.length > MAX_PATH_LENGTH || !pathname.startsWith('/')) return null;
  const segments: string[] = [];
  for (const raw of pathname.slice(1).split('/')) {
    if (raw === '') continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return null;
    }
    // Decode twice-encoded input too: `%252e%252e` must not become `..` further down the line.
    if (/%[0-9a-f]{2}/i.test(decoded)) return null;
    if (decoded === '.' || decoded === '..') return null;
    if (/[\\/\0:]/.test(decoded)) return null;
    if (/^[a-zA-Z]:/.test(decoded)) return null;
    segments.push(decoded);
  }
  if (segments.length === 0) return ['index.html'];
  return segments;
}

/** Content types of the files a Vite build emits. */
const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  cjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  txt: 'text/plain; charset=utf-8',
  wasm: 'application/wasm',
};

/** Content type for a file name; `application/octet-stream` when unknown. */
export function contentTypeFor(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const ext = dot >= 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}
