/**
 * The Dock/taskbar while clips are being made: a badge with the number of running jobs
 * (`app.setBadgeCount`, Electron docs "app": macOS and Linux/Unity, 0 hides it) and the window's
 * progress bar (`win.setProgressBar`, Electron docs "BrowserWindow": < 0 removes it, > 1 is
 * indeterminate), driven by the core's job events through the real runMain. The mock's
 * setProgressBar follows those documented rules.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../support/electron-mock').then((m) => m.electronModule));

import { FakeBrowserWindow, mock } from '../support/electron-mock';
import { makeFakeCore } from './fake-core';
import { lastWindow, startMain, type StartedMain } from './start-main';
import { createJobActivity } from '../../app/main/job-activity';

const core = makeFakeCore();
const job = (id: string, status: string, progress: number | null, tracking = true) => ({
  id,
  status,
  progress,
  tracking,
  stuck: false,
});
let started: StartedMain;
let listCalls: unknown[][] = [];
let badgeAtStart = -1;
let barAtStart: unknown = undefined;

beforeAll(async () => {
  // One job was still being made when the app last quit: it counts from the start.
  core.spies['jobs:list']!.mockResolvedValue({
    jobs: [job('old', 'processing', 40)],
    total: 1,
    totalIsLowerBound: false,
  });
  started = await startMain({ createCore: async () => core });
  listCalls = [...core.spies['jobs:list']!.mock.calls];
  badgeAtStart = mock.app.badgeCount;
  barAtStart = lastWindow().progressBar;
});
afterAll(() => started.cleanup());

describe('Dock badge and progress bar', () => {
  it('counts the jobs still running from the last run, asked once the engine started', () => {
    expect(listCalls).toEqual([[expect.objectContaining({ statuses: ['sending', 'processing'] })]]);
    expect(badgeAtStart).toBe(1);
    expect(barAtStart).toBeCloseTo(0.4);
  });

  it('follows job events: count, fraction, indeterminate, and none when all are done', () => {
    const w = lastWindow();
    core.emit('jobs:changed', job('a', 'sending', null));
    expect(mock.app.badgeCount).toBe(2);
    expect(w.progressBar).toBe('indeterminate');
    core.emit('jobs:changed', job('a', 'processing', 80));
    expect(w.progressBar).toBeCloseTo(0.6);
    // Queued offline, failed, stopped tracking: none of these is running.
    core.emit('jobs:changed', job('q', 'queued', null));
    core.emit('jobs:changed', job('old', 'processing', 40, false));
    expect(mock.app.badgeCount).toBe(1);
    expect(w.progressBar).toBeCloseTo(0.8);
    core.emit('jobs:changed', job('a', 'done', 100));
    expect(mock.app.badgeCount).toBe(0);
    expect(w.progressBar).toBeNull();
    expect(w.progressCalls.at(-1)).toEqual([-1]);
  });

  it('a deleted running job leaves the count; an unchanged view is not set again', () => {
    const w = lastWindow();
    core.emit('jobs:changed', job('b', 'processing', 10));
    expect(mock.app.badgeCount).toBe(1);
    const calls = w.progressCalls.length;
    core.emit('jobs:changed', job('b', 'processing', 10));
    expect(w.progressCalls.length).toBe(calls);
    core.emit('jobs:removed', { ids: ['b'] });
    expect(mock.app.badgeCount).toBe(0);
    expect(w.progressBar).toBeNull();
  });

  it('a window opened later shows the bar of jobs still running', async () => {
    core.emit('jobs:changed', job('c', 'processing', null));
    const before = FakeBrowserWindow.created.length;
    lastWindow().close();
    mock.app.emit('activate');
    await vi.waitFor(() => expect(FakeBrowserWindow.created.length).toBe(before + 1));
    await vi.waitFor(() => expect(lastWindow().progressBar).toBe('indeterminate'));
  });
});

describe('job activity (pure)', () => {
  it('clamps odd percentages and treats a missing one as indeterminate', () => {
    const a = createJobActivity();
    expect(a.changed(job('x', 'processing', 150) as never)).toEqual({ running: 1, progress: 1 });
    expect(a.changed(job('y', 'processing', -5) as never)).toEqual({ running: 2, progress: 0.5 });
    expect(a.changed(job('y', 'processing', Number.NaN) as never).progress).toBe('indeterminate');
    expect(a.removed(['x', 'y'])).toEqual({ running: 0, progress: -1 });
  });
});
