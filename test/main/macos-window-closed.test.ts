/**
 * macOS: closing the window leaves the app running (Electron docs, app "window-all-closed": the
 * app quits only if you do so yourself; the macOS convention keeps it in the Dock). A notification
 * click, a menu item or clicking the Dock icon ("activate") must then open a new window and, for
 * a click, show that job once the new page is listening. Driven through runMain with
 * process.platform 'darwin'; the mock's win.close() emits `close`, destroys the window and emits
 * `closed`, as Electron's BrowserWindow does.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../support/electron-mock').then((m) => m.electronModule));

import { FakeBrowserWindow, FakeNotification, menuState, mock } from '../support/electron-mock';
import { EVENT_CHANNEL } from '../../app/shared/contract';
import { lastWindow, startMain, type StartedMain } from './start-main';

const realPlatform = process.platform;
let started: StartedMain;

beforeAll(async () => {
  Object.defineProperty(process, 'platform', { value: 'darwin' });
  started = await startMain();
});

afterAll(() => {
  Object.defineProperty(process, 'platform', { value: realPlatform });
  started.cleanup();
});

const eventsTo = (w: FakeBrowserWindow) =>
  w.webContents.sent.filter((s) => s.channel === EVENT_CHANNEL).map((s) => s.args[0]);
/** The page of `w` says it listens (through the guard, as the preload does). */
const pageReady = (w: FakeBrowserWindow) =>
  mock.ipcMain.invoke('app:ready', { sender: w.webContents, senderFrame: w.webContents.mainFrame });

/** Close the current window the way the user does; the app stays. */
function closeWindow(): FakeBrowserWindow {
  const w = lastWindow();
  mock.app.quit.mockClear();
  w.close();
  mock.app.emit('window-all-closed');
  expect(w.isDestroyed()).toBe(true);
  expect(mock.app.quit).not.toHaveBeenCalled();
  expect(started.handle.getWindow()).toBeNull();
  return w;
}

describe('macOS, window closed, app running', () => {
  it('a notification click opens a new window and then shows that job', async () => {
    await pageReady(lastWindow());
    const old = closeWindow();
    started.coreDeps.notifier!.notify({ title: 'Clip ready', body: 'pricing', jobId: 'job-7' });
    FakeNotification.instances.at(-1)!.emit('click');
    await vi.waitFor(() => expect(FakeBrowserWindow.created.at(-1)).not.toBe(old));
    const fresh = lastWindow();
    await vi.waitFor(() => expect(fresh.focused).toBe(1));
    expect(fresh.shown).toBeGreaterThan(0);
    expect(started.handle.getWindow()).toBe(fresh);
    // Held until the new page listens, then delivered to it (not lost on the old one).
    expect(eventsTo(fresh)).toEqual([]);
    await pageReady(fresh);
    expect(eventsTo(fresh)).toEqual([{ name: 'app:focus-job', payload: { id: 'job-7' } }]);
  });

  it('a menu item opens a new window and then reaches its page', async () => {
    closeWindow();
    const before = FakeBrowserWindow.created.length;
    const items = (menuState.template as any[]).flatMap((m) =>
      Array.isArray(m.submenu) ? m.submenu : [],
    );
    items.find((i: any) => i.accelerator === 'CmdOrCtrl+N').click();
    await vi.waitFor(() => expect(FakeBrowserWindow.created.length).toBe(before + 1));
    const fresh = lastWindow();
    await vi.waitFor(() => expect(fresh.focused).toBe(1));
    await pageReady(fresh);
    expect(eventsTo(fresh)).toEqual([{ name: 'app:menu', payload: { action: 'new-clip' } }]);
  });

  it('clicking the Dock icon (activate) opens one window, however often it comes', async () => {
    closeWindow();
    const before = FakeBrowserWindow.created.length;
    mock.app.emit('activate');
    mock.app.emit('activate');
    await vi.waitFor(() => expect(FakeBrowserWindow.created.length).toBe(before + 1));
    await vi.waitFor(() => expect(lastWindow().focused).toBeGreaterThan(0));
    await new Promise((r) => setTimeout(r, 20));
    expect(FakeBrowserWindow.created.length).toBe(before + 1);
  });
});
