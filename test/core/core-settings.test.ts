import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE, accountFor, createMemorySecretStore } from '../../app/core';
import { startServer, type RunningServer } from '../server';
import { makeCore, tempDataDir, type TestCore } from './fixtures/harness';

let server: RunningServer;
let other: RunningServer;
let tc: TestCore | null = null;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startServer();
  other = await startServer({ apiKey: 'sk-other-server-key-123456' });
});
afterAll(async () => {
  await server.close();
  await other.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(async () => {
  await tc?.close();
  tc = null;
});

describe('core: secrets and settings', () => {
  it('checks a key before storing it; reports memory storage; clears it', async () => {
    const dataDir = tempDataDir('set-');
    dirs.push(dataDir);
    const secrets = createMemorySecretStore();
    tc = await makeCore({ serverUrl: server.url, apiKey: null, dataDir, secrets });
    expect(await tc.core.handlers['secrets:status']({})).toEqual({
      hasKey: false,
      storage: 'memory',
      apiBaseUrl: server.url,
    });
    await expect(tc.core.handlers['secrets:test-api-key']({})).rejects.toMatchObject({
      code: 'auth',
    });
    await expect(
      tc.core.handlers['secrets:set-api-key']({ apiKey: 'sk-wrong-key-000000' }),
    ).rejects.toMatchObject({ code: 'auth' });
    expect(await secrets.get(accountFor(server.url))).toBeNull();
    const status = await tc.core.handlers['secrets:set-api-key']({ apiKey: server.apiKey });
    expect(status.hasKey).toBe(true);
    expect(await secrets.get(accountFor(server.url))).toBe(server.apiKey);
    await expect(tc.core.handlers['secrets:test-api-key']({})).resolves.toEqual({ ok: true });
    expect(tc.events.some((e) => e.name === 'secrets:changed' && e.payload.hasKey)).toBe(true);
    // The key is never in a log line.
    expect(tc.logger.lines.join('\n')).not.toContain(server.apiKey);
    const cleared = await tc.core.handlers['secrets:clear']({});
    expect(cleared.hasKey).toBe(false);
    expect(await secrets.get(accountFor(server.url))).toBeNull();
  });

  it('an offline key check says so', async () => {
    const dataDir = tempDataDir('set-');
    dirs.push(dataDir);
    tc = await makeCore({ serverUrl: server.url, apiKey: null, dataDir });
    server.control.set({ offline: true });
    await server.control.settled();
    try {
      await expect(
        tc.core.handlers['secrets:set-api-key']({ apiKey: server.apiKey }),
      ).rejects.toMatchObject({ code: 'offline' });
    } finally {
      server.control.set({ offline: false });
      await server.control.settled();
    }
  });

  it('changing the API address switches client and key; settings persist', async () => {
    const dataDir = tempDataDir('set-');
    dirs.push(dataDir);
    const secrets = createMemorySecretStore();
    await secrets.set(accountFor(other.url), other.apiKey);
    tc = await makeCore({ serverUrl: server.url, apiKey: server.apiKey, dataDir, secrets });
    expect(await tc.core.handlers['settings:get']({})).toEqual({
      apiBaseUrl: server.url,
      notifications: true,
    });
    const s = await tc.core.handlers['settings:update']({
      apiBaseUrl: `${other.url}/`,
      notifications: false,
    });
    expect(s).toEqual({ apiBaseUrl: other.url, notifications: false });
    expect((await tc.core.handlers['secrets:status']({})).apiBaseUrl).toBe(other.url);
    other.control.reset();
    await tc.core.handlers['library:list-collections']({ refresh: true });
    expect(other.control.requests().some((r) => r.path === '/collection')).toBe(true);
    await tc.close();
    tc = await makeCore({ serverUrl: server.url, apiKey: null, dataDir, secrets });
    expect(await tc.core.handlers['settings:get']({})).toEqual({
      apiBaseUrl: other.url,
      notifications: false,
    });
    expect((await tc.core.handlers['secrets:status']({})).hasKey).toBe(true);
  });

  it('tells the user at start when a damaged history file was moved aside', async () => {
    const dataDir = tempDataDir('damaged-');
    dirs.push(dataDir);
    writeFileSync(join(dataDir, DATABASE_FILE), 'this is not a database '.repeat(400));
    tc = await makeCore({ serverUrl: server.url, dataDir, secrets: createMemorySecretStore() });
    const warnings = await tc.core.handlers['app:startup-warnings']({});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/moved aside|could not be read|damaged/i);
    expect(readdirSync(dataDir).some((n) => n.includes('.corrupt-'))).toBe(true);
    // The fresh database works.
    expect((await tc.core.handlers['jobs:list']({ offset: 0, limit: 10 })).total).toBe(0);
  });
});
