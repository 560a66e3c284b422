import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createVideoDbClient } from '../../../app/core/videodb';

// The local VideoDB server does not log headers, so this records them with a bare HTTP server.
const seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders }> = [];
const server = createServer((req, res) => {
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
  req.resume();
  req.on('end', () => {
    const host = `http://${req.headers.host ?? ''}`;
    const body =
      req.url === '/api/video/m-1/clip'
        ? {
            success: true,
            status: 'processing',
            data: { id: 'j1', output_url: `${host}/api/async-response/j1` },
          }
        : req.url?.startsWith('/api/async-response/')
          ? { success: true, status: 'in progress', data: {} }
          : { success: true, data: { collections: [], default_collection: null } };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});
afterAll(async () => new Promise<void>((r) => server.close(() => r())));

it('sends x-access-token and x-videodb-client on reads, posts and polls, under the base path', async () => {
  const client = createVideoDbClient({
    baseUrl: base,
    getApiKey: async () => 'sk-header-test-1',
    clientName: 'videodb-clips/9.9.9',
  });
  expect(client.baseUrl).toBe(base.slice(0, -1));
  await client.listCollections();
  const job = await client.clip('m-1', { prompt: 'p', contentType: 'spoken', modelName: 'basic' });
  expect(await client.poll(job.outputUrl)).toEqual({ state: 'running', percentage: null });
  await client.close();
  expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
    'GET /api/collection',
    'POST /api/video/m-1/clip',
    'GET /api/async-response/j1',
  ]);
  for (const s of seen) {
    expect(s.headers['x-access-token']).toBe('sk-header-test-1');
    expect(s.headers['x-videodb-client']).toBe('videodb-clips/9.9.9');
  }
});
