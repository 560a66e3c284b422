/**
 * A start that fails (issue 9 §3) shows a native dialog instead of the app vanishing: the reason
 * in plain words, "Show Logs" (then the dialog again), "Move History Aside and Start Fresh" (then
 * a new start), "Quit". Driven through runMain with the electron mock (dialog.showMessageBox and
 * shell.openPath behave as Electron's docs describe) and the real store on a real foreign file.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

vi.mock('electron', () => import('../support/electron-mock').then((m) => m.electronModule));

import { mock } from '../support/electron-mock';
import { registerAppScheme, runMain, type MainHandle } from '../../app/main/main-process';
import { describeStartupFailure, startupDialog } from '../../app/main/startup-failure';
import { registerMainIpc } from '../../app/main/ipc';
import { DATABASE_FILE, openStore } from '../../app/core';
import { createMemorySecretStore } from '../../app/core/secrets';
import { toAppError } from '../../app/core';
import { makeFakeCore } from './fake-core';
import { makeFixtureRenderer } from '../preview/fixture-renderer';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
let userData: string;
let fixture: { root: string; parent: string };
let handle: MainHandle | null = null;
const opened: string[] = [];
/** Spy calls right after start (the runner may clear spies between tests). */
const atStart = { openPath: [] as unknown[][], exit: 0 };

beforeAll(async () => {
  userData = mkdtempSync(join(tmpdir(), 'clips-startup-'));
  fixture = makeFixtureRenderer();
  mock.app.paths['userData'] = userData;
  // Another program's SQLite file where the history should be.
  const db = new DatabaseSync(join(userData, DATABASE_FILE));
  db.exec('CREATE TABLE recipes (name TEXT)');
  db.close();
  // The user clicks "Show Logs" first, then "Move History Aside and Start Fresh".
  mock.dialog.answers.push(1, 2);
  registerAppScheme();
  handle = await runMain({
    // The real store decides whether the history opens; the rest of the core is a fake.
    createCore: async (deps) => {
      opened.push(deps.dataDir);
      openStore(deps.dataDir).close();
      return makeFakeCore();
    },
    createSecretStore: async () => createMemorySecretStore(),
    registerIpc: registerMainIpc,
    toError: toAppError,
    logger: silent,
    preloadPath: '/app/out/preload/index.cjs',
    rendererDir: fixture.root,
    appVersion: '0.1.0',
  });
  atStart.openPath = [...mock.shell.openPath.mock.calls];
  atStart.exit = mock.app.exit.mock.calls.length;
});

afterAll(() => {
  rmSync(userData, { recursive: true, force: true });
  rmSync(fixture.parent, { recursive: true, force: true });
});

describe('a start that fails', () => {
  it('asks in a native dialog with the reason in plain words, twice after Show Logs', () => {
    expect(mock.dialog.shown).toHaveLength(2);
    const first = mock.dialog.shown[0]!;
    expect(first.buttons).toEqual(['Quit', 'Show Logs', 'Move History Aside and Start Fresh']);
    expect(first.cancelId).toBe(0);
    expect(first.detail).toMatch(/database of another program/);
    expect(first.detail).not.toMatch(/SQLITE|errcode/);
    expect(atStart.openPath).toEqual([[join(userData, 'logs')]]);
  });

  it('"Move History Aside" keeps the old file and starts again, and the app runs', () => {
    expect(opened).toHaveLength(2);
    expect(handle).not.toBeNull();
    const names = readdirSync(userData);
    expect(names.some((n) => n.startsWith(`${DATABASE_FILE}.moved-aside-`))).toBe(true);
    expect(existsSync(join(userData, DATABASE_FILE))).toBe(true);
    expect(atStart.exit).toBe(0);
  });

  it('errors that are not about storage get a plain message and the raw text only as detail', () => {
    const f = describeStartupFailure(new TypeError('x is not a function'));
    expect(f.message).toMatch(/Something went wrong while VideoDB Clips was starting/);
    expect(f.detail).toBe('x is not a function');
    const { options, choices } = startupDialog({ ...f, canMoveAside: false });
    expect(choices).toEqual(['quit', 'show-logs']);
    expect(options.buttons).toEqual(['Quit', 'Show Logs']);
    expect(options.type).toBe('error');
  });
});
