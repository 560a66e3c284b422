/**
 * The page plays VideoDB streams through its own origin: `/media-relay/<scheme>/<host>/<path>`
 * stands for `<scheme>://<host>/<path>`, and main (or the preview) fetches it, but only from an
 * origin that VideoDB's own answers named. So the page's CSP can say `connect-src 'self'` and a
 * compromised page cannot send anything to a host of its choosing. The path keeps the stream's
 * directory structure, so a playlist's relative links resolve to relay paths too.
 * The page builds these paths (renderer/lib/media-relay.ts); the core reads them
 * (app/core/media/media-relay.ts).
 */

/** The path every relayed request starts with. */
export const MEDIA_RELAY_PREFIX = '/media-relay/';
