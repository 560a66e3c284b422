/**
 * Which links may leave the app for the user's browser: https only, parsed with the WHATWG URL
 * parser (never string checks), no credentials in the URL, bounded length.
 */

/** Longest link we hand to the OS. */
const MAX_URL_LENGTH = 4000;

/** The normalised https URL to open, or null when the link must be refused. */
export function safeExternalUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.hostname === '') return null;
  return url.href;
}

/**
 * Hosts whose links the app's own UI hands out: the sign-in console and its player pages, and the
 * docs of the Help menu. A link to anywhere else reached the page some other way (a segment's
 * text, an API answer, a compromised page) and is opened only after the user says yes.
 */
export const OWN_LINK_HOSTS: readonly string[] = [
  'console.videodb.io',
  'docs.videodb.io',
  'videodb.io',
  'www.videodb.io',
];

/**
 * True when opening `safeUrl` (already passed through {@link safeExternalUrl}) should first ask
 * the user. `ownOrigins` adds origins the app itself uses (the API address the user configured).
 */
export function linkNeedsConfirmation(
  safeUrl: string,
  ownOrigins: readonly string[] = [],
): boolean {
  let url: URL;
  try {
    url = new URL(safeUrl);
  } catch {
    return true;
  }
  if (OWN_LINK_HOSTS.includes(url.hostname)) return false;
  return !ownOrigins.some((o) => {
    try {
      return new URL(o).origin === url.origin;
    } catch {
      return false;
    }
  });
}
