/**
 * Main asks before the API key follows a new address (issue 16), with dialog.showMessageBox
 * (Electron docs, dialog: resolves `{response}`, the index of the clicked button; Esc or closing
 * gives `cancelId`). The mock answers what the test queues, else cancelId. The core's side (copy,
 * switch, remove the old entry; nothing on a no) is test/core/core-key-switch.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../support/electron-mock').then((m) => m.electronModule));

import { mock } from '../support/electron-mock';
import { keyMoveDialog } from '../../app/main/key-move-dialog';
import { startMain, type StartedMain } from './start-main';

let started: StartedMain;
beforeAll(async () => {
  started = await startMain();
});
afterAll(() => started.cleanup());
beforeEach(() => {
  mock.dialog.shown.length = 0;
  mock.dialog.answers.length = 0;
});

const move = { from: 'https://api.videodb.io', to: 'https://videodb.example.com' };

describe('moving the key: the system dialog', () => {
  it('names the new host and says what the move means; only "Move Key" is a yes', async () => {
    const confirm = started.coreDeps.confirmKeyMove!;
    mock.dialog.answers.push(1);
    await expect(confirm(move)).resolves.toBe(true);
    const shown = mock.dialog.shown.at(-1)!;
    expect(shown.buttons).toEqual(['Cancel', 'Move Key']);
    expect(shown.cancelId).toBe(0);
    expect(shown.detail).toContain('https://videodb.example.com');
    expect(keyMoveDialog(move.from, move.to).message).toBe(
      'Send your VideoDB API key to videodb.example.com?',
    );
  });

  it('Cancel, Esc or closing the box is a no', async () => {
    const confirm = started.coreDeps.confirmKeyMove!;
    mock.dialog.answers.push(0);
    await expect(confirm(move)).resolves.toBe(false);
    await expect(confirm(move)).resolves.toBe(false); // nothing queued: cancelId, as Esc gives
    expect(mock.dialog.shown).toHaveLength(2);
  });

  it('warns that a plain http:// address carries the key unencrypted', () => {
    expect(keyMoveDialog(move.from, 'http://10.0.0.5:8080').detail).toMatch(/unencrypted/);
    expect(keyMoveDialog(move.from, move.to).detail).not.toMatch(/unencrypted/);
  });
});
