import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client } from './helpers';
import { DEEP_NESTING_DEPTH } from './faults';
import {
  INJECTED_FAILURE_MESSAGE,
  SAMPLE,
  TIER_BUDGET_MESSAGE,
  startServer,
  type RunningServer,
} from './index';

let server: RunningServer;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  server = await startServer();
  api = client(server);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.control.reset({ state: true });
});

async function startClip(prompt = 'pricing', videoId: string = SAMPLE.pricingTalkId) {
  const a = await api.post(`/video/${videoId}/clip`, {
    prompt,
    content_type: 'spoken',
    model_name: 'basic',
  });
  expect(a.status).toBe(200);
  return a.json.data as { id: string; output_url: string };
}

describe('envelope and transport basics', () => {
  it('rejects a missing or wrong key with 401 and never echoes it', async () => {
    const a = await client(server, 'sk-not-the-key').get('/collection');
    expect(a.status).toBe(401);
    expect(a.json).toEqual({ success: false, message: 'Invalid API key' });
    expect(a.text).not.toContain('sk-not-the-key');
    expect((await fetch(`${server.url}/collection`)).status).toBe(401);
  });

  it('tolerates trailing slashes and answers snake_case', async () => {
    const a = await api.get('/collection/');
    expect(a.json.success).toBe(true);
    expect(a.json.data.default_collection).toBe(SAMPLE.defaultCollectionId);
    expect((await api.get('/collection/default/')).json.data.id).toBe(SAMPLE.defaultCollectionId);
  });

  it('gives a job as shape 3 with an absolute output_url on this server', async () => {
    const a = await api.post(`/video/${SAMPLE.pricingTalkId}/clip`, { prompt: 'pricing' });
    expect(a.json).toMatchObject({ success: true, status: 'processing', request_type: 'sync' });
    expect(a.json.data.output_url).toBe(`${server.url}/async-response/${a.json.data.id}`);
  });

  it('reports progress proportional to elapsed time on the server clock', async () => {
    server.control.set({ jobDurationMs: 10_000 });
    const job = await startClip();
    expect((await api.get(job.output_url)).json).toEqual({
      success: true,
      status: 'processing',
      data: { percentage: 0 },
    });
    server.control.advanceTime(5_000);
    const mid = (await api.get(job.output_url)).json.data.percentage;
    expect(mid).toBeGreaterThanOrEqual(50);
    expect(mid).toBeLessThan(60);
    server.control.advanceTime(5_000);
    expect((await api.get(job.output_url)).json.status).toBe('done');
  });

  it('answers 404 for an unknown job', async () => {
    const a = await api.get('/async-response/doesnotexist');
    expect(a.status).toBe(404);
    expect(a.json.success).toBe(false);
  });
});

describe('variant switches', () => {
  it('finishShape a and b', async () => {
    server.control.set({ jobDurationMs: 0 });
    const job = await startClip();
    const a = (await api.get(job.output_url)).json;
    expect(a).toMatchObject({ success: true, status: 'done' });
    expect(a.data.results[0].docs.length).toBeGreaterThan(0);
    server.control.set({ finishShape: 'b' });
    const b = (await api.get(job.output_url)).json;
    expect(b.success).toBeUndefined();
    expect(b).toMatchObject({ status: 'done', response: { success: true } });
    expect(b.response.data).toEqual(a.data);
    server.control.set({ finishShape: 'c' });
    const c = (await api.get(job.output_url)).json;
    expect(c).toEqual({ success: true, status: 'completed', result: a.data });
  });

  it('failed jobs in both shapes', async () => {
    server.control.set({ jobDurationMs: 0, jobOutcome: 'fail' });
    const job = await startClip();
    expect((await api.get(job.output_url)).json).toEqual({
      success: false,
      status: 'failed',
      message: INJECTED_FAILURE_MESSAGE,
    });
    server.control.set({ finishShape: 'b' });
    expect((await api.get(job.output_url)).json).toEqual({
      status: 'failed',
      response: { success: false, message: INJECTED_FAILURE_MESSAGE },
    });
    server.control.set({ finishShape: 'c' });
    expect((await api.get(job.output_url)).json).toEqual({
      success: false,
      message: INJECTED_FAILURE_MESSAGE,
    });
  });

  it('outputUrlBase puts another origin into job addresses; null is the server itself', async () => {
    server.control.set({ outputUrlBase: 'https://127.0.0.1:9' });
    const job = await startClip();
    expect(job.output_url).toBe(`https://127.0.0.1:9/async-response/${job.id}`);
    server.control.set({ outputUrlBase: null });
    expect((await startClip()).output_url.startsWith(`${server.url}/async-response/`)).toBe(true);
    expect(() => server.control.set({ outputUrlBase: 'https://h/path' } as never)).toThrow();
  });

  it("accepts the mini tier; exhaustedTiers refuses a spent tier in the API's words (4xx or in a 200)", async () => {
    const clip = (model: string) =>
      api.post(`/video/${SAMPLE.pricingTalkId}/clip`, { prompt: 'pricing', model_name: model });
    expect((await clip('mini')).json.status).toBe('processing');
    expect((await clip('nano')).status).toBe(400);
    server.control.set({ exhaustedTiers: ['pro', 'mini'] });
    const spent = await clip('pro');
    expect(spent.status).toBe(400);
    expect(spent.json).toEqual({ success: false, message: TIER_BUDGET_MESSAGE });
    expect(TIER_BUDGET_MESSAGE).toMatch(/^You have reached the .* budget for this model tier/);
    expect((await clip('basic')).json.status).toBe('processing');
    server.control.set({ tierBudgetStatus: 200 });
    const inside = await clip('mini');
    expect([inside.status, inside.json.success]).toEqual([200, false]);
    expect(() => server.control.set({ exhaustedTiers: ['nano'] } as never)).toThrow();
    expect(() => server.control.set({ tierBudgetStatus: 402 })).not.toThrow();
    expect(() => server.control.set({ tierBudgetStatus: 500 })).toThrow();
  });

  it("runningStatus 'in progress'", async () => {
    server.control.set({ runningStatus: 'in progress' });
    const job = await startClip();
    expect((await api.get(job.output_url)).json.status).toBe('in progress');
  });

  it("jobOutcome 'never' stays processing and stops progressing", async () => {
    server.control.set({ jobOutcome: 'never', jobDurationMs: 1000 });
    const job = await startClip();
    server.control.advanceTime(3_600_000);
    const a = (await api.get(job.output_url)).json;
    expect(a.status).toBe('processing');
    expect(a.data.percentage).toBe(95);
    expect(server.control.jobs().find((j) => j.id === job.id)?.state).toBe('processing');
  });

  it('thumbnailField and lengthAs', async () => {
    let v = (await api.get(`/video/${SAMPLE.pricingTalkId}`)).json.data;
    expect(typeof v.length).toBe('string');
    expect(v.thumbnail_url).toMatch(/\/thumbnails\/.+\.svg$/);
    expect('thumbnail' in v).toBe(false);
    server.control.set({ thumbnailField: 'thumbnail', lengthAs: 'number' });
    v = (await api.get(`/video/${SAMPLE.pricingTalkId}`)).json.data;
    expect(typeof v.length).toBe('number');
    expect(v.thumbnail).toMatch(/\.svg$/);
    expect('thumbnail_url' in v).toBe(false);
  });

  it('segmentLinkField', async () => {
    server.control.set({ jobDurationMs: 0 });
    const job = await startClip();
    let doc = (await api.get(job.output_url)).json.data.results[0].docs[0];
    expect(doc.stream_url).toMatch(/\.m3u8/);
    server.control.set({ segmentLinkField: 'stream_link' });
    doc = (await api.get(job.output_url)).json.data.results[0].docs[0];
    expect(doc.stream_link).toMatch(/\.m3u8/);
    expect(doc.stream_url).toBeUndefined();
  });

  it('transcriptTimesAs string', async () => {
    server.control.set({ transcriptTimesAs: 'string' });
    const w = (await api.get(`/video/${SAMPLE.pricingTalkId}/transcription`)).json.data
      .word_timestamps[0];
    expect(typeof w.start).toBe('string');
  });

  it('latencyMs delays public routes', async () => {
    server.control.set({ latencyMs: 300 });
    const t0 = Date.now();
    await api.get('/collection');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
  });

  it('offline refuses connections like a cut network, control still works on its port', async () => {
    server.control.set({ offline: true });
    await server.control.settled();
    type NetErr = Error & { cause?: { code?: string } };
    const attempt = () =>
      fetch(`${server.url}/collection`, { headers: { 'x-access-token': server.apiKey } }).then(
        () => null,
        (err: unknown) => err as NetErr,
      );
    // A pooled keep-alive socket dies with a socket error; a new connection is refused.
    expect(await attempt()).toBeInstanceOf(Error);
    expect((await attempt())?.cause?.code).toBe('ECONNREFUSED');
    const c = await fetch(`${server.controlUrl}/_control/set`, {
      method: 'POST',
      headers: { 'x-control-token': server.control.token, 'content-type': 'application/json' },
      body: JSON.stringify({ offline: false }),
    });
    expect(c.status).toBe(200);
    expect((await api.get('/collection')).status).toBe(200);
  });
});

describe('faults', () => {
  it('error-in-200', async () => {
    server.control.set({ faults: [{ kind: 'error-in-200', times: 1 }] });
    const a = await api.get('/collection');
    expect(a.status).toBe(200);
    expect(a.json.success).toBe(false);
    expect(a.json.message).toBeTruthy();
    expect((await api.get('/collection')).json.success).toBe(true);
  });

  it('html-502', async () => {
    server.control.set({ faults: [{ kind: 'html-502' }] });
    const a = await api.get('/collection');
    expect(a.status).toBe(502);
    expect(a.headers.get('content-type')).toMatch(/text\/html/);
    expect(a.json).toBeUndefined();
  });

  it('status-503', async () => {
    server.control.set({ faults: [{ kind: 'status-503' }] });
    expect((await api.get('/collection')).status).toBe(503);
  });

  it('rate-limit with and without Retry-After', async () => {
    server.control.set({
      faults: [
        { kind: 'rate-limit', retryAfterSec: 7, times: 1 },
        { kind: 'rate-limit', times: 1 },
      ],
    });
    const a = await api.get('/collection');
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBe('7');
    const b = await api.get('/collection');
    expect(b.status).toBe(429);
    expect(b.headers.get('retry-after')).toBeNull();
    expect((await api.get('/collection')).status).toBe(200);
  });

  it('credits-402 and forbidden-403, only on the matching method and path', async () => {
    server.control.set({
      faults: [
        { kind: 'credits-402', method: 'POST', path: '/clip$' },
        { kind: 'forbidden-403', path: '^/video/[^/]+/index/scene$', method: 'POST' },
      ],
    });
    expect((await api.post(`/video/${SAMPLE.pricingTalkId}/clip`, { prompt: 'x' })).status).toBe(
      402,
    );
    expect((await api.post(`/video/${SAMPLE.pricingTalkId}/index/scene`, {})).status).toBe(403);
    expect((await api.get('/collection')).status).toBe(200);
  });

  it('job-404 hits only polls by default', async () => {
    server.control.set({ faults: [{ kind: 'job-404' }] });
    const job = await startClip();
    expect((await api.get(job.output_url)).status).toBe(404);
  });

  it('reset before the handler: no answer, no job', async () => {
    server.control.set({ faults: [{ kind: 'reset', path: '/clip$', times: 1 }] });
    await expect(
      api.post(`/video/${SAMPLE.pricingTalkId}/clip`, { prompt: 'pricing' }),
    ).rejects.toThrow();
    expect(server.control.jobs()).toHaveLength(0);
    const log = server.control.requests().filter((r) => r.path.endsWith('/clip'));
    expect(log).toHaveLength(1);
    expect(log[0]?.status).toBe(0);
  });

  it('reset after the handler: the job exists but the client got no answer', async () => {
    const before = server.control.jobs().length;
    server.control.set({
      faults: [{ kind: 'reset', path: '/clip$', afterHandler: true, times: 1 }],
    });
    await expect(
      api.post(`/video/${SAMPLE.pricingTalkId}/clip`, { prompt: 'uncertain pricing' }),
    ).rejects.toThrow();
    expect(server.control.jobs().length).toBe(before + 1);
    const posts = server.control
      .requests()
      .filter((r) => r.method === 'POST' && r.path.endsWith('/clip'));
    expect(posts.map((p) => (p.body as { prompt: string }).prompt)).toEqual(['uncertain pricing']);
  });

  it('html-502 / html-504 / status-503 after the handler: the job exists, the answer is the error', async () => {
    const cases = [
      { kind: 'html-502', status: 502, html: true },
      { kind: 'html-504', status: 504, html: true },
      { kind: 'status-503', status: 503, html: false },
    ] as const;
    for (const c of cases) {
      const before = server.control.jobs().length;
      server.control.set({
        faults: [{ kind: c.kind, method: 'POST', path: '/clip$', afterHandler: true, times: 1 }],
      });
      const a = await api.post(`/video/${SAMPLE.pricingTalkId}/clip`, { prompt: `made ${c.kind}` });
      expect(a.status).toBe(c.status);
      expect(a.headers.get('content-type') ?? '').toMatch(c.html ? /text\/html/ : /json/);
      expect(server.control.jobs().length).toBe(before + 1);
      expect(server.control.requests().at(-1)?.status).toBe(c.status);
      // Used up: the next POST is answered normally.
      const b = await api.post(`/video/${SAMPLE.pricingTalkId}/clip`, { prompt: 'next' });
      expect(b.status).toBe(200);
    }
  });

  it('html-504 without afterHandler answers at once and creates nothing', async () => {
    server.control.set({ faults: [{ kind: 'html-504', method: 'POST', times: 1 }] });
    const a = await api.post(`/video/${SAMPLE.pricingTalkId}/clip`, { prompt: 'pricing' });
    expect(a.status).toBe(504);
    expect(server.control.jobs()).toHaveLength(0);
  });

  it('slow delays by delayMs', async () => {
    server.control.set({ faults: [{ kind: 'slow', delayMs: 300, times: 1 }] });
    const t0 = Date.now();
    expect((await api.get('/collection')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
  });

  it('mutate: wrong-types, missing-fields, huge-strings, deep-nesting, non-json', async () => {
    server.control.set({ faults: [{ kind: 'mutate', mutation: 'wrong-types', times: 1 }] });
    const wt = (await api.get(`/video/${SAMPLE.pricingTalkId}`)).json;
    expect(typeof wt.data.id).toBe('number');
    expect(wt.success).toBe(true);

    server.control.set({ faults: [{ kind: 'mutate', mutation: 'missing-fields', times: 1 }] });
    const mf = (await api.get(`/video/${SAMPLE.pricingTalkId}`)).json;
    expect(mf.data.id).toBeUndefined();
    expect(mf.data.name).toBeUndefined();

    server.control.set({ faults: [{ kind: 'mutate', mutation: 'huge-strings', times: 1 }] });
    const hs = await api.get('/collection');
    expect(hs.text.length).toBeGreaterThan(4 * 1024 * 1024);

    server.control.set({ faults: [{ kind: 'mutate', mutation: 'deep-nesting', times: 1 }] });
    const dn = await api.get('/collection');
    expect(dn.text.length).toBeGreaterThan(DEEP_NESTING_DEPTH * 5);

    server.control.set({ faults: [{ kind: 'mutate', mutation: 'non-json', times: 1 }] });
    const nj = await api.get('/collection');
    expect(nj.headers.get('content-type')).toMatch(/application\/json/);
    expect(nj.json).toBeUndefined();
  });
});

describe('callbacks', () => {
  it('POSTs the final envelope to callback_url and answers request_type async', async () => {
    const got: unknown[] = [];
    const receiver = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        got.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const cb = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      server.control.set({ jobDurationMs: 50 });
      const a = await api.post(`/video/${SAMPLE.pricingTalkId}/clip`, {
        prompt: 'pricing',
        callback_url: cb,
      });
      expect(a.json).toMatchObject({ success: true, status: 'processing', request_type: 'async' });
      const deadline = Date.now() + 3000;
      while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(got[0]).toMatchObject({
        success: true,
        status: 'done',
        data: { results: [{ video_id: SAMPLE.pricingTalkId }] },
      });
    } finally {
      await new Promise((r) => receiver.close(r));
    }
  });
});

describe('control API', () => {
  it('logs requests (not control ones) and exposes jobs', async () => {
    await api.get('/collection?x=1');
    await api.post(`/video/${SAMPLE.pricingTalkId}/clip`, { prompt: 'one' });
    const log = server.control.requests();
    expect(log.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /collection 200',
      `POST /video/${SAMPLE.pricingTalkId}/clip 200`,
    ]);
    expect(log[0]?.query).toEqual({ x: '1' });
    expect(
      server.control.jobs().some((j) => j.kind === 'clip' && j.videoId === SAMPLE.pricingTalkId),
    ).toBe(true);
  });

  it('works over HTTP with the token and refuses without it', async () => {
    const h = { 'x-control-token': server.control.token, 'content-type': 'application/json' };
    expect((await fetch(`${server.url}/_control/requests`)).status).toBe(403);
    await api.get('/collection');
    const set = await fetch(`${server.url}/_control/set`, {
      method: 'POST',
      headers: h,
      body: JSON.stringify({ finishShape: 'b' }),
    });
    expect((await set.json()).data.finishShape).toBe('b');
    const bad = await fetch(`${server.url}/_control/set`, {
      method: 'POST',
      headers: h,
      body: JSON.stringify({ finishShape: 'd' }),
    });
    expect(bad.status).toBe(400);
    const reqs = await (await fetch(`${server.url}/_control/requests`, { headers: h })).json();
    expect(reqs.data.requests).toHaveLength(1);
    const t0 = server.control.now();
    const adv = await fetch(`${server.url}/_control/advance`, {
      method: 'POST',
      headers: h,
      body: JSON.stringify({ ms: 60_000 }),
    });
    expect((await adv.json()).data.now).toBeGreaterThanOrEqual(t0 + 60_000);
    const reset = await fetch(`${server.url}/_control/reset`, { method: 'POST', headers: h });
    expect((await reset.json()).data.finishShape).toBe('a');
    expect(server.control.requests()).toHaveLength(0);
  });
});
