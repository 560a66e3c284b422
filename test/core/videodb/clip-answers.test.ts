/**
 * Issue 9 at the client: which answers to a clip POST are `ambiguous` (the job may exist, never
 * resend on its own) and which prove a refusal; and neither the client nor its retry policy ever
 * sends a clip POST twice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVideoDbClient, VideoDbError, type VideoDbClient } from '../../../app/core/videodb';
import { clipAnswerProvesRefusal } from '../../../app/core/videodb/classify';
import { createRetryCallback } from '../../../app/core/videodb/retry-policy';
import { SAMPLE, type Fault, type RunningServer } from '../../server';
import { rejection, serverAndClient } from './helpers';

let server: RunningServer;
let client: VideoDbClient;
let closeAll: () => Promise<void>;

beforeAll(async () => {
  const made = await serverAndClient();
  server = made.server;
  closeAll = made.closeAll;
  // Retries on: the clip POST must still go out once.
  client = made.client({ retry: { maxRetries: 3, minDelayMs: 5, maxDelayMs: 20 } });
});
afterAll(async () => {
  await closeAll();
});
beforeEach(() => {
  server.control.reset({ state: true });
});

const clipReq = { prompt: 'pricing', contentType: 'spoken' as const, modelName: 'basic' as const };
const clipPosts = () =>
  server.control.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/clip'));

async function clipFails(fault: Fault): Promise<VideoDbError> {
  server.control.set({ faults: [{ method: 'POST', path: '/clip$', ...fault }] });
  const err = await rejection(client.clip(SAMPLE.pricingTalkId, clipReq));
  expect(err).toBeInstanceOf(VideoDbError);
  return err as VideoDbError;
}

describe('videodb client: clip POST answers', () => {
  const ambiguous: Array<[string, Fault, number]> = [
    ['HTML 502 after the job was made', { kind: 'html-502', afterHandler: true }, 502],
    ['HTML 504 after the job was made', { kind: 'html-504', afterHandler: true }, 504],
    ['503 after the job was made', { kind: 'status-503', afterHandler: true }, 503],
    ['HTML 502 (nothing made)', { kind: 'html-502' }, 502],
    ['503 (nothing made)', { kind: 'status-503' }, 503],
    ['an error inside 200 with no refusal in it', { kind: 'error-in-200' }, 200],
  ];
  for (const [name, fault, status] of ambiguous) {
    it(`${name} → ambiguous, not transient, exactly one POST`, async () => {
      const err = await clipFails(fault);
      expect([err.ambiguous, err.transient, err.status]).toEqual([true, false, status]);
      expect(err.message).not.toMatch(/</);
      expect(clipPosts()).toHaveLength(1);
    });
  }

  const refusals: Array<[Fault, number, string]> = [
    [{ kind: 'bad-request-400' }, 400, 'validation'],
    [{ kind: 'credits-402' }, 402, 'credits'],
    [{ kind: 'forbidden-403' }, 403, 'forbidden'],
    [{ kind: 'job-404', path: '/clip$' }, 404, 'not-found'],
    [{ kind: 'rate-limit', retryAfterSec: 2 }, 429, 'rate-limited'],
  ];
  for (const [fault, status, code] of refusals) {
    it(`${status} proves a refusal → ${code}, not ambiguous, one POST`, async () => {
      const err = await clipFails(fault);
      expect([err.code, err.status, err.ambiguous]).toEqual([code, status, false]);
      if (status === 429) expect([err.transient, err.retryAfterMs]).toEqual([true, 2000]);
      expect(clipPosts()).toHaveLength(1);
    });
  }

  it("accepts the platform's `mini` tier, as the API does", async () => {
    const job = await client.clip(SAMPLE.pricingTalkId, { ...clipReq, modelName: 'mini' });
    expect(job.outputUrl).toContain('/async-response/');
    expect(clipPosts()[0]?.body).toMatchObject({ model_name: 'mini' });
  });

  for (const status of [400, 403, 200]) {
    it(`a spent tier budget (HTTP ${status}) → tier-budget, a refusal, plain words, one POST`, async () => {
      server.control.set({ exhaustedTiers: ['pro'], tierBudgetStatus: status });
      const err = (await rejection(
        client.clip(SAMPLE.pricingTalkId, { ...clipReq, modelName: 'pro' }),
      )) as VideoDbError;
      expect([err.code, err.status, err.ambiguous, err.transient]).toEqual([
        'tier-budget',
        status,
        false,
        false,
      ]);
      expect(err.message).toMatch(/tier has used up its budget.*another tier/i);
      expect(clipPosts()).toHaveLength(1);
      // The other tiers still work.
      await client.clip(SAMPLE.pricingTalkId, { ...clipReq, modelName: 'basic' });
    });
  }

  it('a wrong key (401) is a refusal too', async () => {
    const wrongKey = createVideoDbClient({
      baseUrl: server.url,
      getApiKey: () => 'sk-not-the-right-one-000000',
    });
    try {
      const err = (await rejection(wrongKey.clip(SAMPLE.pricingTalkId, clipReq))) as VideoDbError;
      expect([err.code, err.status, err.ambiguous]).toEqual(['auth', 401, false]);
      expect(clipPosts()).toHaveLength(1);
    } finally {
      await wrongKey.close();
    }
  });

  it('which statuses prove a refusal', () => {
    for (const s of [400, 401, 402, 403, 404, 409, 413, 422, 429]) {
      expect([s, clipAnswerProvesRefusal(s)]).toEqual([s, true]);
    }
    for (const s of [200, 201, 303, 307, 408, 500, 502, 503, 504, 520]) {
      expect([s, clipAnswerProvesRefusal(s)]).toEqual([s, false]);
    }
  });
});

describe('retry policy: a POST is never retried', () => {
  const policy = createRetryCallback({ maxRetries: 5, minDelayMs: 1, maxDelayMs: 2 });
  const state = { counter: 1, currentTimeout: 0 };
  const failures: Array<Record<string, unknown>> = [
    { statusCode: 502 },
    { statusCode: 503 },
    { statusCode: 504 },
    { statusCode: 429 },
    { code: 'ECONNRESET' },
    { code: 'UND_ERR_SOCKET' },
    { code: 'UND_ERR_HEADERS_TIMEOUT' },
    { code: 'ECONNREFUSED' },
  ];
  for (const f of failures) {
    it(`POST with ${JSON.stringify(f)}: handed back at once`, () => {
      const err = Object.assign(new Error('x'), f);
      const seen: Array<Error | null> = [];
      policy(err, { state, opts: { method: 'POST', path: '/video/v/clip' } } as never, (e) => {
        seen.push(e ?? null);
      });
      expect(seen).toEqual([err]);
    });
  }

  it('a GET with a 502 is retried (the check above is not vacuous)', async () => {
    const err = Object.assign(new Error('x'), { statusCode: 502 });
    const seen = await new Promise<Array<Error | null>>((resolve) => {
      const out: Array<Error | null> = [];
      policy(err, { state, opts: { method: 'GET', path: '/collection' } } as never, (e) => {
        out.push(e ?? null);
        resolve(out);
      });
    });
    expect(seen).toEqual([null]);
  });
});
