/**
 * The first five minutes (issue: "First run that works"): every npm script stops with one plain
 * line on a Node older than 24, installs refuse old Node at once, nothing resolves a deep path into
 * a package, and `npm start` without an Electron binary says so in one line and points to the demo.
 * The newcomer path itself (demo from a clean clone, in Chromium) is test/newcomer/run.ts, run by CI.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { electronBinary, NO_ELECTRON_MESSAGE } from '../../scripts/electron-binary';

const root = resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  engines: { node: string };
};
const checkNode = readFileSync(join(root, 'scripts', 'check-node.mjs'), 'utf8');

/** Run check-node.mjs as if on the given Node version; returns what it printed and its exit code. */
function checkOn(version: string): { lines: string[]; exit: number | null } {
  const lines: string[] = [];
  let exit: number | null = null;
  const fakeProcess = {
    versions: { node: version },
    exit: (code: number) => {
      exit = code;
    },
  };
  const fakeConsole = { error: (s: string) => lines.push(s), log: (s: string) => lines.push(s) };
  runInNewContext(checkNode, { process: fakeProcess, console: fakeConsole });
  return { lines, exit };
}

describe('wrong Node', () => {
  it('Node 20 gets one plain line naming Node 24 and how to get it, and exit 1', () => {
    const { lines, exit } = checkOn('20.20.2');
    expect(exit).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/needs Node\.js 24 or newer; this is Node\.js 20\.20\.2/);
    expect(lines[0]).toMatch(/nvm install/);
  });

  it('Node 24 and newer pass silently', () => {
    expect(checkOn('24.0.0')).toEqual({ lines: [], exit: null });
    expect(checkOn('26.1.0')).toEqual({ lines: [], exit: null });
  });

  it('every script that runs app code checks Node first', () => {
    for (const [name, script] of Object.entries(pkg.scripts)) {
      if (name === 'format') continue; // prettier alone runs on any Node
      expect(script.startsWith('node scripts/check-node.mjs && '), name).toBe(true);
    }
  });

  it('install refuses an old Node at once (engine-strict), and version files name 24', () => {
    expect(pkg.engines.node).toBe('>=24');
    expect(readFileSync(join(root, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
    expect(readFileSync(join(root, '.nvmrc'), 'utf8').trim()).toBe('24');
    expect(readFileSync(join(root, '.node-version'), 'utf8').trim()).toBe('24');
  });
});

describe('fresh clone', () => {
  it('no script or launcher resolves a path inside a package (exports forbid it)', () => {
    const files = [
      ...readdirSync(join(root, 'scripts')).map((f) => join(root, 'scripts', f)),
      join(root, 'test', 'demo.ts'),
    ];
    for (const file of files) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(
        /require(_)?\.resolve\(['"][^'"]+\/bin\//,
      );
    }
    for (const script of Object.values(pkg.scripts))
      expect(script).not.toMatch(/electron-vite (preview|dev|build)/);
  });
});

describe('no Electron binary', () => {
  it('is detected from the electron package without asking it (which would download)', () => {
    const fake = mkdtempSync(join(tmpdir(), 'clips-electron-'));
    const saved = process.env['ELECTRON_PATH'];
    delete process.env['ELECTRON_PATH'];
    try {
      expect(electronBinary(fake)).toBeNull();
      const dir = join(fake, 'node_modules', 'electron');
      mkdirSync(join(dir, 'dist'), { recursive: true });
      writeFileSync(join(dir, 'path.txt'), 'electron');
      expect(electronBinary(fake)).toBeNull(); // path.txt without the binary: a failed download
      writeFileSync(join(dir, 'dist', 'electron'), '');
      expect(electronBinary(fake)).toBe(join(dir, 'dist', 'electron'));
    } finally {
      if (saved !== undefined) process.env['ELECTRON_PATH'] = saved;
    }
  });

  it.skipIf(electronBinary(root) !== null)(
    '`npm start` prints one plain line pointing to the browser demo (skipped where Electron exists)',
    () => {
      const r = spawnSync(
        process.execPath,
        [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/electron-app.ts', 'start'],
        { cwd: root, encoding: 'utf8', env: { ...process.env, ELECTRON_PATH: '' } },
      );
      expect(r.status).toBe(1);
      expect(r.stderr.trim()).toBe(NO_ELECTRON_MESSAGE);
      expect(NO_ELECTRON_MESSAGE).toMatch(/npm run demo -- --browser/);
    },
  );
});
