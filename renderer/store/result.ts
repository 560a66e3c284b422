/** Small helpers around the contract's `Result`. */
import type { Result } from '../../app/shared/contract';
import type { AppErrorInfo } from '../../app/shared/domain';

/** A call's outcome in the shape components use: the value, or the error to show. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppErrorInfo };

/** Await a call; a transport that throws becomes an `internal` error instead of an unhandled rejection. */
export async function settle<T>(call: Promise<Result<T>>): Promise<Outcome<T>> {
  try {
    return await call;
  } catch {
    return {
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside the app. Try again.' },
    };
  }
}
