import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import {
  accountFor,
  createCore,
  createMemorySecretStore,
  type Core,
  type Logger,
} from '../../app/core';
import { startServer, SAMPLE, type RunningServer } from '../server';
import { FAST_TUNING, makeCore, tempDataDir, waitFor, type TestCore } from './fixtures/harness';

// A "key" that, redacted inside JSON text, breaks that JSON (`"GET /collection","status":401`).
const CRAFTED_KEY = '","st';

let server: RunningServer;
let tc: TestCore | null = null;
let raw: Core | null = null;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startServer({ jobDurationMs: 200 });
});
afterAll(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
beforeEach(async () => {
  server.control.reset({ state: true });
  await server.control.settled();
});
afterEach(async () => {
  await tc?.close();
  tc = null;
  await raw?.close();
  raw = null;
});

const req = (prompt: string) => ({
  videoId: SAMPLE.pricingTalkId,
  collectionId: SAMPLE.defaultCollectionId,
  prompt,
  contentType: 'spoken' as const,
  modelName: 'basic' as const,
});

async function clipEndsDone(c: Core, prompt: string): Promise<void> {
  const { job } = await c.handlers['jobs:submit'](req(prompt));
  const done = await waitFor(
    async () => {
      const j = await c.handlers['jobs:get']({ id: job.id });
      if (j.status === 'failed') throw new Error(`job failed: ${j.error?.message ?? ''}`);
      return j.status === 'done' ? j : null;
    },
    10_000,
    'the clip to end done',
  );
  expect(done.segments.length).toBeGreaterThan(0);
}

describe('core: logging never changes an outcome', () => {
  it('a crafted key tested once does not break later requests; an accepted clip still ends done', async () => {
    const dataDir = tempDataDir('log-');
    dirs.push(dataDir);
    tc = await makeCore({ serverUrl: server.url, apiKey: server.apiKey, dataDir });
    // The server refuses it as a key: a plain auth error, not a SyntaxError.
    await expect(
      tc.core.handlers['secrets:test-api-key']({ apiKey: CRAFTED_KEY }),
    ).rejects.toMatchObject({ code: 'auth' });
    await expect(tc.core.handlers['secrets:test-api-key']({})).resolves.toEqual({ ok: true });
    const collections = await tc.core.handlers['library:list-collections']({ refresh: true });
    expect(collections.fromCache).toBe(false);
    await clipEndsDone(tc.core, 'raising prices');
    expect(
      server.control
        .requests()
        .filter((r) => r.method === 'POST' && r.path === `/video/${SAMPLE.pricingTalkId}/clip`),
    ).toHaveLength(1);
    expect(tc.logger.lines.join('\n')).not.toMatch(/SyntaxError|JSON/);
    expect(tc.logger.lines.join('\n')).not.toContain(server.apiKey);
  });

  it('an injected logger that throws on every line changes nothing', async () => {
    const dataDir = tempDataDir('log-');
    dirs.push(dataDir);
    const secrets = createMemorySecretStore();
    await secrets.set(accountFor(server.url), server.apiKey);
    const boom = (): void => {
      throw new Error('the log sink is gone');
    };
    const logger: Logger = { debug: boom, info: boom, warn: boom, error: boom };
    raw = await createCore({
      dataDir,
      secretStore: secrets,
      clipboard: { writeText: () => undefined },
      defaultApiBaseUrl: server.url,
      logger,
      appVersion: 'test',
      tuning: FAST_TUNING,
    });
    await raw.start();
    await expect(raw.handlers['secrets:test-api-key']({})).resolves.toEqual({ ok: true });
    await expect(
      raw.handlers['secrets:test-api-key']({ apiKey: 'sk-wrong-key-000000' }),
    ).rejects.toMatchObject({ code: 'auth' });
    await clipEndsDone(raw, 'coffee break');
  });
});
