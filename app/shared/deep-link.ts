/**
 * Deep links into the app (issue 10 §3): `videodb-clips://job/<id>` opens a clip in the history,
 * `videodb-clips://video/<collectionId>/<videoId>` a video in the library. They come from outside
 * (any page or document can hold one), so they are parsed strictly, with the same id rules as the
 * IPC contract; anything else is ignored, never followed.
 */
import { ApiId } from './domain';

/** The URL scheme the app registers with the OS. */
export const DEEP_LINK_SCHEME = 'videodb-clips';

/** What a deep link asks the window to show. */
export type DeepLink =
  { kind: 'job'; id: string } | { kind: 'video'; collectionId: string; videoId: string };

const validId = (s: string): boolean => ApiId.safeParse(s).success;

/** `videodb-clips://<kind>/<path>`, optionally with one trailing slash; no query, no fragment. */
const LINK = new RegExp(`^${DEEP_LINK_SCHEME}://([A-Za-z]+)/([^?#]*?)/?$`, 'i');

/** The link's target, or null for anything that is not exactly one of the two forms. */
export function parseDeepLink(text: unknown): DeepLink | null {
  if (typeof text !== 'string' || text.length > 2000) return null;
  const m = LINK.exec(text.trim());
  if (m === null) return null;
  const kind = m[1]!.toLowerCase();
  let parts: string[];
  try {
    parts = m[2]!.split('/').map((p: string) => decodeURIComponent(p));
  } catch {
    return null; // a broken %-escape
  }
  if (!parts.every(validId)) return null;
  if (kind === 'job' && parts.length === 1) return { kind: 'job', id: parts[0]! };
  if (kind === 'video' && parts.length === 2) {
    return { kind: 'video', collectionId: parts[0]!, videoId: parts[1]! };
  }
  return null;
}

/** The link itself, for "Copy app link". */
export function deepLinkUrl(link: DeepLink): string {
  const e = encodeURIComponent;
  return link.kind === 'job'
    ? `${DEEP_LINK_SCHEME}://job/${e(link.id)}`
    : `${DEEP_LINK_SCHEME}://video/${e(link.collectionId)}/${e(link.videoId)}`;
}

/**
 * On Windows and Linux the OS starts the app (or a second instance) with the link among its
 * arguments (Electron docs, app 'second-instance' and "Deep links" tutorial): the last argument
 * with our scheme, if it parses.
 */
export function deepLinkInArgv(argv: readonly string[]): DeepLink | null {
  for (let i = argv.length - 1; i >= 0; i--) {
    const arg = argv[i]!;
    if (arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) return parseDeepLink(arg);
  }
  return null;
}
