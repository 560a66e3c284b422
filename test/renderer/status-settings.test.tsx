/**
 * The status bar and the settings dialog over the real core: the queue is the core's outbox,
 * offline is the local server cut, keys are checked by the server, settings are the core's.
 * What only main does has stand-ins here: main's own events (menus, updates) are sent as main
 * sends them, "Restart to update" is a stub of the one call that installs an update (the core
 * and the preview have no updates to install), and main's system dialog that confirms a key move
 * is answered by the test. Two connectivity states out of order are delivered by hand (the
 * in-process core sends them in order).
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeJob, type CoreApi } from './core-api';
import { renderOverCore } from './render-core';

const settingsOf = (c: CoreApi) => c.core.handlers['settings:get']({});
const connectivityOf = (c: CoreApi) => c.core.handlers['connectivity:status']({});
const secretsOf = (c: CoreApi) => c.core.handlers['secrets:status']({});

describe('status bar', () => {
  it('shows online, the queue, and pauses and resumes sending', async () => {
    const app = await renderOverCore({
      jobs: [makeJob({ id: 'q1', status: 'queued' }), makeJob({ id: 'q2', status: 'queued' })],
    });
    const { user } = app;
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    expect(await within(bar).findByText('Online', {}, { timeout: 5000 })).toBeInTheDocument();
    await waitFor(() => expect(bar).toHaveTextContent('2 queued'));
    await user.click(within(bar).getByRole('button', { name: 'Pause sending' }));
    expect(await within(bar).findByText(/sending paused/)).toBeInTheDocument();
    expect((await connectivityOf(app)).paused).toBe(true);
    await user.click(within(bar).getByRole('button', { name: 'Resume sending' }));
    await waitFor(async () => expect((await connectivityOf(app)).paused).toBe(false));
    expect(await within(bar).findByRole('button', { name: 'Pause sending' })).toBeInTheDocument();
  });

  it('follows connectivity:changed to offline and back', async () => {
    const { setOffline } = await renderOverCore({
      jobs: [makeJob({ id: 'q1', status: 'queued' })],
    });
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    await within(bar).findByText('Online', {}, { timeout: 5000 });
    await setOffline(true);
    expect(await within(bar).findByText('Offline', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(bar).toHaveTextContent('1 queued');
    expect(within(bar).getByRole('button', { name: 'Try now' })).toBeInTheDocument();
    await setOffline(false);
    expect(await within(bar).findByText('Online', {}, { timeout: 5000 })).toBeInTheDocument();
  });
});

describe('update ready (installed app)', () => {
  it('a quiet "Restart to update" appears only once an update is downloaded, and asks main', async () => {
    // Main installs updates; the core has none, so this one call is a stub that notes it.
    let restartedToUpdate = false;
    const { user, emitFromMain } = await renderOverCore({
      stubs: {
        'app:restart-to-update': async () => {
          restartedToUpdate = true;
          return { ok: true };
        },
      },
    });
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    await within(bar).findByText('Online', {}, { timeout: 5000 });
    expect(within(bar).queryByRole('button', { name: /update/i })).toBeNull();
    act(() => emitFromMain('app:update-ready', { version: '1.4.0' }));
    const restart = await within(bar).findByRole('button', { name: 'Restart to update' });
    expect(restart).toHaveAttribute('title', expect.stringContaining('1.4.0'));
    // Quiet: no dialog and no toast.
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    await user.click(restart);
    await waitFor(() => expect(restartedToUpdate).toBe(true));
    expect(within(bar).getByRole('button', { name: 'Restarting…' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });
});

describe('network hints from the page', () => {
  it('the window going online or offline makes main look at once', async () => {
    const { calls } = await renderOverCore();
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    await within(bar).findByText('Online', {}, { timeout: 5000 });
    const before = calls.filter((c) => c.channel === 'connectivity:check').length;
    act(() => void window.dispatchEvent(new Event('offline')));
    act(() => void window.dispatchEvent(new Event('online')));
    await waitFor(() =>
      expect(calls.filter((c) => c.channel === 'connectivity:check').length).toBe(before + 2),
    );
  });
});

describe('demo network switch', () => {
  it('is offered only in the demo, and cuts and restores the network', async () => {
    const { server, user } = await renderOverCore({ demoNetwork: true });
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    const cut = await within(bar).findByRole('button', { name: 'Demo: simulate offline' });
    await within(bar).findByText('Online', {}, { timeout: 5000 });
    expect(cut).toHaveAttribute('aria-pressed', 'false');
    await user.click(cut);
    await within(bar).findByText('Offline', {}, { timeout: 5000 });
    expect(server.control.switches().offline).toBe(true);
    await user.click(within(bar).getByRole('button', { name: 'Demo: restore network' }));
    await within(bar).findByText('Online', {}, { timeout: 5000 });
    expect(server.control.switches().offline).toBe(false);
  });

  it('is absent outside the demo', async () => {
    await renderOverCore();
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    await within(bar).findByText('Online', {}, { timeout: 5000 });
    expect(within(bar).queryByRole('button', { name: /Demo:/ })).toBeNull();
  });
});

describe('stale answers', () => {
  // The in-process core sends its states in order; IPC may not: these are delivered by hand.
  it('an older connectivity state arriving after a newer one is ignored', async () => {
    const app = await renderOverCore();
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    await within(bar).findByText('Online', {}, { timeout: 5000 });
    // Versions a minute past the core's own (which counts in milliseconds).
    const v = (await connectivityOf(app)).version + 60_000;
    const base = { online: true, paused: false, lastCheckedAt: 1 };
    act(() => app.deliver('connectivity:changed', { ...base, queued: 0, version: v }));
    act(() => app.deliver('connectivity:changed', { ...base, queued: 1, version: v - 1 }));
    expect(bar).toHaveTextContent('Nothing waiting to send');
    act(() => app.deliver('connectivity:changed', { ...base, queued: 2, version: v + 1 }));
    expect(bar).toHaveTextContent('2 queued');
  });
});

describe('startup warnings', () => {
  it('tells the user main moved a damaged history file aside, until dismissed', async () => {
    const message = /Your clip history file could not be read, so a new one was started\./;
    const { user } = await renderOverCore({ damagedHistoryFile: true });
    const alert = await screen.findByRole('alert', {}, { timeout: 5000 });
    expect(alert).toHaveTextContent(message);
    expect(alert).toHaveTextContent(/The old file was kept as .*corrupt/);
    await user.click(within(alert).getByRole('button', { name: 'Got it' }));
    expect(screen.queryByText(message)).not.toBeInTheDocument();
  });

  it('shows nothing when the start was clean', async () => {
    const { calls } = await renderOverCore();
    await waitFor(() => expect(calls.some((c) => c.channel === 'app:startup-warnings')).toBe(true));
    await within(await screen.findByRole('contentinfo', { name: 'Status' })).findByText(
      'Online',
      {},
      { timeout: 5000 },
    );
    expect(screen.queryByText(/history file/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Got it' })).not.toBeInTheDocument();
  });
});

describe('settings', () => {
  it('a key kept for a demo session is not reported as a missing keychain', async () => {
    const { user } = await renderOverCore({ storage: 'session' });
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    expect(dialog).toHaveTextContent('kept for this session only');
    expect(screen.queryByText(/keychain is not available/)).not.toBeInTheDocument();
  });

  it('checks the stored key with VideoDB and says that it works', async () => {
    const { user, calls } = await renderOverCore();
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    await user.click(within(dialog).getByRole('button', { name: 'Check key' }));
    expect(await screen.findByText('Your key works: VideoDB accepted it.')).toBeInTheDocument();
    expect(calls.filter((c) => c.channel === 'secrets:test-api-key')).toHaveLength(1);
  });

  it('says plainly when the stored key no longer works', async () => {
    // Revoked on VideoDB's side (console.videodb.io): the stored key is one the server refuses.
    const { user } = await renderOverCore({ storedKey: 'sk-revoked-since' });
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    await user.click(within(dialog).getByRole('button', { name: 'Check key' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      /VideoDB did not accept this key/,
    );
  });

  it('shows that a key is stored without showing it, replaces it and removes it', async () => {
    const app = await renderOverCore();
    const { user } = app;
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    expect(dialog).toHaveTextContent('A key is stored and kept in your system keychain.');
    expect(dialog).not.toHaveTextContent(app.server.apiKey);

    await user.click(within(dialog).getByRole('button', { name: 'Replace key…' }));
    await user.type(within(dialog).getByLabelText('New API key'), 'sk-bad');
    await user.click(within(dialog).getByRole('button', { name: 'Check and save' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('did not accept this key');
    await user.clear(within(dialog).getByLabelText('New API key'));
    await user.type(within(dialog).getByLabelText('New API key'), app.server.apiKey);
    await user.click(within(dialog).getByRole('button', { name: 'Check and save' }));
    expect(await screen.findByText('New key checked and saved.')).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Remove key…' }));
    await user.click(within(dialog).getByRole('button', { name: 'Remove key' }));
    await waitFor(async () => expect((await secretsOf(app)).hasKey).toBe(false));
    expect(
      await screen.findByRole('heading', { name: 'Welcome to VideoDB Clips' }),
    ).toBeInTheDocument();
  });

  it('saves the API address and notifications, with the contract’s message for a bad address', async () => {
    const app = await renderOverCore();
    const { user } = app;
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    await user.click(
      within(dialog).getByRole('checkbox', { name: /Tell me when a clip is ready/ }),
    );
    await waitFor(async () => expect((await settingsOf(app)).notifications).toBe(false));
    await user.click(within(dialog).getByText('Advanced'));
    const address = within(dialog).getByLabelText('API address');
    await user.clear(address);
    await user.type(address, 'not a url');
    await user.click(within(dialog).getByRole('button', { name: 'Save address' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Enter a full address such as https://api.videodb.io.',
    );
    await user.clear(address);
    // Port 9 (discard): nothing listens, so the core's look at the new address ends at once.
    await user.type(address, 'http://127.0.0.1:9');
    await user.click(within(dialog).getByRole('button', { name: 'Save address' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save and switch' }));
    await waitFor(async () =>
      expect((await settingsOf(app)).apiBaseUrl).toBe('http://127.0.0.1:9'),
    );
  });

  it('a new address can take the key along: the box is offered with a key, unticked, and sent as moveKey', async () => {
    // Main confirms a key move in a system dialog of its own; here the person says yes.
    const asked: Array<{ from: string; to: string }> = [];
    const app = await renderOverCore({
      confirmKeyMove: async (move) => {
        asked.push(move);
        return true;
      },
    });
    const { user } = app;
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    await user.click(within(dialog).getByText('Advanced'));
    const address = within(dialog).getByLabelText('API address');
    await user.clear(address);
    await user.type(address, 'http://127.0.0.1:9');
    await user.click(within(dialog).getByRole('button', { name: 'Save address' }));
    const confirm = within(dialog).getByRole('group', { name: 'Change the API address' });
    expect(confirm).toHaveTextContent('Your API key is stored for the current address only');
    const move = within(confirm).getByRole('checkbox', { name: /Move my API key/ });
    expect(move).not.toBeChecked();
    await user.click(move);
    await user.click(within(dialog).getByRole('button', { name: 'Save and switch' }));
    expect(
      await screen.findByText('API address saved. Your key moved with it.'),
    ).toBeInTheDocument();
    expect(app.calls.filter((c) => c.channel === 'settings:update').at(-1)).toEqual({
      channel: 'settings:update',
      input: { apiBaseUrl: 'http://127.0.0.1:9', moveKey: true },
    });
    // Main's dialog was asked once, and the key is the new address's now.
    expect(asked).toEqual([{ from: app.server.url, to: 'http://127.0.0.1:9' }]);
    expect(await secretsOf(app)).toMatchObject({ hasKey: true, apiBaseUrl: 'http://127.0.0.1:9' });
  });

  it('without a key there is nothing to move: no box, and no moveKey sent', async () => {
    const app = await renderOverCore({ withKey: false });
    const { user } = app;
    await screen.findByRole('heading', { name: 'Welcome to VideoDB Clips' });
    act(() => app.emitFromMain('app:menu', { action: 'settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    await user.click(within(dialog).getByText('Advanced'));
    const address = within(dialog).getByLabelText('API address');
    await user.clear(address);
    await user.type(address, 'http://127.0.0.1:9');
    await user.click(within(dialog).getByRole('button', { name: 'Save address' }));
    expect(within(dialog).queryByRole('checkbox', { name: /Move my API key/ })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Save and switch' }));
    await waitFor(async () =>
      expect((await settingsOf(app)).apiBaseUrl).toBe('http://127.0.0.1:9'),
    );
    expect(app.calls.filter((c) => c.channel === 'settings:update').at(-1)).toEqual({
      channel: 'settings:update',
      input: { apiBaseUrl: 'http://127.0.0.1:9' },
    });
  });

  it('is a labelled dialog that closes with Esc and returns focus', async () => {
    const { user } = await renderOverCore();
    const opener = await screen.findByRole('button', { name: 'Settings' });
    await user.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it('lists the keyboard shortcuts in a help dialog (F1)', async () => {
    const { user } = await renderOverCore();
    await screen.findByRole('navigation', { name: 'Sections' });
    await user.keyboard('{F1}');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog).toHaveTextContent('Copy link of the selected clips');
    expect(dialog).toHaveTextContent('Ctrl+Shift+C');
  });

  it('app:menu events run the action', async () => {
    const { emitFromMain, calls } = await renderOverCore();
    await screen.findByRole('navigation', { name: 'Sections' });
    act(() => emitFromMain('app:menu', { action: 'settings' }));
    expect(await screen.findByRole('dialog', { name: 'Settings' })).toBeInTheDocument();
    expect(calls.filter((c) => c.channel === 'app:ready')).toHaveLength(1);
  });
});
