/**
 * Error class of the VideoDB client. Every failure the client can meet is classified into one
 * {@link ErrorCode} the UI can act on, with a message written for people and free of the key.
 * It is an {@link AppError}, the base of every error the core lets out.
 */
import type { ErrorCode } from '../../shared/domain';
import { AppError } from '../errors';

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
 * A classified failure of a VideoDB call: an {@link AppError} with what the HTTP exchange adds
 * (status, Retry-After, whether a write may have happened, whether to try again).
 */
export class VideoDbError extends AppError {
  /** HTTP status when there was one. */
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  /** True when a non-idempotent request (clip POST) may have reached the server but no answer came back. */
  readonly ambiguous: boolean;
  /** Worth retrying later (offline, timeout, 5xx, 429). */
  readonly transient: boolean;

  constructor(code: ErrorCode, message: string, init: VideoDbErrorInit = {}) {
    super(code, message);
    this.name = 'VideoDbError';
    this.status = init.status ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.ambiguous = init.ambiguous ?? false;
    this.transient = init.transient ?? TRANSIENT_CODES.has(code);
  }

  /** Plain fields, so `JSON.stringify(err)` says something useful (and nothing secret). */
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      ambiguous: this.ambiguous,
      transient: this.transient,
    };
  }
}
