/**
 * The renderer's one result style. A store action whose failure its caller shows (next to a
 * field, or in a toast the caller words) returns `Outcome<T>`; an action the store reports
 * itself (a toast) returns nothing. No action returns a bare error or null, and none throws:
 * `settle` turns a transport that throws into an `internal` error.
 */
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
