import { fail, json, raw, type Reply } from './reply';
import type { Fault, Mutation } from './switches';

/** A fault plus how many more requests it may hit. */
export interface ArmedFault {
  fault: Fault;
  left: number;
  pathRe: RegExp | undefined;
}

/** Compiles faults for matching; throws on a bad path regex so `set()` fails loudly. */
export function armFaults(faults: readonly Fault[]): ArmedFault[] {
  return faults.map((fault) => {
    const source = fault.path ?? (fault.kind === 'job-404' ? '^/async-response/' : undefined);
    return {
      fault,
      left: fault.times ?? Number.POSITIVE_INFINITY,
      pathRe: source === undefined ? undefined : new RegExp(source),
    };
  });
}

/** Whether an armed fault applies to this request (and still has hits left). */
export function faultMatches(armed: ArmedFault, method: string, path: string): boolean {
  if (armed.left <= 0) return false;
  if (armed.fault.method && armed.fault.method.toUpperCase() !== method.toUpperCase()) return false;
  return armed.pathRe ? armed.pathRe.test(path) : true;
}

/** The HTML page of a gateway error, as nginx writes it (what reaches clients in front of an API). */
function gatewayPage(status: number, title: string): string {
  return `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

/**
 * The answer a fault gives instead of the real one; null for kinds that do not answer themselves
 * (`slow`, `mutate`, `reset`).
 */
export function faultReply(f: Fault): Reply | null {
  switch (f.kind) {
    case 'error-in-200':
      return fail(200, 'An internal error occurred. Please try again.');
    case 'html-502':
      return raw(502, gatewayPage(502, 'Bad Gateway'), 'text/html; charset=utf-8');
    case 'html-504':
      return raw(504, gatewayPage(504, 'Gateway Time-out'), 'text/html; charset=utf-8');
    case 'status-503':
      return fail(503, 'Service temporarily unavailable');
    case 'rate-limit':
      return json(
        429,
        { success: false, message: 'Too many requests. Slow down.' },
        f.retryAfterSec === undefined ? undefined : { 'retry-after': String(f.retryAfterSec) },
      );
    case 'bad-request-400':
      return fail(400, 'Invalid value for model_name.');
    case 'credits-402':
      return fail(402, 'Insufficient credits. Add credits to your account to continue.');
    case 'forbidden-403':
      return fail(403, 'This feature is not available on your current plan.');
    case 'job-404':
      return fail(404, 'Job not found or expired');
    case 'slow':
    case 'mutate':
    case 'reset':
      return null;
  }
}

// Fields clients need; `missing-fields` removes them wherever they appear under `data`.
const NEEDED_FIELDS = new Set([
  'id',
  'name',
  'length',
  'video_id',
  'collection_id',
  'start',
  'end',
  'docs',
  'results',
  'collections',
  'videos',
  'stream_url',
  'player_url',
  'output_url',
  'scene_index_id',
  'scene_indexes',
  'text',
  'percentage',
  'word_timestamps',
  'scene_index_records',
  'thumbnail_url',
  'default_collection',
]);

function wrongTypes(v: unknown): unknown {
  if (typeof v === 'string') return v.length === 0 ? 0 : v.length * 7;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.length === 0 ? {} : v.map(wrongTypes);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wrongTypes(x)]));
  return v;
}

function dropNeeded(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNeeded);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v).flatMap(([k, x]) => (NEEDED_FIELDS.has(k) ? [] : [[k, dropNeeded(x)]])),
    );
  }
  return v;
}

function hugeStrings(v: unknown, budget: { left: number }): unknown {
  // Only the first few strings grow (2 MB each) so a 5000-video page does not need gigabytes.
  if (typeof v === 'string' && budget.left > 0) {
    budget.left -= 1;
    return v + 'x'.repeat(2 * 1024 * 1024);
  }
  if (Array.isArray(v)) return v.map((x) => hugeStrings(x, budget));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hugeStrings(x, budget)]));
  return v;
}

/** Applies `fn` to `data` and to `response.data`, keeping the envelope flags readable. */
function mapData(body: unknown, fn: (d: unknown) => unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return fn(body);
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  if ('data' in out) out['data'] = fn(out['data']);
  const resp = out['response'];
  if (resp && typeof resp === 'object' && !Array.isArray(resp) && 'data' in resp) {
    out['response'] = {
      ...(resp as Record<string, unknown>),
      data: fn((resp as Record<string, unknown>)['data']),
    };
  }
  return out;
}

/** Nesting depth of the `deep-nesting` mutation: far beyond what a recursive validator survives. */
export const DEEP_NESTING_DEPTH = 100_000;

/** Serialises a JSON answer corrupted as asked. The result is what goes on the wire. */
export function mutateBody(body: unknown, mutation: Mutation): string {
  switch (mutation) {
    case 'wrong-types':
      return JSON.stringify(mapData(body, wrongTypes));
    case 'missing-fields':
      return JSON.stringify(mapData(body, dropNeeded));
    case 'huge-strings':
      return JSON.stringify(mapData(body, (d) => hugeStrings(d, { left: 4 })));
    case 'deep-nesting': {
      // Built as text: JSON.stringify itself would overflow the stack on this depth.
      const marker = '"__deep__"';
      const text = JSON.stringify(mapData(body, () => '__deep__'));
      return text.replace(
        marker,
        `${'{"a":'.repeat(DEEP_NESTING_DEPTH)}1${'}'.repeat(DEEP_NESTING_DEPTH)}`,
      );
    }
    case 'non-json': {
      // Looks like JSON, is cut off mid-way (what a proxy truncating the body produces).
      const text = JSON.stringify(body) ?? '';
      return text.length > 2 ? text.slice(0, Math.min(24, text.length - 1)) : '{"success":tr';
    }
  }
}
