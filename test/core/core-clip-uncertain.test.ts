/**
 * Issue 9: an answer to a clip POST that does not prove the job was not created (a gateway's
 * 502/504 page, a 503, a connection cut after the request went out, no answer in time) makes the
 * job `uncertain`; it is sent again only when the user asks (`jobs:resend-uncertain`). Answers that
 * prove a refusal (429, 400, 402) and a connection that was never made keep today's behaviour.
 * A real core on a real SQLite file against the local server; POSTs are counted in its log.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { CoreTuning } from '../../app/core';
import { startServer, SAMPLE, type Fault, type RunningServer } from '../server';
import { makeCore, tempDataDir, waitFor, type TestCore } from './fixtures/harness';

let server: RunningServer;
let tc: TestCore | null = null;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startServer({ jobDurationMs: 300 });
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
});

async function core(tuning: Partial<CoreTuning> = {}): Promise<TestCore> {
  const dataDir = tempDataDir();
  dirs.push(dataDir);
  tc = await makeCore({ serverUrl: server.url, apiKey: server.apiKey, dataDir, tuning });
  return tc;
}

const req = (prompt: string) => ({
  videoId: SAMPLE.pricingTalkId,
  collectionId: SAMPLE.defaultCollectionId,
  prompt,
  contentType: 'spoken' as const,
  modelName: 'basic' as const,
});

const clipPosts = (prompt: string) =>
  server.control
    .requests()
    .filter(
      (r) =>
        r.method === 'POST' &&
        r.path === `/video/${SAMPLE.pricingTalkId}/clip` &&
        (r.body as { prompt?: unknown } | undefined)?.prompt === prompt,
    );
const clipJobs = () => server.control.jobs().filter((j) => j.kind === 'clip');

async function waitStatus(t: TestCore, id: string, status: string, timeoutMs = 10_000) {
  return waitFor(
    async () => {
      const j = await t.core.handlers['jobs:get']({ id });
      return j.status === status ? j : null;
    },
    timeoutMs,
    `job ${id} to be ${status}`,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Faults that make the server create the job and then fail the answer. */
const AFTER_CREATE: Array<{ name: string; fault: Fault; status: number }> = [
  {
    name: 'a gateway 502 (HTML page)',
    fault: { kind: 'html-502', method: 'POST', path: '/clip$', afterHandler: true, times: 1 },
    status: 502,
  },
  {
    name: 'a gateway 504 (HTML page)',
    fault: { kind: 'html-504', method: 'POST', path: '/clip$', afterHandler: true, times: 1 },
    status: 504,
  },
  {
    name: 'a 503 (JSON)',
    fault: { kind: 'status-503', method: 'POST', path: '/clip$', afterHandler: true, times: 1 },
    status: 503,
  },
  {
    name: 'the socket destroyed',
    fault: { kind: 'reset', method: 'POST', path: '/clip$', afterHandler: true, times: 1 },
    status: 0,
  },
];

describe('core: a clip POST whose answer does not prove a refusal', () => {
  for (const c of AFTER_CREATE) {
    it(`job created, then ${c.name}: one POST, uncertain, resent once only when asked`, async () => {
      const t = await core();
      server.control.set({ faults: [c.fault] });
      const prompt = `after create ${c.fault.kind}`;
      const { job } = await t.core.handlers['jobs:submit'](req(prompt));
      const unc = await waitStatus(t, job.id, 'uncertain');
      expect(unc.error).not.toBeNull();
      expect(unc.error!.message).toMatch(/cannot tell|may have reached/);
      expect(unc.error!.message).toMatch(/Send it again only if/);
      expect(unc.error!.message).not.toMatch(/[<>{}]|undefined|null/);
      // The server made the job; the app sent exactly one POST and keeps it that way.
      expect(clipJobs()).toHaveLength(1);
      expect(clipPosts(prompt).map((r) => r.status)).toEqual([c.status]);
      await sleep(600); // far beyond the outbox backoff of the test tuning (50–400 ms)
      expect(clipPosts(prompt)).toHaveLength(1);
      expect((await t.core.handlers['jobs:get']({ id: job.id })).status).toBe('uncertain');
      expect((await t.core.handlers['connectivity:status']({})).queued).toBe(0);

      // On the user's say-so: sent once more, and that one goes through.
      const resent = await t.core.handlers['jobs:resend-uncertain']({ id: job.id });
      expect(resent.status).toBe('queued');
      const done = await waitStatus(t, job.id, 'done');
      expect(done.error).toBeNull();
      expect(clipPosts(prompt).map((r) => r.status)).toEqual([c.status, 200]);
    });
  }

  it('a 502 page before the server did anything is still uncertain (the app cannot tell)', async () => {
    const t = await core();
    server.control.set({ faults: [{ kind: 'html-502', method: 'POST', path: '/clip$' }] });
    const { job } = await t.core.handlers['jobs:submit'](req('plain 502'));
    const unc = await waitStatus(t, job.id, 'uncertain');
    expect(unc.error!.message).toContain('502');
    await sleep(600);
    expect(clipPosts('plain 502')).toHaveLength(1);
  });

  it('no answer in time: one POST, uncertain, though the server made the job afterwards', async () => {
    // undici checks timeouts on a coarse (~0.5–1 s) timer, so the delay clearly exceeds it.
    const t = await core({ headersTimeoutMs: 300 });
    server.control.set({
      faults: [{ kind: 'slow', method: 'POST', path: '/clip$', delayMs: 2500, times: 1 }],
    });
    const { job } = await t.core.handlers['jobs:submit'](req('too slow'));
    const unc = await waitStatus(t, job.id, 'uncertain');
    expect(unc.error!.message).toMatch(/may have reached/);
    await waitFor(() => clipJobs().length === 1, 5_000, 'the slow server to make the job');
    await sleep(300);
    expect(clipPosts('too slow')).toHaveLength(1);
    expect((await t.core.handlers['jobs:get']({ id: job.id })).status).toBe('uncertain');
  });
});

describe('core: clip POST answers that prove a refusal behave as before', () => {
  it('429: refused, retried after the wait, done; two POSTs, one job', async () => {
    const t = await core();
    server.control.set({
      faults: [{ kind: 'rate-limit', method: 'POST', path: '/clip$', times: 1 }],
    });
    const { job } = await t.core.handlers['jobs:submit'](req('rate limited'));
    await waitStatus(t, job.id, 'done');
    expect(clipPosts('rate limited').map((r) => r.status)).toEqual([429, 200]);
    expect(clipJobs()).toHaveLength(1);
  });

  it('400: failed at once with the server’s words, one POST', async () => {
    const t = await core();
    server.control.set({ faults: [{ kind: 'bad-request-400', method: 'POST', path: '/clip$' }] });
    const { job } = await t.core.handlers['jobs:submit'](req('bad request'));
    const failed = await waitStatus(t, job.id, 'failed');
    expect(failed.error).toEqual({ code: 'validation', message: 'Invalid value for model_name.' });
    await sleep(300);
    expect(clipPosts('bad request')).toHaveLength(1);
  });

  it('connection refused (nothing left the machine): waits, then sent once when back', async () => {
    const t = await core();
    // The core still believes it is online: the POST itself meets the closed port.
    server.control.set({ offline: true });
    await server.control.settled();
    const { job } = await t.core.handlers['jobs:submit'](req('refused'));
    await waitFor(async () => !(await t.core.handlers['connectivity:status']({})).online);
    expect((await t.core.handlers['jobs:get']({ id: job.id })).status).toBe('queued');
    server.control.set({ offline: false });
    await server.control.settled();
    await waitStatus(t, job.id, 'done');
    expect(clipPosts('refused')).toHaveLength(1);
    expect(clipJobs()).toHaveLength(1);
  });
});
