/**
 * The one error hierarchy of the app. Every failure the core lets out is an {@link AppError}: a
 * code the UI can act on and a message written for people (never a raw library message, never a
 * key). The HTTP client's `VideoDbError` and the engine's `CoreError` (with `StorageError`) are
 * its subclasses; main and the preview turn any of them into an `AppErrorInfo` with
 * {@link toAppError}.
 */
import type { AppErrorInfo, ErrorCode } from '../../shared/domain';

/** Options of an {@link AppError} besides its code and message. */
export interface AppErrorOptions {
  /** The input field the error is about (a zod issue path joined with dots), for forms. */
  field?: string;
}

/**
 * A failure with a code and a message for people. It deliberately keeps no `cause`: underlying
 * errors (undici, SQLite, zod) are summarised into the message, so nothing that might carry a
 * request header or a path can ride along into logs or IPC.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  /** The input field this error is about, when it is about one. */
  readonly field: string | null;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = options.field ?? null;
  }

  /** `{code, message}` (and the field, when there is one) for the UI. */
  toInfo(): AppErrorInfo {
    return this.field === null
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }

  /** Plain fields, so `JSON.stringify(err)` says something useful (and nothing secret). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, field: this.field };
  }
}

/**
 * An error raised by the engine itself (not by the HTTP client): a history row that is gone, a
 * request that does not fit the job's state, nothing cached while offline.
 */
export class CoreError extends AppError {
  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(code, message, options);
    this.name = 'CoreError';
  }
}

/** Any error → classified info for the UI ('internal' fallback, with a generic message). */
export function toAppError(err: unknown): AppErrorInfo {
  if (err instanceof AppError) return err.toInfo();
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) {
    return { code: 'timeout', message: 'The request was stopped before it finished.' };
  }
  // Unknown errors may carry anything (paths, request options): never pass their text on.
  return { code: 'internal', message: 'Something went wrong inside the app. Please try again.' };
}
