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
