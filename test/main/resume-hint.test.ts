/**
 * Main gives the core a resume signal from Electron's powerMonitor 'resume' (Electron docs,
 * power-monitor: "Emitted when system is resuming"); the mock's powerMonitor is an EventEmitter,
 * as Electron's is. The core's side (probe and due polls at once) is test/core/connectivity/resume.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../support/electron-mock').then((m) => m.electronModule));

import { mock } from '../support/electron-mock';
import { startMain, type StartedMain } from './start-main';

let started: StartedMain;
beforeAll(async () => {
  started = await startMain();
});
afterAll(() => started.cleanup());

describe('resume signal', () => {
  it("fires on powerMonitor 'resume' only, and lets go when unsubscribed", () => {
    const hints = started.coreDeps.connectivityHints!;
    const woke = vi.fn();
    const off = hints.onResume!(woke);
    mock.powerMonitor.emit('unlock-screen');
    expect(woke).not.toHaveBeenCalled();
    mock.powerMonitor.emit('resume');
    expect(woke).toHaveBeenCalledTimes(1);
    off();
    mock.powerMonitor.emit('resume');
    expect(woke).toHaveBeenCalledTimes(1);
    expect(mock.powerMonitor.listenerCount('resume')).toBe(0);
  });
});
