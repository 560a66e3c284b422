/**
 * The Content-Security-Policy of the app's page, built from `default-src 'none'` so every kind of
 * content must be allowed explicitly. Main sends it on `app://` responses (and, in development,
 * on the dev server's); the preview sends it with its own WebSocket added. Pure string building.
 */

/** Options of {@link buildCsp}. */
export interface CspOptions {
  /** Extra `connect-src` sources, e.g. the preview's `ws://127.0.0.1:PORT` or Vite's HMR socket. */
  extraConnect?: readonly string[];
  /**
   * Development only: Vite injects inline scripts (React refresh preamble) and `<style>` tags.
   * Production builds load only files, so they never need this.
   */
  allowInline?: boolean;
  /**
   * Development only: the page fetches streams itself (there is no relay behind Vite's server).
   * Everywhere else streams go through the page's own `/media-relay/` (app/shared/media-path.ts),
   * so the page connects to its own origin only and cannot send anything to a host it chose.
   */
  directMedia?: boolean;
}

/** The directives, in the order they are written. */
export function cspDirectives(opts: CspOptions = {}): Array<[string, string[]]> {
  const inline = opts.allowInline === true ? ["'unsafe-inline'"] : [];
  const direct = opts.directMedia === true ? ['https:', 'http://127.0.0.1:*'] : [];
  return [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'", ...inline]],
    ['style-src', ["'self'", ...inline]],
    ['img-src', ["'self'", 'https:', 'http://127.0.0.1:*', 'data:']],
    // hls.js loads playlists and segments with XHR (through the relay) and feeds them to a blob:
    // media source.
    ['media-src', ["'self'", 'blob:', ...direct]],
    ['connect-src', ["'self'", ...direct, ...(opts.extraConnect ?? [])]],
    // hls.js runs its demuxer in a worker it creates from a blob: URL.
    ['worker-src', ["'self'", 'blob:']],
    ['font-src', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['object-src', ["'none'"]],
  ];
}

/** The CSP header value. */
export function buildCsp(opts: CspOptions = {}): string {
  return cspDirectives(opts)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
