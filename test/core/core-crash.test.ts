/**
 * The exactly-once promise under SIGKILL: a child process runs a core and is killed at several
 * points of a clip's life; a new core on the same database file then finishes the work. The
 * server's request log must show the prompt's POST exactly once, or the job must be `uncertain`
 * when the app could not know whether the POST arrived.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startServer, SAMPLE, type RunningServer } from '../server';
import { makeCore, tempDataDir, waitFor } from './fixtures/harness';

let server: RunningServer;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startServer({ jobDurationMs: 1500 });
});
afterAll(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
beforeEach(async () => {
  server.control.reset({ state: true });
  await server.control.settled();
});

interface Msg {
  event: string;
  id: string;
  status: string;
  progress?: number | null;
}

/** Start the child; resolves with the message that made `killWhen` true, after SIGKILL. */
async function runAndKill(
  env: Record<string, string>,
  killWhen: (m: Msg, all: Msg[]) => boolean,
  /** Also wait for this (checked every 5 ms) before the kill, e.g. "the POST reached the server". */
  andThen: () => boolean = () => true,
): Promise<{ killedAt: Msg; messages: Msg[] }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'crash-child.ts')],
    {
      cwd: join(import.meta.dirname, '..', '..'),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const messages: Msg[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`child never reached the kill point. stderr: ${stderr}`));
      }, 20_000);
      child.once('exit', (code) => {
        if (!child.killed) {
          clearTimeout(timer);
          reject(new Error(`child exited (${code}) early: ${stderr}`));
        }
      });
      createInterface({ input: child.stdout! }).on('line', (line) => {
        let m: Msg;
        try {
          m = JSON.parse(line) as Msg;
        } catch {
          return;
        }
        messages.push(m);
        if (!child.killed && killWhen(m, messages)) {
          const kill = () => {
            if (child.killed) return;
            if (!andThen()) return void setTimeout(kill, 5);
            child.kill('SIGKILL');
            clearTimeout(timer);
            resolve({ killedAt: m, messages });
          };
          kill();
        }
      });
    });
  } finally {
    await exited;
  }
}

function scenarioEnv(dataDir: string, prompt: string, extra: Record<string, string> = {}) {
  return {
    DATA_DIR: dataDir,
    SERVER_URL: server.url,
    API_KEY: server.apiKey,
    PROMPT: prompt,
    VIDEO_ID: SAMPLE.pricingTalkId,
    COLLECTION_ID: SAMPLE.defaultCollectionId,
    ...extra,
  };
}

const postsFor = (prompt: string) =>
  server.control
    .requests()
    .filter(
      (r) =>
        r.method === 'POST' &&
        r.path.endsWith('/clip') &&
        (r.body as { prompt?: string } | undefined)?.prompt === prompt,
    );

/** Restart a core on the same file and wait until the job settles. */
async function restartAndSettle(dataDir: string, id: string, settled: string[]) {
  const tc = await makeCore({ serverUrl: server.url, apiKey: server.apiKey, dataDir });
  try {
    // A child that paused sending (to be killed with its request still queued) left the pause
    // on, and the pause outlives restarts: the user resumes.
    await tc.core.handlers['outbox:resume']({});
    const job = await waitFor(async () => {
      const j = await tc.core.handlers['jobs:get']({ id });
      return settled.includes(j.status) ? j : null;
    }, 15_000);
    // Give the engine time to (wrongly) send anything again before judging.
    await new Promise((r) => setTimeout(r, 400));
    return await tc.core.handlers['jobs:get']({ id: job.id });
  } finally {
    await tc.close();
  }
}

function freshDir() {
  const d = tempDataDir('crash-');
  dirs.push(d);
  return d;
}

describe('exactly-once under SIGKILL', () => {
  it('killed after the insert, before the send: the restart sends it once', async () => {
    const dir = freshDir();
    const prompt = 'raising prices';
    const { killedAt } = await runAndKill(
      scenarioEnv(dir, prompt, { PAUSE: '1' }),
      (m) => m.event === 'submitted',
    );
    expect(killedAt.status).toBe('queued');
    expect(postsFor(prompt)).toHaveLength(0);
    const job = await restartAndSettle(dir, killedAt.id, ['done', 'failed', 'uncertain']);
    expect(job.status).toBe('done');
    expect(postsFor(prompt)).toHaveLength(1);
  });

  it('killed while the POST is held open: uncertain, never resent on its own', async () => {
    const dir = freshDir();
    const prompt = 'pricing tiers';
    server.control.set({
      faults: [{ kind: 'slow', method: 'POST', path: '/clip$', delayMs: 1500 }],
    });
    const { killedAt } = await runAndKill(
      scenarioEnv(dir, prompt),
      (m) => m.event === 'job' && m.status === 'sending',
      // Kill only once the POST is on the server, held open by the fault (which then creates the
      // job even though the client is gone).
      () => postsFor(prompt).length === 1,
    );
    expect(server.control.jobs().some((j) => j.kind === 'clip')).toBe(false);
    server.control.set({ faults: [] });
    const job = await restartAndSettle(dir, killedAt.id, ['uncertain', 'done', 'failed']);
    expect(job.status).toBe('uncertain');
    expect(job.error?.message).toMatch(/may or may not have reached/);
    await waitFor(() => server.control.jobs().some((j) => j.kind === 'clip'), 5000);
    expect(postsFor(prompt)).toHaveLength(1);
  });

  it('killed after the POST returned, before the first poll: the restart polls it to done', async () => {
    const dir = freshDir();
    const prompt = 'value metric';
    const { killedAt } = await runAndKill(
      scenarioEnv(dir, prompt, { FIRST_POLL_MS: '1500' }),
      (m) => m.event === 'job' && m.status === 'processing',
    );
    expect(server.control.requests().some((r) => r.path.startsWith('/async-response/'))).toBe(
      false,
    );
    const job = await restartAndSettle(dir, killedAt.id, ['done', 'failed', 'uncertain']);
    expect(job.status).toBe('done');
    expect(job.segments.length).toBeGreaterThan(0);
    expect(postsFor(prompt)).toHaveLength(1);
  });

  it('killed while polling: the restart resumes polling, no second POST', async () => {
    const dir = freshDir();
    const prompt = 'discount chart';
    server.control.set({ jobDurationMs: 2000 });
    const { killedAt } = await runAndKill(
      scenarioEnv(dir, prompt),
      (m) => m.event === 'job' && m.status === 'processing' && (m.progress ?? 0) > 0,
    );
    expect(server.control.requests().some((r) => r.path.startsWith('/async-response/'))).toBe(true);
    const job = await restartAndSettle(dir, killedAt.id, ['done', 'failed', 'uncertain']);
    expect(job.status).toBe('done');
    expect(postsFor(prompt)).toHaveLength(1);
  });
});
