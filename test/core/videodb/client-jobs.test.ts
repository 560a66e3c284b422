import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createVideoDbClient,
  VideoDbError,
  type JobHandle,
  type VideoDbClient,
} from '../../../app/core/videodb';
import {
  INJECTED_FAILURE_MESSAGE,
  NOT_INDEXED_MESSAGE,
  SAMPLE,
  type RunningServer,
} from '../../server';
import { rejection, serverAndClient } from './helpers';

let server: RunningServer;
let client: VideoDbClient;
let closeAll: () => Promise<void>;

beforeAll(async () => {
  const s = await serverAndClient();
  server = s.server;
  closeAll = s.closeAll;
  client = s.client();
});
afterAll(async () => closeAll());
beforeEach(() => server.control.reset({ state: true }));

const clipPricing = (): Promise<JobHandle> =>
  client.clip(SAMPLE.pricingTalkId, {
    prompt: 'pricing tiers and discounts',
    contentType: 'spoken',
    modelName: 'basic',
  });

describe('videodb client: clip jobs', () => {
  it('posts a clip with snake_case fields and gets a sync job on the server origin', async () => {
    const job = await client.clip(SAMPLE.pricingTalkId, {
      prompt: 'pricing tiers',
      contentType: 'visual',
      modelName: 'pro',
      sceneIndexId: SAMPLE.pricingTalkShotsIndexId,
    });
    expect(job.requestType).toBe('sync');
    expect(job.outputUrl).toBe(`${server.url}/async-response/${job.id}`);
    const post = server.control.requests().at(-1);
    expect(post?.method).toBe('POST');
    expect(post?.body).toEqual({
      prompt: 'pricing tiers',
      content_type: 'visual',
      model_name: 'pro',
      scene_index_id: SAMPLE.pricingTalkShotsIndexId,
    });
  });

  it('gives an async job when a callback URL is passed', async () => {
    const job = await client.clip(SAMPLE.pricingTalkId, {
      prompt: 'pricing',
      contentType: 'spoken',
      modelName: 'basic',
      callbackUrl: 'https://example.invalid/hook',
    });
    expect(job.requestType).toBe('async');
  });

  it('refuses enum values the API rejects, before sending anything', async () => {
    const err = await rejection(
      client.clip(SAMPLE.pricingTalkId, {
        prompt: 'x',
        contentType: 'highlights' as never,
        modelName: 'basic',
      }),
    );
    expect((err as VideoDbError).code).toBe('validation');
    expect(server.control.requests()).toHaveLength(0);
  });

  for (const runningStatus of ['processing', 'in progress'] as const) {
    for (const finishShape of ['a', 'b', 'c'] as const) {
      for (const segmentLinkField of ['stream_url', 'stream_link'] as const) {
        it(`polls '${runningStatus}' to a finished result in shape (${finishShape}) with ${segmentLinkField}`, async () => {
          server.control.set({ runningStatus, finishShape, segmentLinkField });
          const job = await clipPricing();
          const running = await client.poll(job.outputUrl);
          expect(running.state).toBe('running');
          if (running.state === 'running') expect(running.percentage).toBeGreaterThanOrEqual(0);
          server.control.advanceTime(10_000);
          const done = await client.poll(job.outputUrl);
          if (done.state !== 'done') throw new Error(`expected done, got ${done.state}`);
          const result = client.parseClipResult(done.data);
          expect(result.segments.length).toBeGreaterThan(0);
          expect(result.videoTitle).toBe(SAMPLE.pricingTalkName);
          for (const s of result.segments) {
            expect(s.end).toBeGreaterThan(s.start);
            expect(s.score).toBeGreaterThan(0);
            expect(s.streamUrl).toMatch(/\.m3u8/);
          }
          expect(result.segments.map((s) => s.text.toLowerCase()).join(' ')).toMatch(/pric/);
          // Every poll carried the key (the server answers 401 otherwise).
          const polls = server.control
            .requests()
            .filter((r) => r.path.startsWith('/async-response/'));
          expect(polls.map((r) => r.status)).toEqual([200, 200]);
        });
      }
    }
  }

  for (const finishShape of ['a', 'b', 'c'] as const) {
    it(`reports a failed job in shape (${finishShape}) with its message classified`, async () => {
      server.control.set({ finishShape });
      const job = await client.clip(SAMPLE.unsearchableVideoId, {
        prompt: 'anything',
        contentType: 'spoken',
        modelName: 'basic',
      });
      server.control.advanceTime(10_000);
      const r = await client.poll(job.outputUrl);
      if (r.state !== 'failed') throw new Error(`expected failed, got ${r.state}`);
      expect(r.error.code).toBe('validation');
      expect(r.error.message).toBe(NOT_INDEXED_MESSAGE);

      server.control.set({ jobOutcome: 'fail' });
      const job2 = await clipPricing();
      server.control.advanceTime(10_000);
      const r2 = await client.poll(job2.outputUrl);
      if (r2.state !== 'failed') throw new Error(`expected failed, got ${r2.state}`);
      expect(r2.error.code).toBe('server');
      expect(r2.error.message).toContain(INJECTED_FAILURE_MESSAGE);
    });
  }

  it('a bare success:false poll answer is the job failing, with its message (the flag decides)', async () => {
    const job = await clipPricing();
    server.control.set({ faults: [{ kind: 'error-in-200', path: '^/async-response/', times: 1 }] });
    const r = await client.poll(job.outputUrl);
    if (r.state !== 'failed') throw new Error(`expected failed, got ${r.state}`);
    expect(r.error.message).toContain('An internal error occurred');
  });

  it('an unknown status word keeps the job running and is logged once', async () => {
    // A stand-in API that answers every poll with a word the app does not know.
    const standIn = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: true, status: 'Rendering', data: { percentage: 30 } }));
    });
    await new Promise<void>((r) => standIn.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
    const lines: string[] = [];
    const quiet = (): void => undefined;
    const c = createVideoDbClient({
      baseUrl: url,
      getApiKey: () => 'sk-test',
      logger: {
        debug: quiet,
        info: quiet,
        error: quiet,
        warn: (m, f) => lines.push(`${m} ${JSON.stringify(f)}`),
      },
    });
    try {
      for (let i = 0; i < 3; i++) {
        expect(await c.poll(`${url}/async-response/j1`)).toEqual({
          state: 'running',
          percentage: 30,
        });
      }
      expect(lines.filter((l) => l.includes('rendering'))).toHaveLength(1);
    } finally {
      await c.close();
      await new Promise<void>((r) => standIn.close(() => r()));
    }
  });

  it('keeps a never-ending job running', async () => {
    server.control.set({ jobOutcome: 'never' });
    const job = await clipPricing();
    server.control.advanceTime(3_600_000);
    expect(await client.poll(job.outputUrl)).toMatchObject({ state: 'running' });
  });

  it('treats an unknown or expired job (404) as failed with not-found', async () => {
    const r = await client.poll(`${server.url}/async-response/nope`);
    if (r.state !== 'failed') throw new Error('expected failed');
    expect(r.error.code).toBe('not-found');
    const job = await clipPricing();
    server.control.set({ faults: [{ kind: 'job-404' }] });
    const r2 = await client.poll(job.outputUrl);
    expect(r2.state === 'failed' && r2.error.code).toBe('not-found');
  });

  it('refuses to poll an output_url on a foreign origin (the key never goes there)', async () => {
    const foreign = 'http://127.0.0.2:9/async-response/abc';
    const err = await rejection(client.poll(foreign));
    expect(err).toBeInstanceOf(VideoDbError);
    expect((err as VideoDbError).code).toBe('bad-response');
    expect(server.control.requests()).toHaveLength(0);
    const sneaky = await rejection(
      client.poll(`${server.url.replace('127.0.0.1', 'localhost')}/async-response/x`),
    );
    expect((sneaky as VideoDbError).code).toBe('bad-response');
    // pollRefusal says why in plain words, without sending anything.
    expect(client.pollRefusal(foreign)).toMatch(/another site/);
    expect(client.pollRefusal(server.url.replace('http:', 'https:') + '/async-response/x')).toMatch(
      /starts with https:\/\/ while the API address starts with http:\/\//,
    );
    expect(client.pollRefusal('not a url')).toMatch(/could not read/);
    expect(client.pollRefusal(`${server.url}/async-response/x`)).toBeNull();
    expect(server.control.requests()).toHaveLength(0);
  });

  it('each job address is read once and kept: asked again, in any order, each keeps its own answer', async () => {
    const a = await clipPricing();
    const b = await client.clip(SAMPLE.acmeDemoId, {
      prompt: 'dashboard walkthrough',
      contentType: 'spoken',
      modelName: 'basic',
    });
    const foreign = 'http://127.0.0.2:9/async-response/abc';
    for (const url of [a.outputUrl, foreign, b.outputUrl, b.outputUrl, foreign, a.outputUrl]) {
      if (url === foreign) {
        expect(client.pollRefusal(url)).toMatch(/another site/);
        expect(((await rejection(client.poll(url))) as VideoDbError).code).toBe('bad-response');
      } else {
        expect(client.pollRefusal(url)).toBeNull();
        await client.poll(url);
      }
    }
    // Every poll went to its own job's address, and none to the foreign one.
    const polled = server.control
      .requests()
      .filter((r) => r.method === 'GET')
      .map((r) => r.path);
    const path = (u: string): string => new URL(u).pathname;
    expect(polled).toEqual([a, b, b, a].map((j) => path(j.outputUrl)));
  });

  it('rejects a clip result of the wrong shape as bad-response', () => {
    for (const bad of [
      null,
      'text',
      { results: 'x' },
      { results: [{ docs: [{ start: 'a', end: 2 }] }] },
    ]) {
      let caught: unknown;
      try {
        client.parseClipResult(bad);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(VideoDbError);
      expect((caught as VideoDbError).code).toBe('bad-response');
    }
    const ok = client.parseClipResult({
      results: [{ title: 'T', docs: [{ start: '1.5', end: 3, text: 'a', score: 0.5 }] }],
    });
    expect(ok.segments).toEqual([{ start: 1.5, end: 3, text: 'a', score: 0.5, streamUrl: null }]);
  });
});
