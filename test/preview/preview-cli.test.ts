/**
 * The preview's command line never carries the API key (issue 9: a key in argv is visible to every
 * user of the machine through `ps`). It comes from VIDEODB_API_KEY or the first line of stdin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../server';
import { makeFixtureRenderer } from './fixture-renderer';

const root = resolve(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
let server: RunningServer;
let fixture: { root: string; parent: string };
const dirs: string[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = await startServer({});
  fixture = makeFixtureRenderer();
});
afterAll(async () => {
  for (const c of children) c.kill('SIGTERM');
  await server.close();
  rmSync(fixture.parent, { recursive: true, force: true });
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function runCli(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; output: () => string; url: Promise<string> } {
  const dataDir = mkdtempSync(join(tmpdir(), 'clips-preview-cli-'));
  dirs.push(dataDir);
  const child = spawn(
    process.execPath,
    [
      tsx,
      'app/preview/cli.ts',
      '--api-base-url',
      server.url,
      '--data-dir',
      dataDir,
      '--renderer-dir',
      fixture.root,
      ...args,
    ],
    { cwd: root, env: { ...process.env, VIDEODB_API_KEY: '', ...env }, stdio: 'pipe' },
  );
  children.push(child);
  let out = '';
  const url = new Promise<string>((done, fail) => {
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = /preview: (http:\/\/\S+)/.exec(out);
      if (m?.[1]) done(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => fail(new Error(`exited ${code}: ${out}`)));
  });
  return { child, output: () => out, url };
}

async function hasKey(pageUrl: string): Promise<boolean> {
  const u = new URL(pageUrl);
  const ws = new WebSocket(
    `ws://${u.host}/__preview/ws?token=${u.searchParams.get('token') ?? ''}`,
    { origin: u.origin },
  );
  await new Promise((r, j) => (ws.on('open', r), ws.on('error', j)));
  const reply = new Promise<{ result: { ok: boolean; value: { hasKey: boolean } } }>((r) =>
    ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString()) as { type: string; id?: number };
      if (m.type === 'reply' && m.id === 1) r(m as never);
    }),
  );
  ws.send(JSON.stringify({ id: 1, channel: 'secrets:status', input: {} }));
  const r = await reply;
  ws.close();
  return r.result.value.hasKey;
}

/** The process's command line as `ps` shows it (Linux), or null elsewhere. */
function cmdline(pid: number | undefined): string | null {
  const file = `/proc/${pid}/cmdline`;
  return pid !== undefined && existsSync(file) ? readFileSync(file, 'utf8') : null;
}

describe('preview command line', () => {
  it('takes the key from VIDEODB_API_KEY, never from argv', async () => {
    const run = runCli([], { VIDEODB_API_KEY: server.apiKey });
    const url = await run.url;
    expect(await hasKey(url)).toBe(true);
    const line = cmdline(run.child.pid);
    if (line !== null) expect(line).not.toContain(server.apiKey);
  });

  it('takes the key from the first line of stdin with --api-key-stdin', async () => {
    const run = runCli(['--api-key-stdin']);
    run.child.stdin?.write(`${server.apiKey}\n`);
    const url = await run.url;
    expect(await hasKey(url)).toBe(true);
    expect(run.output()).not.toContain(server.apiKey);
  });

  it('refuses --api-key with a plain reason and does not start', async () => {
    const run = runCli(['--api-key', server.apiKey]);
    await expect(run.url).rejects.toThrow(
      /exited 1: --api-key is refused: .*visible to every user/,
    );
    expect(run.output()).not.toContain(server.apiKey);
  });

  it('without a key it starts and the page asks for one', async () => {
    const run = runCli([]);
    expect(await hasKey(await run.url)).toBe(false);
  });
});
