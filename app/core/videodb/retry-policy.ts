/**
 * Retry decision for reads, plugged into undici's RetryHandler as its `retry` callback.
 *
 * Why a callback instead of the built-in policy: undici's default waits
 * `minTimeout * factor^n` with no jitter (many clients retrying a recovering API in lock-step),
 * and caps `Retry-After` at `maxTimeout`, which would cut a server's "wait 20 s" down to our
 * backoff cap. This callback keeps undici's checks (methods, status codes, error codes, retry
 * count) and changes only the delay: full jitter for backoff, and `Retry-After` honoured as given
 * up to {@link MAX_RETRY_AFTER_MS}; a longer wait is not retried here but surfaces as
 * 'rate-limited' with `retryAfterMs`, so the caller can schedule it without holding a request.
 */
import type { RetryHandler } from 'undici';
import { fullJitterBackoffMs } from '../engine';
import { parseRetryAfter } from './classify';

/** Longest `Retry-After` the client waits inside one call. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Status codes retried on reads. */
export const RETRY_STATUS_CODES = [429, 500, 502, 503, 504];

/** Network error codes retried on reads (undici's list plus timeouts and DNS hiccups). */
export const RETRY_ERROR_CODES = [
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
];

/** Backoff bounds of {@link createRetryCallback}. */
export interface RetryPolicyOptions {
  maxRetries: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** Injected for tests; default Math.random. */
  random?: () => number;
}

/** A `retry` callback for undici's RetryHandler/RetryAgent (reads only: GET and HEAD). */
export function createRetryCallback(o: RetryPolicyOptions): RetryHandler.RetryCallback {
  const retry: RetryHandler.RetryCallback = (err, { state, opts }, cb) => {
    const e = err as Error & {
      statusCode?: number;
      code?: string;
      headers?: Record<string, string | string[] | undefined>;
    };
    const method = (opts.method ?? 'GET').toUpperCase();
    // Never a POST: a clip POST that failed may still have made a job (issue 9), and the client
    // sends writes straight to the pool anyway; this is the second lock on that door.
    if (method !== 'GET' && method !== 'HEAD') return cb(err);
    if (e.statusCode != null) {
      if (!RETRY_STATUS_CODES.includes(e.statusCode)) return cb(err);
    } else if (e.code && e.code !== 'UND_ERR_REQ_RETRY' && !RETRY_ERROR_CODES.includes(e.code)) {
      return cb(err);
    }
    if (state.counter > o.maxRetries) return cb(err);
    const retryAfter = parseRetryAfter(e.headers?.['retry-after']);
    if (retryAfter !== null && retryAfter > MAX_RETRY_AFTER_MS) return cb(err);
    const delay =
      retryAfter ?? fullJitterBackoffMs(state.counter, o.minDelayMs, o.maxDelayMs, o.random);
    // Returning the timer lets RetryHandler cancel the wait when the caller aborts.
    return setTimeout(() => cb(null), delay) as unknown as void;
  };
  return retry;
}
