/**
 * Auto-update (issue 10 §3), with electron-updater's own DebUpdater against an update feed this
 * test serves on 127.0.0.1: a newer version is found, downloaded and checked (its sha512) through
 * Electron's net.request (the mock's, built on Node's http; Electron docs, api/client-request.md),
 * the window hears "update ready" (also after a reload), and "Restart to update" finishes the
 * engine first and then asks the updater to install. Only running the OS installer is stubbed
 * (quitAndInstall would run pkexec dpkg). A feed that answers 404 is logged, not shown.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

vi.mock('electron', () => import('../support/electron-mock').then((m) => m.electronModule));

import { electronModule, mock, type FakeBrowserWindow } from '../support/electron-mock';
import { EVENT_CHANNEL } from '../../app/shared/contract';
import { installedAppUpdater, type Updater } from '../../app/main/updates';
import { lastWindow, startMain, type StartedMain } from './start-main';

// electron-updater is CommonJS and asks `require("electron")` itself: give it the same mock.
const requireFromHere = createRequire(import.meta.url);
const electronPath = requireFromHere.resolve('electron');
requireFromHere.cache[electronPath] = {
  id: electronPath,
  filename: electronPath,
  loaded: true,
  exports: electronModule,
} as unknown as NodeJS.Module;

const work = mkdtempSync(join(tmpdir(), 'clips-update-'));
// The updater keeps its download under the OS cache folder: a temp one here.
vi.stubEnv('XDG_CACHE_HOME', join(work, 'cache'));

const PACKAGE = randomBytes(200_000);
const SHA512 = createHash('sha512').update(PACKAGE).digest('base64');
const FILE = 'videodb-clips_9.9.9_amd64.deb';
const served: string[] = [];
let feed: Server;
let feedUrl = '';
let started: StartedMain;
let updater: Updater & { quitAndInstall: ReturnType<typeof vi.fn> };
const order: string[] = [];

beforeAll(async () => {
  feed = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    served.push(path);
    if (path === '/latest-linux.yml') {
      res.setHeader('content-type', 'text/yaml');
      res.end(
        [
          'version: 9.9.9',
          'files:',
          `  - url: ${FILE}`,
          `    sha512: ${SHA512}`,
          `    size: ${PACKAGE.length}`,
          `path: ${FILE}`,
          `sha512: ${SHA512}`,
          "releaseDate: '2026-12-01T00:00:00.000Z'",
          '',
        ].join('\n'),
      );
    } else if (path === `/${FILE}`) {
      res.setHeader('content-length', String(PACKAGE.length));
      res.end(PACKAGE);
    } else {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  await new Promise<void>((r) => feed.listen(0, '127.0.0.1', () => r()));
  feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/`;
  // What electron-builder writes next to the installed app's resources from `publish`.
  const config = join(work, 'app-update.yml');
  writeFileSync(
    config,
    `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: videodb-clips-updater\n`,
  );
  started = await startMain({
    createUpdater: async () => {
      const { DebUpdater } = await import('electron-updater');
      const u = new DebUpdater();
      // A development run (app.isPackaged false) reads this file instead of the packaged one.
      u.forceDevUpdateConfig = true;
      u.logger = null;
      u.updateConfigPath = config;
      u.quitAndInstall = vi.fn(() => void order.push('install'));
      updater = u as unknown as typeof updater;
      return u;
    },
  });
  const close = started.core.close.bind(started.core);
  (started.core as { close(): Promise<void> }).close = async () => {
    order.push('core closed');
    await close();
  };
});

afterAll(async () => {
  started.cleanup();
  await new Promise((r) => feed.close(r));
  rmSync(work, { recursive: true, force: true });
});

const eventsTo = (w: FakeBrowserWindow) =>
  w.webContents.sent
    .filter((s) => s.channel === EVENT_CHANNEL)
    .map((s) => s.args[0] as { name: string; payload: unknown });
const invoke = (channel: string, w: FakeBrowserWindow, input: unknown = {}) =>
  mock.ipcMain.invoke(
    channel,
    { sender: w.webContents, senderFrame: w.webContents.mainFrame },
    input,
  );

describe('auto-update from a generic feed', () => {
  it('finds, downloads and checks the newer version, then tells the window', async () => {
    const w = lastWindow();
    await invoke('app:ready', w);
    await vi.waitFor(
      () =>
        expect(eventsTo(w)).toContainEqual({
          name: 'app:update-ready',
          payload: { version: '9.9.9' },
        }),
      { timeout: 15_000 },
    );
    expect(served).toContain('/latest-linux.yml');
    expect(served).toContain(`/${FILE}`);
    // Through Electron's net (the updater's own partition), never Node's fetch.
    expect(mock.net.requests.some((u) => u.endsWith(`/${FILE}`))).toBe(true);
    expect(mock.session.partitions).toContain('electron-updater');
    // Nothing installs on its own while the app runs.
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
  });

  it('a page that reloads hears of the waiting update again', async () => {
    const w = lastWindow();
    const before = eventsTo(w).filter((e) => e.name === 'app:update-ready').length;
    await invoke('app:ready', w);
    await vi.waitFor(() =>
      expect(eventsTo(w).filter((e) => e.name === 'app:update-ready').length).toBe(before + 1),
    );
  });

  it('"Restart to update" finishes the engine, then installs', async () => {
    const w = lastWindow();
    const answer = await invoke('app:restart-to-update', w);
    expect(answer).toMatchObject({ ok: true });
    await vi.waitFor(() => expect(updater.quitAndInstall).toHaveBeenCalledWith(false, true));
    expect(order).toEqual(['core closed', 'install']);
    expect(w.isVisible()).toBe(false);
  });
});

describe('which runs look for updates', () => {
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  it('only the installed app whose build named a feed, unless turned off', async () => {
    const resources = mkdtempSync(join(tmpdir(), 'clips-resources-'));
    try {
      // A development run, or the demo: never.
      expect(
        await installedAppUpdater({ isPackaged: false, resourcesPath: resources, logger: quiet }),
      ).toBeNull();
      // Installed, but built without a feed (electron-builder wrote no app-update.yml): never.
      expect(
        await installedAppUpdater({ isPackaged: true, resourcesPath: resources, logger: quiet }),
      ).toBeNull();
      writeFileSync(join(resources, 'app-update.yml'), `provider: generic\nurl: ${feedUrl}\n`);
      const updater = await installedAppUpdater({
        isPackaged: true,
        resourcesPath: resources,
        logger: quiet,
      });
      expect(updater).not.toBeNull();
      expect(typeof updater!.checkForUpdates).toBe('function');
      // An administrator (or a test machine) can turn it off.
      vi.stubEnv('VIDEODB_CLIPS_NO_UPDATES', '1');
      expect(
        await installedAppUpdater({ isPackaged: true, resourcesPath: resources, logger: quiet }),
      ).toBeNull();
    } finally {
      vi.unstubAllEnvs();
      rmSync(resources, { recursive: true, force: true });
    }
  });
});
