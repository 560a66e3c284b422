/**
 * Quitting and a crashed page, through runMain with the electron mock.
 * - Quit (Electron docs, app "before-quit": calling event.preventDefault() stops quitting; the
 *   windows close only after it): the bounds are on disk and the window hidden at once, calls in
 *   flight get their answer while the engine closes, and a hung engine cannot keep the app alive.
 * - Crash (Electron docs, web-contents "render-process-gone" with RenderProcessGoneDetails
 *   {reason, exitCode}; "reload"): the reason is logged and the page reloaded, at most 3 times a
 *   minute, then the user is asked; crash dumps stay local (crash-reporter "start", uploadToServer).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

vi.mock('electron', () => import('../support/electron-mock').then((m) => m.electronModule));

import { FakeBrowserWindow, mock } from '../support/electron-mock';
import { QUIT_DEADLINE_MS } from '../../app/main/quit';
import { createCrashGuard } from '../../app/main/crash-guard';
import { lastWindow, startMain, type StartedMain } from './start-main';

let started: StartedMain;
let win: FakeBrowserWindow;
const atStart = { crashReporter: [] as unknown[][] };

beforeAll(async () => {
  started = await startMain();
  win = lastWindow();
  atStart.crashReporter = [...mock.crashReporter.start.mock.calls];
});

afterAll(() => {
  vi.useRealTimers();
  started.cleanup();
});

const trusted = () => ({ sender: win.webContents, senderFrame: win.webContents.mainFrame });
const crash = (reason: string, exitCode = 139) =>
  win.webContents.emit('render-process-gone', { preventDefault() {} }, { reason, exitCode });

describe('a crashed page', () => {
  it('keeps crash dumps on this machine only', () => {
    expect(atStart.crashReporter).toEqual([[{ uploadToServer: false }]]);
  });

  it('is logged with its reason and reloaded, three times a minute at most, then the user is asked', async () => {
    crash('crashed');
    expect(win.webContents.reloads).toBe(1);
    expect(started.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'error', fields: { reason: 'crashed', exitCode: 139 } }),
    );
    crash('oom', 9);
    crash('crashed');
    expect(win.webContents.reloads).toBe(3);
    expect(mock.dialog.shown).toHaveLength(0);
    // The fourth within the minute: no blind reload loop; the user chooses "Reload".
    mock.dialog.answers.push(0);
    crash('crashed');
    await vi.waitFor(() => expect(win.webContents.reloads).toBe(4));
    expect(mock.dialog.shown).toHaveLength(1);
    expect(mock.dialog.shown[0]!.buttons).toEqual(['Reload', 'Show Logs', 'Quit']);
    expect(mock.dialog.shown[0]!.detail).toMatch(/history and queued clips are safe/);
    // Choosing Reload starts the count again.
    crash('crashed');
    expect(win.webContents.reloads).toBe(5);
  });

  it('a clean exit of the page is not a crash', () => {
    const before = win.webContents.reloads;
    crash('clean-exit', 0);
    expect(win.webContents.reloads).toBe(before);
  });

  it('the guard forgets reloads older than a minute', () => {
    let t = 0;
    const guard = createCrashGuard({ now: () => t });
    expect([guard.decide(), guard.decide(), guard.decide(), guard.decide()]).toEqual([
      'reload',
      'reload',
      'reload',
      'ask',
    ]);
    t = 60_001;
    expect(guard.decide()).toBe('reload');
  });
});

describe('quitting (Cmd+Q)', () => {
  it('saves the bounds and hides the window at once, answers calls in flight, and exits after the deadline if the engine hangs', async () => {
    const stateFile = join(started.userData, 'window-state.json');
    expect(existsSync(stateFile)).toBe(false);
    // A call the engine is still answering when the user quits.
    let answerList!: (v: unknown) => void;
    started.core.spies['jobs:list'].mockImplementationOnce(
      () => new Promise((r) => (answerList = r)),
    );
    const inFlight = mock.ipcMain.invoke('jobs:list', trusted(), {});
    // The engine never finishes closing.
    started.core.close.mockImplementation(() => new Promise<void>(() => undefined));
    vi.useFakeTimers();
    mock.app.quit.mockClear();
    mock.app.exit.mockClear();
    const event = { preventDefault: vi.fn() };
    mock.app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    // Synchronously: the bounds are on disk and the user sees the app go.
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      maximized: false,
    });
    expect(win.isVisible()).toBe(false);
    expect(win.hidden).toBe(1);
    // While the engine closes, the handlers stay: the call in flight gets its real answer.
    answerList({ jobs: [], total: 0, totalIsLowerBound: false });
    await vi.advanceTimersByTimeAsync(10);
    expect(await inFlight).toEqual({
      ok: true,
      value: { jobs: [], total: 0, totalIsLowerBound: false },
    });
    expect(mock.app.exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(QUIT_DEADLINE_MS);
    expect(mock.app.exit).toHaveBeenCalledWith(0);
    expect(started.logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(/did not close in time/),
      }),
    );
    vi.useRealTimers();
  });
});
