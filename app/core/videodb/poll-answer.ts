/**
 * What one answer to a job poll (`GET output_url`) says, as a pure function of its HTTP status and
 * parsed body (videodb-api.md §5 "Polling"). No I/O, no key, no logging: the client calls it and
 * turns the result into a {@link PollResult}; tests feed it every documented shape directly.
 *
 * The API's own vocabulary:
 * - running: `pending`, `queued`, `running`, `processing`, `in progress` (any case), with an
 *   optional `data.percentage`; `data` may be absent.
 * - finished: `done`, `complete`, `completed`, `success`, with the payload under `data` or
 *   `result` (the docs' example), at the top or inside `response` (shape b). No status and
 *   `success: true` with a payload is finished too (shape 1 of the envelope).
 * - failed: `success: false` at the top or inside `response`, with or without a status; also a
 *   `failed` / `error` status. The `success` flag decides; a status string alone never overrides
 *   it, so `{status: "done", success: false}` is a failure.
 * - not found: HTTP 404 (an unknown or expired job id).
 * Any other status string keeps the job running (the caller logs it once), so a new word the API
 * starts using never fails a job that may still finish.
 */
import { z } from 'zod';

/** Status words that mean the job is still at work. */
export const RUNNING_STATUSES: ReadonlySet<string> = new Set([
  'pending',
  'queued',
  'running',
  'processing',
  'in progress',
]);
/** Status words that mean the job finished. */
export const FINISHED_STATUSES: ReadonlySet<string> = new Set([
  'done',
  'complete',
  'completed',
  'success',
]);
/** Status words that mean the job failed. */
export const FAILED_STATUSES: ReadonlySet<string> = new Set(['failed', 'error']);

/** What a poll answer says. */
export type PollAnswer =
  /** Still at work. `unknownStatus` is set when the status word is not one the app knows. */
  | { state: 'running'; percentage: number | null; unknownStatus?: string }
  | { state: 'done'; data: unknown }
  /** The job failed; `message` is the server's own text (not cleaned), when it sent one. */
  | { state: 'failed'; message: string | null }
  | { state: 'not-found' }
  /** Not a verdict: the answer could not be read (the job may still be fine; poll again). */
  | { state: 'unreadable'; reason: string };

const Percentage = z.object({
  percentage: z.union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/)
      .transform(Number),
  ]),
});

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function statusWord(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const s = v
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
  return s === '' ? null : s;
}

function percentageOf(...candidates: unknown[]): number | null {
  for (const c of candidates) {
    const r = Percentage.safeParse(c);
    if (r.success && Number.isFinite(r.data.percentage))
      return Math.max(0, Math.min(100, r.data.percentage));
  }
  return null;
}

function firstText(...candidates: unknown[]): string | null {
  for (const c of candidates) if (typeof c === 'string' && c.trim() !== '') return c;
  return null;
}

/** The payload of a finished answer: `data` or `result`, inside `response` first. */
function payloadOf(body: Obj, inner: Obj | null): unknown {
  for (const holder of [inner, body]) {
    if (!holder) continue;
    if (holder['data'] !== undefined && holder['data'] !== null) return holder['data'];
    if (holder['result'] !== undefined && holder['result'] !== null) return holder['result'];
  }
  return undefined;
}

/**
 * Interpret one poll answer. `httpStatus` is the answer's status; `body` the parsed JSON (or
 * undefined when there was none or it was not JSON). Statuses other than 2xx and 404 are the
 * transport's business (the client classifies them before this runs) and come back `unreadable`.
 */
export function interpretPollAnswer(httpStatus: number, body: unknown): PollAnswer {
  if (httpStatus === 404) return { state: 'not-found' };
  if (httpStatus < 200 || httpStatus >= 300)
    return { state: 'unreadable', reason: `HTTP ${httpStatus}` };
  if (!isObject(body)) return { state: 'unreadable', reason: 'not a JSON object' };

  const inner = isObject(body['response']) ? body['response'] : null;
  const status = statusWord(body['status']) ?? statusWord(inner?.['status']);
  const message = (): string | null => firstText(inner?.['message'], body['message']);

  // The success flag decides, wherever it is and whatever the status word says.
  if (body['success'] === false || inner?.['success'] === false)
    return { state: 'failed', message: message() };
  if (status !== null && FAILED_STATUSES.has(status))
    return { state: 'failed', message: message() };
  if (status !== null && RUNNING_STATUSES.has(status)) {
    return { state: 'running', percentage: percentageOf(inner?.['data'], body['data']) };
  }

  const payload = payloadOf(body, inner);
  const finished =
    (status !== null && FINISHED_STATUSES.has(status)) ||
    (status === null && (body['success'] === true || inner?.['success'] === true));
  if (finished) {
    return payload === undefined
      ? { state: 'unreadable', reason: 'VideoDB said the job finished but sent no result.' }
      : { state: 'done', data: payload };
  }
  if (status === null) return { state: 'unreadable', reason: 'no status and no success flag' };
  // A word the app does not know: not a verdict, so the job keeps running.
  return {
    state: 'running',
    percentage: percentageOf(inner?.['data'], body['data']),
    unknownStatus: status,
  };
}
