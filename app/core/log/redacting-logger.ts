/**
 * Wraps any logger (an injected one from main or the preview, a test's) so every message and
 * every field value passes through the one redaction module before the inner logger sees it.
 */
import type { Logger } from '../types';
import { redactFields, redactMessage } from './redact';

/** A logger that also learns secrets to redact. */
export type RedactingLogger = Logger & { addSecret(secret: string): void };

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * Redacts by value (see {@link redactFields}), never by rewriting serialised text, and never
 * throws: an inner logger that throws, or a field that cannot be read, costs at most that line,
 * never the caller's outcome. Secrets it learns are passed on to the inner logger when that one
 * learns secrets too, so its own lines from outside the core are redacted as well.
 */
export function redactingLogger(inner: Logger): RedactingLogger {
  const secrets = new Set<string>();
  const at =
    (level: Level) =>
    (message: string, fields?: Record<string, unknown>): void => {
      try {
        const m = redactMessage(message, secrets);
        const f = redactFields(fields, secrets);
        if (f === undefined) inner[level](m);
        else inner[level](m, f);
      } catch {
        // Logging is best effort: a failing log line must not fail the work it describes.
      }
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    addSecret(secret) {
      if (typeof secret !== 'string' || secret === '') return;
      secrets.add(secret);
      try {
        const innerAdd = (inner as Partial<RedactingLogger>).addSecret;
        if (typeof innerAdd === 'function') innerAdd.call(inner, secret);
      } catch {
        // The inner logger's own redaction is its business; ours already has the secret.
      }
    },
  };
}
