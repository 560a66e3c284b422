/**
 * The one redaction module: removes secrets from text and from log fields before they are logged
 * or shown. Fields are redacted value by value (every string inside them), never as serialised
 * text: a secret such as `","st` replaced inside JSON text would break that JSON.
 */

/** What replaces a secret. */
export const REDACTED = '[redacted]';

// Anything shaped like a VideoDB key, even one the logger was never told about.
const KEY_SHAPE = /\bsk-[A-Za-z0-9_-]{4,}/g;
// `x-access-token: value`, `"x-access-token":"value"`, `x-access-token=value`.
const TOKEN_HEADER = /(x-access-token["']?\s*[:=]\s*["']?)([^\s"',;}&]+)/gi;
// Field names whose value is a secret whatever it looks like.
const SECRET_FIELD = /^(x-access-token|api[-_]?key|authorization|password|secret|token)$/i;

/** Longest string kept in a log field or message; the rest is cut. */
export const MAX_LOGGED_STRING = 8_192;
/** Deepest nesting of a field value that is written out. */
const MAX_DEPTH = 6;
/** Most entries of one object or array that are written out. */
const MAX_ENTRIES = 50;

function secretList(secrets: Iterable<string>): string[] {
  const out: string[] = [];
  for (const s of secrets) if (typeof s === 'string' && s.length >= 4) out.push(s);
  return out;
}

function redactList(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    const variants = new Set([
      secret,
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
    ]);
    for (const v of variants) out = out.split(v).join(REDACTED);
  }
  return out.replace(TOKEN_HEADER, `$1${REDACTED}`).replace(KEY_SHAPE, `sk-${REDACTED}`);
}

/**
 * Replaces every given secret (and URL-encoded copies of it), anything shaped like `sk-…` and
 * every `x-access-token` value with `[redacted]`. Secrets shorter than 4 characters are ignored
 * (redacting "a" would shred every line).
 */
export function redact(text: string, secrets: Iterable<string>): string {
  return redactList(text, secretList(secrets));
}

/** Redacts `text` and cuts it to {@link MAX_LOGGED_STRING} characters (redacted before cutting). */
function redactString(text: string, secrets: readonly string[]): string {
  if (text.length <= MAX_LOGGED_STRING) return redactList(text, secrets);
  // Keep enough past the cut that a secret starting before it is still seen whole.
  const margin = secrets.reduce((m, s) => Math.max(m, s.length), 0) + 64;
  const cut = redactList(text.slice(0, MAX_LOGGED_STRING + margin), secrets);
  return `${cut.slice(0, MAX_LOGGED_STRING)}… [${text.length} characters, cut]`;
}

function walk(value: unknown, secrets: readonly string[], depth: number, seen: object[]): unknown {
  switch (typeof value) {
    case 'string':
      return redactString(value, secrets);
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return redactString(value.toString(), secrets);
    case 'symbol':
      return redactString(value.toString(), secrets);
    case 'function':
      return '[function]';
    default:
      break;
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.includes(obj)) return '[cycle]';
  if (depth >= MAX_DEPTH) return '[…]';
  try {
    if (obj instanceof Date)
      return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
    const inner = [...seen, obj];
    const at = (v: unknown): unknown => walk(v, secrets, depth + 1, inner);
    if (obj instanceof Error) {
      // Name, code and message only: causes and stacks stay out of logs.
      const code = (obj as { code?: unknown }).code;
      return {
        name: at(obj.name),
        message: at(obj.message),
        ...(code === undefined ? {} : { code: at(code) }),
      };
    }
    if (Array.isArray(obj)) {
      const out = obj.slice(0, MAX_ENTRIES).map(at);
      if (obj.length > MAX_ENTRIES) out.push(`[${obj.length - MAX_ENTRIES} more]`);
      return out;
    }
    const entries: Array<[unknown, unknown]> =
      obj instanceof Map
        ? [...obj.entries()]
        : obj instanceof Set
          ? [...obj].map((v, i) => [i, v])
          : Object.entries(obj);
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries.slice(0, MAX_ENTRIES)) {
      const name = redactString(String(k), secrets);
      out[name] = SECRET_FIELD.test(name) && v !== null && v !== undefined ? REDACTED : at(v);
    }
    if (entries.length > MAX_ENTRIES) out['…'] = `${entries.length - MAX_ENTRIES} more`;
    return out;
  } catch {
    // A getter or proxy that throws: the value is left out, the log line still gets written.
    return '[unreadable]';
  }
}

/**
 * A redacted, plain copy of a log field value: every string in it (keys too) goes through
 * {@link redact}, values of fields named like secrets (`apiKey`, `x-access-token`, …) are
 * replaced, and what JSON cannot hold is made safe (BigInt → string, cycles, functions, getters
 * that throw, over-deep nesting, huge strings cut). Never throws; the result always serialises.
 */
export function redactValue(value: unknown, secrets: Iterable<string>): unknown {
  try {
    return walk(value, secretList(secrets), 0, []);
  } catch {
    return '[unreadable]';
  }
}

/** {@link redactValue} for a fields object: `undefined` stays `undefined`. */
export function redactFields(
  fields: Record<string, unknown> | undefined,
  secrets: Iterable<string>,
): Record<string, unknown> | undefined {
  if (fields === undefined) return undefined;
  const out = redactValue(fields, secrets);
  return out !== null && typeof out === 'object' && !Array.isArray(out)
    ? (out as Record<string, unknown>)
    : { fields: out };
}

/** {@link redact} for a log message: never throws, cuts huge messages. */
export function redactMessage(message: unknown, secrets: Iterable<string>): string {
  try {
    return redactString(
      typeof message === 'string' ? message : String(message),
      secretList(secrets),
    );
  } catch {
    return '[unreadable message]';
  }
}
