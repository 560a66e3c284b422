/**
 * Turns HTTP statuses, server messages and network errors into {@link VideoDbError}s
 * (videodb-api.md §3). Server messages are redacted by the caller before they get here.
 */
import { VideoDbError } from './errors';

const MAX_SERVER_MESSAGE = 300;

/** Shortens a server message for display (HTML bodies and huge strings never reach the UI). */
export function cleanServerMessage(message: unknown): string | null {
  if (typeof message !== 'string') return null;
  const text = message.replace(/\s+/g, ' ').trim();
  if (text === '' || text.startsWith('<')) return null;
  return text.length > MAX_SERVER_MESSAGE ? `${text.slice(0, MAX_SERVER_MESSAGE)}…` : text;
}

/**
 * "You have reached the … budget for this model tier" (videodb-api.md §8): one model tier's
 * budget is spent, not the account's credits (that is a 402). Another tier may still work.
 */
const TIER_BUDGET = /budget for (this|the) model tier|model tier budget/i;

/** What the app says when a model tier's budget is spent. */
export const TIER_BUDGET_MESSAGE =
  'This model tier has used up its budget on your VideoDB account. Try another tier, or wait until the budget renews.';

/**
 * "Scene index not found": a visual clip on a video without a scene index (videodb-api.md §8).
 * Not a missing video: the video is there, it is just not searchable by scenes yet.
 */
const SCENE_INDEX_MISSING = /^scene index not found(?!:)|no scene index/i;

/** What the app says for a clip that needs a scene index the video does not have. */
export const SCENE_INDEX_MISSING_MESSAGE =
  'This video is not searchable by scenes yet. Make it searchable by scenes, then retry.';

/**
 * The classification a server message forces whatever the HTTP status (a spent tier budget, a
 * missing scene index); null when the message says nothing the app knows.
 */
function errorForKnownMessage(
  message: string | null,
  init: { status: number | null; retryAfterMs?: number | null },
): VideoDbError | null {
  if (message === null) return null;
  if (TIER_BUDGET.test(message)) {
    return new VideoDbError('tier-budget', TIER_BUDGET_MESSAGE, { ...init, transient: false });
  }
  if (SCENE_INDEX_MISSING.test(message)) {
    return new VideoDbError('validation', SCENE_INDEX_MISSING_MESSAGE, init);
  }
  return null;
}

/**
 * `Retry-After` in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Null when absent or
 * unreadable; never negative.
 */
export function parseRetryAfter(
  value: string | string[] | undefined | null,
  now = Date.now(),
): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw === null) return null;
  const text = raw.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Error for an HTTP status outside 2xx. */
export function errorForStatus(
  status: number,
  serverMessage: string | null,
  retryAfterMs: number | null = null,
): VideoDbError {
  const init = { status, retryAfterMs };
  // A refusal whose words say more than its status: a spent tier budget (any 4xx; the API does
  // not use 402 for it) or a missing scene index (a 400, or a 404 that is not about the video).
  if (status >= 400 && status < 500 && status !== 401) {
    const known = errorForKnownMessage(serverMessage, init);
    if (known) return known;
  }
  if (status === 401) {
    return new VideoDbError(
      'auth',
      'Your VideoDB API key was rejected. Check it in Settings.',
      init,
    );
  }
  if (status === 402) {
    return new VideoDbError(
      'credits',
      'Your VideoDB account is out of credits. Add credits to continue.',
      init,
    );
  }
  if (status === 403) {
    return new VideoDbError(
      'forbidden',
      serverMessage ?? 'Your VideoDB plan does not allow this.',
      init,
    );
  }
  if (status === 404) {
    return new VideoDbError(
      'not-found',
      serverMessage ?? 'That no longer exists on VideoDB.',
      init,
    );
  }
  if (status === 429) {
    return new VideoDbError(
      'rate-limited',
      'VideoDB is receiving too many requests from you. The app will try again shortly.',
      init,
    );
  }
  if (status === 408) {
    return new VideoDbError('timeout', 'VideoDB took too long to answer.', init);
  }
  if (status >= 500) {
    return new VideoDbError(
      'server',
      'VideoDB is having trouble right now. The app will try again shortly.',
      init,
    );
  }
  // 400, 409, 422 and the rest of 4xx: the server's own words help most.
  return new VideoDbError(
    'validation',
    serverMessage ?? `VideoDB refused the request (HTTP ${status}).`,
    init,
  );
}

/**
 * Whether an HTTP answer to a clip POST proves the server did NOT create the job, so sending it
 * again cannot make a second one. Only the API's own refusals do: 4xx (400/422 validation, 401,
 * 402, 403, 404, 409, 429 …). Everything else does not: a 5xx (a gateway's 502/504 page often
 * comes after the API already made the job), 408 (a gateway giving up while the request may be
 * with the API), 3xx (a 303 "see other" follows a POST that was carried out), 1xx.
 */
export function clipAnswerProvesRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408;
}

/**
 * Whether a failed clip POST that got an HTTP answer may still have created the job: an answer
 * the app could not read, any status that is not a refusal ({@link clipAnswerProvesRefusal}), and
 * a `success: false` inside a 2xx whose message says no refusal the app knows (the gateway's
 * "error inside 200" looks just like that). Failures without a status were classified already.
 */
export function clipAnswerIsAmbiguous(err: VideoDbError): boolean {
  if (err.ambiguous || err.code === 'bad-response') return true;
  if (err.status === null) return false;
  if (err.status >= 200 && err.status < 300) return err.code === 'server';
  return !clipAnswerProvesRefusal(err.status);
}

/**
 * The same failure, marked `ambiguous` (and not to be retried on its own): the clip POST may have
 * created a job although the answer was a failure.
 */
export function asAmbiguous(err: VideoDbError): VideoDbError {
  return new VideoDbError(err.code, err.message, {
    status: err.status,
    retryAfterMs: err.retryAfterMs,
    ambiguous: true,
    transient: false,
  });
}

/** Error for `success: false` inside an HTTP 2xx answer: the message is all there is to go on. */
export function errorForMessage(
  serverMessage: string | null,
  status: number | null = 200,
): VideoDbError {
  const m = serverMessage ?? '';
  const init = { status };
  const known = errorForKnownMessage(serverMessage, init);
  if (known) return known;
  if (/invalid api key|unauthori[sz]ed|api key (is )?(missing|invalid|revoked)/i.test(m)) {
    return new VideoDbError(
      'auth',
      'Your VideoDB API key was rejected. Check it in Settings.',
      init,
    );
  }
  if (/insufficient credits|out of credits|no credits/i.test(m)) {
    return new VideoDbError(
      'credits',
      'Your VideoDB account is out of credits. Add credits to continue.',
      init,
    );
  }
  if (
    /already exists|not indexed|no scene index|index the|not searchable|invalid|required|must be/i.test(
      m,
    )
  ) {
    return new VideoDbError('validation', m, init);
  }
  if (/not allowed on your|current plan|forbidden/i.test(m)) {
    return new VideoDbError('forbidden', m, init);
  }
  if (/not found|expired|does not exist/i.test(m)) {
    return new VideoDbError('not-found', m, init);
  }
  return new VideoDbError(
    'server',
    m ? `VideoDB could not do this: ${m}` : 'VideoDB could not do this right now.',
    init,
  );
}

/** Error codes (Node and undici) meaning the connection was never made: nothing was sent. */
const BEFORE_SEND = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * TLS verification failures (Node's X509 codes): the host answered but its certificate is not
 * trusted here, typically a firewall that inspects secure traffic with a root the computer lacks.
 * The network is up, so this is not `offline`.
 */
const CERT_UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** undici's words when a proxy answers CONNECT with anything but 200. */
const PROXY_REFUSED = /^Proxy response \((\d{3})\) !== 200/;

/** Whether a network error is a certificate the app does not trust (see {@link CERT_UNTRUSTED}). */
export function isCertificateError(err: unknown): boolean {
  return codesOf(err).some((c) => CERT_UNTRUSTED.has(c));
}

function proxyRefusal(err: unknown): number | null {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const m = PROXY_REFUSED.exec(String((e as { message?: unknown }).message ?? ''));
    if (m) return Number(m[1]);
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** Codes of timeouts while waiting for the answer (after the request went out). */
const ANSWER_TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Codes of a connection cut while the request or answer was in flight. */
const CUT = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);

function codesOf(err: unknown): string[] {
  const out: string[] = [];
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') out.push(code);
    const name = (e as { name?: unknown }).name;
    if (typeof name === 'string') out.push(name);
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

/** What a network-level failure was, for classification and connectivity. */
export interface NetworkFailure {
  error: VideoDbError;
  /** True when it says nothing reached the host (connectivity reports offline). */
  networkDown: boolean;
}

/**
 * Classifies an error thrown by undici (no HTTP answer). `nonIdempotent` marks requests that must
 * not be repeated blindly: a failure after the request may have been written is `ambiguous`.
 */
export function classifyNetworkError(
  err: unknown,
  opts: { nonIdempotent: boolean; signal?: AbortSignal | undefined },
): NetworkFailure {
  if (err instanceof VideoDbError) return { error: err, networkDown: false };
  const codes = codesOf(err);
  const has = (set: ReadonlySet<string>): boolean => codes.some((c) => set.has(c));
  const amb = (sent: boolean): boolean => opts.nonIdempotent && sent;
  // Before the abort check: undici reports a proxy's refusal as an aborted request.
  const refused = proxyRefusal(err);
  if (refused !== null) {
    return {
      error: new VideoDbError(
        'offline',
        refused === 407
          ? 'Your network proxy asks for a sign-in the app cannot give, so VideoDB could not be reached.'
          : `Your network proxy would not connect the app to VideoDB (HTTP ${refused}).`,
        { ambiguous: false },
      ),
      networkDown: true,
    };
  }
  if (has(CERT_UNTRUSTED)) {
    return {
      error: new VideoDbError(
        'certificate',
        codes.includes('CERT_HAS_EXPIRED') || codes.includes('CERT_NOT_YET_VALID')
          ? 'The certificate VideoDB presented is not valid today, so the app did not trust the connection. Check the date and time of this computer.'
          : 'The certificate VideoDB presented is not trusted by this computer, so the app did not send anything. If your network inspects secure traffic, ask your IT team to install its certificate on this computer.',
        { ambiguous: false, transient: false },
      ),
      networkDown: false,
    };
  }
  if (opts.signal?.aborted || codes.includes('UND_ERR_ABORTED') || codes.includes('AbortError')) {
    const reason: unknown = opts.signal?.reason;
    const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
    return {
      error: new VideoDbError(
        'timeout',
        timedOut
          ? 'VideoDB took too long to answer.'
          : 'The request was stopped before it finished.',
        { ambiguous: amb(true), transient: true },
      ),
      networkDown: false,
    };
  }
  if (has(BEFORE_SEND)) {
    const timeout = codes.includes('UND_ERR_CONNECT_TIMEOUT');
    return {
      error: new VideoDbError(
        timeout ? 'timeout' : 'offline',
        timeout
          ? 'Could not reach VideoDB in time. Check your connection.'
          : 'Could not reach VideoDB. You seem to be offline.',
        { ambiguous: false },
      ),
      networkDown: true,
    };
  }
  if (has(ANSWER_TIMEOUTS)) {
    return {
      error: new VideoDbError('timeout', 'VideoDB took too long to answer.', {
        ambiguous: amb(true),
      }),
      networkDown: false,
    };
  }
  if (has(CUT)) {
    return {
      error: new VideoDbError(
        'offline',
        'The connection to VideoDB was cut before an answer came.',
        {
          ambiguous: amb(true),
        },
      ),
      networkDown: true,
    };
  }
  if (codes.some((c) => c.startsWith('HPE_') || c === 'UND_ERR_RES_EXCEEDED_MAX_SIZE')) {
    return {
      error: new VideoDbError('bad-response', 'VideoDB sent an answer the app could not read.', {
        ambiguous: amb(true),
        transient: true,
      }),
      networkDown: false,
    };
  }
  // Unknown failure: assume the worst for non-idempotent requests.
  return {
    error: new VideoDbError('offline', 'The request to VideoDB failed before an answer came.', {
      ambiguous: amb(true),
    }),
    networkDown: true,
  };
}
