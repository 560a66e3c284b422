import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accountFor, createMemorySecretStore, type SecretStore } from '../../app/core';
import { SAMPLE, startServer, type RunningServer } from '../server';
import { makeCore, tempDataDir, waitFor, type TestCore } from './fixtures/harness';

// Issue 9: changing the API address must never carry the previous address's key to the new one,
// not even while the new address's key is still being read from a slow keychain.

const X_KEY = 'sk-capture-server-key-777777';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every request the capture server saw, with its headers. */
const captured: Array<{ method: string; url: string; headers: IncomingHttpHeaders }> = [];
let capture: Server;
let captureUrl = '';
let server: RunningServer;
let tc: TestCore | null = null;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startServer();
  // A bare HTTP server (the "new address"): it records headers and answers like an empty account.
  capture = createServer((req, res) => {
    captured.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => {
      const ok = req.method === 'GET' && req.url?.startsWith('/collection');
      res
        .writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
        .end(
          JSON.stringify(
            ok
              ? { success: true, data: { collections: [], default_collection: null } }
              : { success: false, message: 'Invalid API key' },
          ),
        );
    });
  });
  await new Promise<void>((r) => capture.listen(0, '127.0.0.1', r));
  captureUrl = `http://127.0.0.1:${(capture.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close();
  await new Promise<void>((r) => capture.close(() => r()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(async () => {
  await tc?.close();
  tc = null;
  captured.length = 0;
});

/** A keychain stand-in whose reads take 30 ms, like a real keychain daemon can. */
function slowKeychain(inner: SecretStore = createMemorySecretStore('session')): SecretStore {
  return {
    kind: inner.kind,
    get: async (account) => {
      await sleep(30);
      return inner.get(account);
    },
    set: (account, secret) => inner.set(account, secret),
    delete: (account) => inner.delete(account),
  };
}

/** The keys the new address received (the reachability probe carries none). */
const tokensAtX = () =>
  captured.flatMap((c) =>
    c.headers['x-access-token'] === undefined ? [] : [c.headers['x-access-token']],
  );

describe('core: switching the API address (key race)', () => {
  it.each([
    ['with a key saved for the new address', true],
    ['with no key saved for the new address', false],
  ])(
    'never sends the old key to the new address, %s',
    async (_name, xHasKey) => {
      const dataDir = tempDataDir('key-switch-');
      dirs.push(dataDir);
      const inner = createMemorySecretStore('session');
      if (xHasKey) await inner.set(accountFor(captureUrl), X_KEY);
      tc = await makeCore({
        serverUrl: server.url,
        apiKey: server.apiKey,
        dataDir,
        secrets: slowKeychain(inner),
      });
      const h = tc.core.handlers;
      // A request waits in the outbox (sending paused) so resuming drains it during the switch.
      await h['outbox:pause']({});
      const { job } = await h['jobs:submit']({
        videoId: SAMPLE.pricingTalkId,
        collectionId: SAMPLE.defaultCollectionId,
        prompt: 'raising prices',
        contentType: 'spoken',
        modelName: 'basic',
      });
      expect(job.status).toBe('queued');

      const switching = h['settings:update']({ apiBaseUrl: captureUrl });
      await sleep(5);
      const calls = [
        h['secrets:test-api-key']({}),
        h['library:refresh']({}),
        h['outbox:resume']({}),
        h['secrets:status']({}),
      ].map((p) => (p as Promise<unknown>).catch((e: unknown) => e));
      await switching;
      await Promise.all(calls);
      // The drained request has had its answer (or failed without one).
      await waitFor(async () => (await h['jobs:get']({ id: job.id })).status !== 'sending');
      await sleep(50);

      expect(tokensAtX()).not.toContain(server.apiKey);
      for (const t of tokensAtX()) expect(t).toBe(X_KEY);
      if (xHasKey) {
        // Calls made during the switch waited for the new address's own key and went there.
        expect(captured.some((c) => c.url === '/collection')).toBe(true);
        expect(tokensAtX()).toContain(X_KEY);
      }
      const status = await h['secrets:status']({});
      expect(status).toEqual({ hasKey: xHasKey, storage: 'session', apiBaseUrl: captureUrl });
      // The old address never saw the new address's key either.
      expect(tc.logger.lines.join('\n')).not.toContain(server.apiKey);
    },
    15_000,
  );

  it('a key being checked for the old address while the address changes is saved for the old one only', async () => {
    const dataDir = tempDataDir('key-switch-');
    dirs.push(dataDir);
    const inner = createMemorySecretStore('session');
    tc = await makeCore({
      serverUrl: server.url,
      apiKey: null,
      dataDir,
      secrets: slowKeychain(inner),
    });
    const h = tc.core.handlers;
    server.control.set({ latencyMs: 60 });
    try {
      const setting = h['secrets:set-api-key']({ apiKey: server.apiKey });
      await sleep(5);
      await h['settings:update']({ apiBaseUrl: captureUrl });
      await setting;
    } finally {
      server.control.set({ latencyMs: 0 });
    }
    expect(await inner.get(accountFor(server.url))).toBe(server.apiKey);
    expect(await inner.get(accountFor(captureUrl))).toBeNull();
    expect((await h['secrets:status']({})).hasKey).toBe(false);
    await expect(h['secrets:test-api-key']({})).rejects.toMatchObject({ code: 'auth' });
    await h['library:refresh']({}).catch(() => undefined);
    expect(tokensAtX()).not.toContain(server.apiKey);
  });
});
