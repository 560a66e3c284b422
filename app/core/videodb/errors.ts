/**
 * Error class of the VideoDB client. Every failure the client can meet is classified into one
 * {@link ErrorCode} the UI can act on, with a message written for people and free of the key.
 */
import type { AppErrorInfo, ErrorCode } from '../../shared/domain';

/** Fields of a {@link VideoDbError} besides its code and message. */
export interface VideoDbErrorInit {
  status?: number | null;
  retryAfterMs?: number | null;
  ambiguous?: boolean;
  transient?: boolean;
}

/** Codes that are worth retrying later unless told otherwise. */
const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'offline',
  'timeout',
  'server',
  'rate-limited',
]);

/**
 * A classified failure of a VideoDB call. It deliberately keeps no `cause`: the underlying
 * errors (undici, zod) are summarised into the message, so nothing that might carry a request
 * header can ride along into logs or IPC.
 */
export class VideoDbError extends Error {
  readonly code: ErrorCode;
  /** HTTP status when there was one. */
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  /** True when a non-idempotent request (clip POST) may have reached the server but no answer came back. */
  readonly ambiguous: boolean;
  /** Worth retrying later (offline, timeout, 5xx, 429). */
  readonly transient: boolean;

  constructor(code: ErrorCode, message: string, init: VideoDbErrorInit = {}) {
    super(message);
    this.name = 'VideoDbError';
    this.code = code;
    this.status = init.status ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.ambiguous = init.ambiguous ?? false;
    this.transient = init.transient ?? TRANSIENT_CODES.has(code);
  }

  /** `{code, message}` for the UI. */
  toInfo(): AppErrorInfo {
    return { code: this.code, message: this.message };
  }

  /** Plain fields, so `JSON.stringify(err)` says something useful (and nothing secret). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      ambiguous: this.ambiguous,
      transient: this.transient,
    };
  }
}

/** Any error → classified info for the UI ('internal' fallback, with a generic message). */
export function toAppError(err: unknown): AppErrorInfo {
  if (err instanceof VideoDbError) return err.toInfo();
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) {
    return { code: 'timeout', message: 'The request was stopped before it finished.' };
  }
  // Unknown errors may carry anything (paths, request options): never pass their text on.
  return { code: 'internal', message: 'Something went wrong inside the app. Please try again.' };
}
