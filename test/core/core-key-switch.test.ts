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

// Issue 16: a new address used to log the person out silently. They may take the key along, but
// only on their own yes outside the page (main asks in a system dialog), since a compromised page
// could otherwise carry the key to any host.
describe('core: moving the key to a new address', () => {
  async function coreWithKey(
    confirmKeyMove?: (m: { from: string; to: string }) => Promise<boolean>,
  ) {
    const dataDir = tempDataDir('key-move-');
    dirs.push(dataDir);
    const inner = createMemorySecretStore('session');
    tc = await makeCore({
      serverUrl: server.url,
      apiKey: null,
      dataDir,
      secrets: inner,
      ...(confirmKeyMove ? { confirmKeyMove } : {}),
    });
    // Saved after start: the move reads the keychain itself, not the key loaded in memory.
    await inner.set(accountFor(server.url), server.apiKey);
    return { h: tc.core.handlers, inner };
  }

  it('on yes: the key is saved for the new address only and the new address gets it', async () => {
    const asked: Array<{ from: string; to: string }> = [];
    const dataDir = tempDataDir('key-move-');
    dirs.push(dataDir);
    const inner = createMemorySecretStore('session');
    tc = await makeCore({
      serverUrl: server.url,
      apiKey: server.apiKey,
      dataDir,
      secrets: inner,
      confirmKeyMove: async (m) => {
        asked.push(m);
        return true;
      },
    });
    const h = tc.core.handlers;
    const after = await h['settings:update']({ apiBaseUrl: `${captureUrl}/`, moveKey: true });
    expect(after.apiBaseUrl).toBe(captureUrl);
    expect(asked).toEqual([{ from: server.url, to: captureUrl }]);
    expect(await inner.get(accountFor(captureUrl))).toBe(server.apiKey);
    expect(await inner.get(accountFor(server.url))).toBeNull();
    expect(await h['secrets:status']({})).toEqual({
      hasKey: true,
      storage: 'session',
      apiBaseUrl: captureUrl,
    });
    await h['library:refresh']({}).catch(() => undefined);
    expect(tokensAtX()).toContain(server.apiKey);
    expect(tc.logger.lines.join('\n')).not.toContain(server.apiKey);
  });

  it('on no: nothing changes, the old address keeps its key and the new one hears nothing', async () => {
    const { h, inner } = await coreWithKey(async () => false);
    await expect(
      h['settings:update']({ apiBaseUrl: captureUrl, moveKey: true }),
    ).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/cancelled/) });
    expect((await h['settings:get']({})).apiBaseUrl).toBe(server.url);
    expect(await inner.get(accountFor(server.url))).toBe(server.apiKey);
    expect(await inner.get(accountFor(captureUrl))).toBeNull();
    expect(captured).toEqual([]);
  });

  it('without a way to ask (the browser preview) the move is refused in plain words', async () => {
    const { h, inner } = await coreWithKey();
    await expect(
      h['settings:update']({ apiBaseUrl: captureUrl, moveKey: true }),
    ).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/desktop app/) });
    expect((await h['settings:get']({})).apiBaseUrl).toBe(server.url);
    expect(await inner.get(accountFor(captureUrl))).toBeNull();
    expect(captured).toEqual([]);
  });

  it('the same address with moveKey is an ordinary save: nobody is asked', async () => {
    let asked = 0;
    const { h, inner } = await coreWithKey(async () => {
      asked += 1;
      return true;
    });
    await h['settings:update']({ apiBaseUrl: server.url, moveKey: true });
    expect(asked).toBe(0);
    expect(await inner.get(accountFor(server.url))).toBe(server.apiKey);
  });
});
