/**
 * A deep link the app was started with (Windows and Linux put it in process.argv of the first
 * instance; Electron docs, app "second-instance" covers later launches): it waits for the IPC
 * bridge and the page, then shows that clip, through runMain and the electron mock. (Which argv
 * entries count as a link, and which are refused, is test/shared's deep-link test; one runMain per
 * file, as Electron allows one app.)
 */
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../support/electron-mock').then((m) => m.electronModule));

import { mock, type FakeBrowserWindow } from '../support/electron-mock';
import { EVENT_CHANNEL } from '../../app/shared/contract';
import { lastWindow, startMain, type StartedMain } from './start-main';

const realArgv = process.argv;
let started: StartedMain | null = null;

afterAll(() => {
  process.argv = realArgv;
  started?.cleanup();
});

const eventsTo = (w: FakeBrowserWindow) =>
  w.webContents.sent
    .filter((s) => s.channel === EVENT_CHANNEL)
    .map((s) => s.args[0] as { name: string; payload: unknown });
const pageReady = (w: FakeBrowserWindow) =>
  mock.ipcMain.invoke('app:ready', { sender: w.webContents, senderFrame: w.webContents.mainFrame });

describe('a deep link at launch', () => {
  it('videodb-clips://job/<id> in argv shows that clip once the page listens', async () => {
    process.argv = [realArgv[0]!, 'clips', '--flag', 'videodb-clips://job/job-42'];
    started = await startMain();
    const w = lastWindow();
    // Nothing is sent before the page says it listens: the link is held, not lost.
    expect(eventsTo(w).filter((e) => e.name === 'app:focus-job')).toEqual([]);
    await pageReady(w);
    await vi.waitFor(() =>
      expect(eventsTo(w)).toContainEqual({ name: 'app:focus-job', payload: { id: 'job-42' } }),
    );
    expect(eventsTo(w).filter((e) => e.name === 'app:focus-job')).toHaveLength(1);
  });
});
