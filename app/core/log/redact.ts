/** Removes secrets from text before it is logged or shown. */

/** What replaces a secret. */
export const REDACTED = '[redacted]';

// Anything shaped like a VideoDB key, even one the logger was never told about.
const KEY_SHAPE = /\bsk-[A-Za-z0-9_-]{4,}/g;
// `x-access-token: value`, `"x-access-token":"value"`, `x-access-token=value`.
const TOKEN_HEADER = /(x-access-token["']?\s*[:=]\s*["']?)([^\s"',;}&]+)/gi;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces every given secret (and URL-encoded copies of it), anything shaped like `sk-…` and
 * every `x-access-token` value with `[redacted]`. Secrets shorter than 4 characters are ignored
 * (redacting "a" would shred every line).
 */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < 4) continue;
    const variants = new Set([
      secret,
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
    ]);
    for (const v of variants) out = out.replace(new RegExp(escapeRegExp(v), 'g'), REDACTED);
  }
  return out.replace(TOKEN_HEADER, `$1${REDACTED}`).replace(KEY_SHAPE, `sk-${REDACTED}`);
}
