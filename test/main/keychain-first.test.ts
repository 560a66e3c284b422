/**
 * The keychain may show an unlock prompt (GNOME Keyring, macOS Keychain) when the key is read.
 * That prompt must come with the window, not before it, and the app must keep waiting for it:
 * runMain here gets a keychain that answers only when the test says, the real engine (createCore
 * on a temporary folder), and the electron mock (BrowserWindow, ipcMain.invoke and
 * webContents.send clone as Electron's IPC does).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../support/electron-mock').then((m) => m.electronModule));

import { FakeBrowserWindow, mock } from '../support/electron-mock';
import { createCore } from '../../app/core';
import { accountFor, createMemorySecretStore } from '../../app/core/secrets';
import type { SecretStore } from '../../app/core/types';
import { EVENT_CHANNEL } from '../../app/shared/contract';
import { lastWindow, startMain, type StartedMain } from './start-main';

const API = 'http://127.0.0.1:9';
let started: StartedMain;
let unlock!: (store: SecretStore) => void;
let windowsWhenAsked = -1;

beforeAll(async () => {
  const starting = startMain({
    createCore,
    defaultApiBaseUrl: API,
    // The keychain answers once the user has unlocked it.
    createSecretStore: () => {
      windowsWhenAsked = FakeBrowserWindow.created.length;
      return new Promise<SecretStore>((resolve) => (unlock = resolve));
    },
  });
  // Before issue 10 the start waited for the keychain, with no window, for as long as it took.
  started = await Promise.race([
    starting,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error('The app waited for the keychain before its window')),
        5_000,
      ),
    ),
  ]);
});

afterAll(async () => {
  if (started === undefined) return;
  await started.handle.shutdown();
  started.cleanup();
});

const trusted = () => {
  const w = lastWindow();
  return { sender: w.webContents, senderFrame: w.webContents.mainFrame };
};

describe('keychain behind an unlock prompt', () => {
  it('the window is there while the keychain has not answered', () => {
    expect(windowsWhenAsked).toBe(0);
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(lastWindow().webContents.loadedUrl).toBe('app://app/index.html');
  });

  it('the page hears "waiting for your keychain", then the key once the user unlocks', async () => {
    expect(await mock.ipcMain.invoke('app:ready', trusted(), {})).toEqual({
      ok: true,
      value: { ok: true },
    });
    const status = await mock.ipcMain.invoke('secrets:status', trusted(), {});
    expect(status).toEqual({
      ok: true,
      value: { hasKey: false, storage: 'keychain', apiBaseUrl: API, waitingForKeychain: true },
    });
    // (That it keeps waiting past the old 5 s give-up is shown in test/core/secrets.)
    const keychain = createMemorySecretStore();
    await keychain.set(accountFor(API), 'sk-unlocked-key-123456');
    const sentBefore = lastWindow().webContents.sent.length;
    unlock({ ...keychain, kind: 'keychain' });
    await vi.waitFor(() => {
      const events = lastWindow()
        .webContents.sent.slice(sentBefore)
        .filter((s) => s.channel === EVENT_CHANNEL)
        .map((s) => s.args[0]);
      expect(events).toContainEqual({
        name: 'secrets:changed',
        payload: { hasKey: true, storage: 'keychain', apiBaseUrl: API },
      });
    });
    expect(await mock.ipcMain.invoke('secrets:status', trusted(), {})).toEqual({
      ok: true,
      value: { hasKey: true, storage: 'keychain', apiBaseUrl: API },
    });
    expect(await mock.ipcMain.invoke('app:startup-warnings', trusted(), {})).toEqual({
      ok: true,
      value: [],
    });
  });
});
