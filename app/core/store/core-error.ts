import type { ErrorCode } from '../../shared/domain';
import { VideoDbError } from '../videodb';

/**
 * An error raised by the engine itself (not by the HTTP client): a code the UI can act on and a
 * message written for people. It is a {@link VideoDbError} so that the transports' `toAppError`
 * passes its code and message through unchanged.
 */
export class CoreError extends VideoDbError {
  constructor(code: ErrorCode, message: string) {
    super(code, message);
    this.name = 'CoreError';
  }
}
