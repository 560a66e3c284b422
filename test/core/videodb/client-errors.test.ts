import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../app/core/log';
import { toAppError } from '../../../app/core/errors';
import {
  createVideoDbClient,
  VideoDbError,
  type VideoDbClient,
  type VideoDbClientOptions,
} from '../../../app/core/videodb';
import {
  errorForMessage,
  errorForStatus,
  parseRetryAfter,
} from '../../../app/core/videodb/classify';
import { SAMPLE, startServer, type Mutation, type RunningServer } from '../../server';
import { LEAK_KEY, rejection } from './helpers';

/** Every error and every log line of this file is checked for the key at the end. */
const seenErrors: unknown[] = [];
const logLines: string[] = [];
const logger = createLogger({ sink: (l) => logLines.push(l), level: 'debug' });
const WRONG_KEY = 'sk-WRONGLEAK-0c1d2e3f4a5b6c7d8e9f';

let server: RunningServer;
const clients: VideoDbClient[] = [];
let networkReports: boolean[] = [];

function makeClient(extra: Partial<VideoDbClientOptions> = {}): VideoDbClient {
  const c = createVideoDbClient({
    baseUrl: server.url,
    getApiKey: () => LEAK_KEY,
    retry: { maxRetries: 2, minDelayMs: 5, maxDelayMs: 20 },
    timeouts: { connectMs: 2000, headersMs: 2000, bodyMs: 2000 },
    onNetworkResult: (ok) => networkReports.push(ok),
    logger,
    ...extra,
  });
  clients.push(c);
  return c;
}

async function fails(p: Promise<unknown>): Promise<VideoDbError> {
  const err = await rejection(p);
  seenErrors.push(err);
  expect(err).toBeInstanceOf(VideoDbError);
  return err as VideoDbError;
}

let client: VideoDbClient;
beforeAll(async () => {
  server = await startServer({ apiKey: LEAK_KEY });
  client = makeClient();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
});
beforeEach(() => {
  server.control.reset({ state: true });
  networkReports = [];
});

const count = (method: string, pathRe: RegExp): number =>
  server.control.requests().filter((r) => r.method === method && pathRe.test(r.path)).length;

const clipReq = { prompt: 'pricing', contentType: 'spoken', modelName: 'basic' } as const;

describe('videodb client: HTTP errors are classified', () => {
  it('401 → auth', async () => {
    const bad = makeClient({ getApiKey: () => WRONG_KEY });
    const err = await fails(bad.listCollections());
    expect(err.code).toBe('auth');
    expect(err.status).toBe(401);
    expect(err.transient).toBe(false);
  });

  it('402 → credits, 403 → forbidden, not retried', async () => {
    server.control.set({ faults: [{ kind: 'credits-402', times: 1 }] });
    const credits = await fails(client.listCollections());
    expect([credits.code, credits.status, credits.transient]).toEqual(['credits', 402, false]);
    server.control.set({ faults: [{ kind: 'forbidden-403', times: 1 }] });
    const forbidden = await fails(client.listCollections());
    expect([forbidden.code, forbidden.status]).toEqual(['forbidden', 403]);
    expect(forbidden.message).toMatch(/plan/);
    expect(count('GET', /^\/collection$/)).toBe(2);
  });

  it('404 → not-found', async () => {
    const err = await fails(client.getVideo('m-does-not-exist', SAMPLE.defaultCollectionId));
    expect([err.code, err.status]).toEqual(['not-found', 404]);
  });

  it('400 → validation with the server message', async () => {
    const err = await fails(
      client.clip(SAMPLE.pricingTalkId, { ...clipReq, sceneIndexId: 'ffffffffffffffff' }),
    );
    expect([err.code, err.status, err.ambiguous]).toEqual(['validation', 400, false]);
    expect(err.message).toMatch(/scene_index_id ffffffffffffffff is not a scene index/);
  });

  it('429 → rate-limited after the retries, with Retry-After in ms', async () => {
    server.control.set({ faults: [{ kind: 'rate-limit', retryAfterSec: 0 }] });
    const err = await fails(client.listCollections());
    expect([err.code, err.status, err.retryAfterMs, err.transient]).toEqual([
      'rate-limited',
      429,
      0,
      true,
    ]);
    expect(count('GET', /^\/collection$/)).toBe(3); // 1 + maxRetries
  });

  it('503 → server after exactly 1 + maxRetries attempts', async () => {
    server.control.set({ faults: [{ kind: 'status-503' }] });
    const err = await fails(client.listCollections());
    expect([err.code, err.status, err.transient]).toEqual(['server', 503, true]);
    expect(count('GET', /^\/collection$/)).toBe(3);
  });

  it('HTML 502 → server, never a crash, no HTML in the message', async () => {
    server.control.set({ faults: [{ kind: 'html-502' }] });
    const err = await fails(client.listSceneIndexes(SAMPLE.pricingTalkId));
    expect([err.code, err.status]).toEqual(['server', 502]);
    expect(err.message).not.toMatch(/</);
  });

  it('error inside HTTP 200 → classified by message', async () => {
    server.control.set({ faults: [{ kind: 'error-in-200', times: 1 }] });
    const err = await fails(client.listCollections());
    expect([err.code, err.status]).toEqual(['server', 200]);
    expect(count('GET', /^\/collection$/)).toBe(1); // a 200 is an answer: not retried
    const cases: Array<[string, string]> = [
      ['Spoken word index for video already exists', 'validation'],
      ['Video is not indexed for spoken words', 'validation'],
      ['No scene index found for this video', 'validation'],
      ['Scene index not found', 'validation'],
      ['You have reached the monthly budget for this model tier.', 'tier-budget'],
      ['Insufficient credits', 'credits'],
      ['Invalid API key', 'auth'],
      ['Unauthorized', 'auth'],
      ['Something odd happened', 'server'],
    ];
    for (const [message, code] of cases)
      expect([message, errorForMessage(message).code]).toEqual([message, code]);
  });

  it('"Scene index not found" means the video is not searchable by scenes, not that it is gone', () => {
    for (const err of [
      errorForMessage('Scene index not found'),
      errorForStatus(400, 'Scene index not found'),
      errorForStatus(404, 'Scene index not found'),
    ]) {
      expect(err.code).toBe('validation');
      expect(err.message).toBe(
        'This video is not searchable by scenes yet. Make it searchable by scenes, then retry.',
      );
    }
    // A scene index asked for by id that is not there is still not-found.
    expect(errorForStatus(404, 'Scene index not found: 0123456789abcdef').code).toBe('not-found');
  });

  it('a spent model-tier budget is its own code whatever the 4xx (never a 402 credits)', () => {
    const words = 'You have reached the usage budget for this model tier.';
    for (const status of [400, 402, 403, 429]) {
      const err = errorForStatus(status, words);
      expect([status, err.code, err.transient]).toEqual([status, 'tier-budget', false]);
    }
    expect(errorForMessage(words).code).toBe('tier-budget');
  });

  it('a retried read succeeds once the fault clears (transient 503 twice)', async () => {
    server.control.set({ faults: [{ kind: 'status-503', times: 2 }] });
    const r = await client.listCollections();
    expect(r.collections.length).toBeGreaterThan(0);
    expect(count('GET', /^\/collection$/)).toBe(3);
  });

  it('retry honours Retry-After (seconds) between attempts', async () => {
    server.control.set({ faults: [{ kind: 'rate-limit', retryAfterSec: 1, times: 2 }] });
    const r = await client.listCollections();
    expect(r.collections.length).toBeGreaterThan(0);
    const attempts = server.control.requests().filter((x) => x.path === '/collection');
    expect(attempts.map((a) => a.status)).toEqual([429, 429, 200]);
    // Server-clock arrival times: each retry waited the full second the server asked for, even
    // though this client's own backoff cap is 20 ms.
    for (let i = 1; i < attempts.length; i++) {
      expect((attempts[i]?.at ?? 0) - (attempts[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    }
  });

  it('a Retry-After longer than the in-call cap is not waited for: rate-limited at once', async () => {
    server.control.set({ faults: [{ kind: 'rate-limit', retryAfterSec: 600 }] });
    const err = await fails(client.listCollections());
    expect([err.code, err.retryAfterMs]).toEqual(['rate-limited', 600_000]);
    expect(count('GET', /^\/collection$/)).toBe(1);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  const mutations: Mutation[] = ['wrong-types', 'missing-fields', 'non-json', 'deep-nesting'];
  for (const mutation of mutations) {
    it(`malformed answer (${mutation}) → bad-response, never a crash`, async () => {
      server.control.set({ faults: [{ kind: 'mutate', mutation }] });
      const e1 = await fails(client.listCollections());
      const e2 = await fails(client.listVideosPage(SAMPLE.archiveCollectionId, 0, 50));
      const e3 = await fails(client.getTranscript(SAMPLE.pricingTalkId));
      for (const e of [e1, e2, e3]) {
        expect(e.code).toBe('bad-response');
        expect(e.message).toMatch(/VideoDB sent/);
        expect(e.message.length).toBeLessThan(401);
      }
    });
  }

  it('huge strings in an answer are read without trouble', async () => {
    server.control.set({ faults: [{ kind: 'mutate', mutation: 'huge-strings', times: 1 }] });
    const r = await client.listCollections();
    expect(r.collections.length).toBeGreaterThan(0);
  });

  it('a malformed poll answer is bad-response, not a finished job', async () => {
    const job = await client.clip(SAMPLE.pricingTalkId, clipReq);
    server.control.set({
      faults: [{ kind: 'mutate', mutation: 'non-json', path: '^/async-response/' }],
    });
    const err = await fails(client.poll(job.outputUrl));
    expect(err.code).toBe('bad-response');
  });
});

describe('videodb client: network failures', () => {
  it('connection refused → offline, and connectivity hears about it', async () => {
    const dead = await startServer();
    const url = dead.url;
    await dead.close();
    const c = makeClient({ baseUrl: url, retry: { maxRetries: 1, minDelayMs: 1, maxDelayMs: 2 } });
    const err = await fails(c.listCollections());
    expect([err.code, err.ambiguous, err.transient]).toEqual(['offline', false, true]);
    expect(networkReports).toEqual([false]);
    expect(await c.probe()).toBe(false);
  });

  it('a clip POST refused before sending → offline, not ambiguous', async () => {
    const dead = await startServer();
    const url = dead.url;
    await dead.close();
    const c = makeClient({ baseUrl: url });
    const err = await fails(c.clip(SAMPLE.pricingTalkId, clipReq));
    expect([err.code, err.ambiguous]).toEqual(['offline', false]);
  });

  it('reset on a read is retried; a lasting reset → offline', async () => {
    server.control.set({ faults: [{ kind: 'reset', method: 'GET', times: 1 }] });
    await client.listCollections();
    expect(server.control.requests().map((r) => r.status)).toEqual([0, 200]);
    expect(networkReports).toEqual([true]);
    server.control.reset();
    server.control.set({ faults: [{ kind: 'reset', method: 'GET' }] });
    const err = await fails(client.listCollections());
    expect(err.code).toBe('offline');
    expect(count('GET', /^\/collection$/)).toBe(3);
  });

  it('the server going offline → offline; coming back → works again', async () => {
    server.control.set({ offline: true });
    await server.control.settled();
    const err = await fails(client.listCollections());
    expect(err.code).toBe('offline');
    expect(networkReports.at(-1)).toBe(false);
    server.control.set({ offline: false });
    await server.control.settled();
    await client.listCollections();
    expect(networkReports.at(-1)).toBe(true);
  });

  it('clip POST is never retried: reset → exactly one POST, ambiguous', async () => {
    server.control.set({ faults: [{ kind: 'reset', method: 'POST' }] });
    const err = await fails(client.clip(SAMPLE.pricingTalkId, clipReq));
    expect([err.code, err.ambiguous]).toEqual(['offline', true]);
    expect(count('POST', /\/clip$/)).toBe(1);
  });

  it('reset after the server made the job → ambiguous, and the job exists', async () => {
    server.control.set({
      faults: [{ kind: 'reset', method: 'POST', path: '/clip$', afterHandler: true }],
    });
    const err = await fails(client.clip(SAMPLE.pricingTalkId, clipReq));
    expect(err.ambiguous).toBe(true);
    expect(['offline', 'timeout']).toContain(err.code);
    expect(count('POST', /\/clip$/)).toBe(1);
    expect(server.control.jobs().filter((j) => j.kind === 'clip')).toHaveLength(1);
  });

  it('other POSTs are not retried either (503 on compile → one POST)', async () => {
    server.control.set({ faults: [{ kind: 'status-503', method: 'POST' }] });
    const err = await fails(
      client.compile([{ videoId: SAMPLE.pricingTalkId, collectionId: 'c', shots: [[0, 2]] }]),
    );
    expect(err.code).toBe('server');
    expect(count('POST', /^\/compile$/)).toBe(1);
  });

  it('a slow answer → timeout; on a clip POST it is ambiguous', async () => {
    const quick = makeClient({ timeouts: { headersMs: 200 }, retry: { maxRetries: 0 } });
    // undici checks timeouts on a coarse (~0.5–1 s) timer, so the delay must clearly exceed that.
    server.control.set({ faults: [{ kind: 'slow', delayMs: 2500 }] });
    const read = await fails(quick.listCollections());
    expect([read.code, read.ambiguous]).toEqual(['timeout', false]);
    const post = await fails(quick.clip(SAMPLE.pricingTalkId, clipReq));
    expect([post.code, post.ambiguous]).toEqual(['timeout', true]);
  });

  it('an aborted call stops with a classified error', async () => {
    server.control.set({ latencyMs: 500 });
    const ac = new AbortController();
    const p = client.listCollections(ac.signal);
    setTimeout(() => ac.abort(), 50);
    const err = await fails(p);
    expect(err.code).toBe('timeout');
  });
});

describe('videodb client: the key never leaks', () => {
  it('no error (JSON, message, stack) and no log line contains the key', async () => {
    // Errors from the tests above, plus one of each kind made here with the key in play.
    const c = makeClient();
    server.control.set({ faults: [{ kind: 'reset', method: 'POST' }] });
    await fails(c.clip(SAMPLE.pricingTalkId, clipReq));
    server.control.reset();
    await fails(makeClient({ getApiKey: () => WRONG_KEY }).checkKey(WRONG_KEY));
    await fails(c.poll('https://evil.example/async-response/x'));
    expect(seenErrors.length).toBeGreaterThan(25);
    expect(logLines.length).toBeGreaterThan(25);
    for (const err of seenErrors) {
      const e = err as Error;
      for (const text of [
        JSON.stringify(err),
        e.message,
        e.stack ?? '',
        JSON.stringify(toAppError(err)),
      ]) {
        expect(text).not.toContain(LEAK_KEY);
        expect(text).not.toContain(WRONG_KEY);
      }
    }
    for (const line of logLines) {
      expect(line).not.toContain(LEAK_KEY);
      expect(line).not.toContain(WRONG_KEY);
    }
  });

  it('a server message that echoes the key is redacted', async () => {
    // A misbehaving proxy may echo the request back; the message must come out clean.
    const { errorForStatus } = await import('../../../app/core/videodb/classify');
    const { redact } = await import('../../../app/core/log');
    const echoed = redact(`bad token ${LEAK_KEY} and x-access-token: abc123secret`, [LEAK_KEY]);
    expect(echoed).not.toContain(LEAK_KEY);
    expect(echoed).not.toContain('abc123secret');
    expect(errorForStatus(400, echoed).message).not.toContain(LEAK_KEY);
  });
});
