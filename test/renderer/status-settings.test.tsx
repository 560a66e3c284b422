import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeJob } from './fake-api';
import { renderApp } from './render-app';

describe('status bar', () => {
  it('shows online, the queue, and pauses and resumes sending', async () => {
    const { user, fake } = renderApp({
      jobs: [makeJob({ id: 'q1', status: 'queued' }), makeJob({ id: 'q2', status: 'queued' })],
    });
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    expect(await within(bar).findByText('Online')).toBeInTheDocument();
    expect(bar).toHaveTextContent('2 queued');
    await user.click(within(bar).getByRole('button', { name: 'Pause sending' }));
    expect(await within(bar).findByText(/sending paused/)).toBeInTheDocument();
    expect(fake.world.paused).toBe(true);
    await user.click(within(bar).getByRole('button', { name: 'Resume sending' }));
    await waitFor(() => expect(fake.world.paused).toBe(false));
  });

  it('follows connectivity:changed to offline and back', async () => {
    const { fake } = renderApp();
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    await within(bar).findByText('Online');
    act(() =>
      fake.emit('connectivity:changed', {
        online: false,
        queued: 1,
        paused: false,
        lastCheckedAt: 1,
        version: 1_000,
      }),
    );
    expect(within(bar).getByText('Offline')).toBeInTheDocument();
    expect(bar).toHaveTextContent('1 queued');
    expect(within(bar).getByRole('button', { name: 'Try now' })).toBeInTheDocument();
  });
});

describe('update ready (installed app)', () => {
  it('a quiet "Restart to update" appears only once an update is downloaded, and asks main', async () => {
    const { user, fake } = renderApp();
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    await within(bar).findByText('Online');
    expect(within(bar).queryByRole('button', { name: /update/i })).toBeNull();
    act(() => fake.emit('app:update-ready', { version: '1.4.0' }));
    const restart = await within(bar).findByRole('button', { name: 'Restart to update' });
    expect(restart).toHaveAttribute('title', expect.stringContaining('1.4.0'));
    // Quiet: no dialog and no toast.
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    await user.click(restart);
    await waitFor(() => expect(fake.world.restartedToUpdate).toBe(true));
    expect(within(bar).getByRole('button', { name: 'Restarting…' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });
});

describe('network hints from the page', () => {
  it('the window going online or offline makes main look at once', async () => {
    const { fake } = renderApp();
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    await within(bar).findByText('Online');
    const before = fake.calls.filter((c) => c.channel === 'connectivity:check').length;
    act(() => void window.dispatchEvent(new Event('offline')));
    act(() => void window.dispatchEvent(new Event('online')));
    await waitFor(() =>
      expect(fake.calls.filter((c) => c.channel === 'connectivity:check').length).toBe(before + 2),
    );
  });
});

describe('demo network switch', () => {
  it('is offered only in the demo, and cuts and restores the network', async () => {
    const { fake, user } = renderApp({ demoOffline: false });
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    const cut = await within(bar).findByRole('button', { name: 'Demo: simulate offline' });
    expect(cut).toHaveAttribute('aria-pressed', 'false');
    await user.click(cut);
    await within(bar).findByText('Offline');
    expect(fake.world.demoOffline).toBe(true);
    await user.click(within(bar).getByRole('button', { name: 'Demo: restore network' }));
    await within(bar).findByText('Online');
    expect(fake.world.demoOffline).toBe(false);
  });

  it('is absent outside the demo', async () => {
    renderApp();
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    await within(bar).findByText('Online');
    expect(within(bar).queryByRole('button', { name: /Demo:/ })).toBeNull();
  });
});

describe('stale answers', () => {
  it('an older connectivity state arriving after a newer one is ignored', async () => {
    const { fake } = renderApp();
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    await within(bar).findByText('Online');
    const base = { online: true, paused: false, lastCheckedAt: 1 };
    act(() => fake.emit('connectivity:changed', { ...base, queued: 0, version: 2_000 }));
    act(() => fake.emit('connectivity:changed', { ...base, queued: 1, version: 1_999 }));
    expect(bar).toHaveTextContent('Nothing waiting to send');
    act(() => fake.emit('connectivity:changed', { ...base, queued: 2, version: 2_001 }));
    expect(bar).toHaveTextContent('2 queued');
  });
});

describe('startup warnings', () => {
  it('tells the user main moved a damaged history file aside, until dismissed', async () => {
    const message =
      'Your clip history file could not be read, so it was moved aside and a new one was started.';
    const { user } = renderApp({ startupWarnings: [{ code: 'internal', message }] });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(message);
    await user.click(within(alert).getByRole('button', { name: 'Got it' }));
    expect(screen.queryByText(message)).not.toBeInTheDocument();
  });

  it('shows nothing when the start was clean', async () => {
    renderApp();
    await screen.findByRole('contentinfo', { name: 'Status' });
    expect(screen.queryByText(/moved aside/)).not.toBeInTheDocument();
  });
});

describe('settings', () => {
  it('a key kept for a demo session is not reported as a missing keychain', async () => {
    const { user } = renderApp({ storage: 'session' });
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    expect(dialog).toHaveTextContent('kept for this session only');
    expect(screen.queryByText(/keychain is not available/)).not.toBeInTheDocument();
  });

  it('checks the stored key with VideoDB and says plainly when it no longer works', async () => {
    const { user, fake } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    await user.click(within(dialog).getByRole('button', { name: 'Check key' }));
    expect(await screen.findByText('Your key works: VideoDB accepted it.')).toBeInTheDocument();
    expect(fake.calls.filter((c) => c.channel === 'secrets:test-api-key')).toHaveLength(1);
    // Revoked on VideoDB's side (console.videodb.io): the same button says so, in words.
    fake.world.storedKeyRevoked = true;
    await user.click(within(dialog).getByRole('button', { name: 'Check key' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      /VideoDB did not accept this key/,
    );
  });

  it('shows that a key is stored without showing it, replaces it and removes it', async () => {
    const { user, fake } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    expect(dialog).toHaveTextContent('A key is stored and kept in your system keychain.');
    expect(dialog).not.toHaveTextContent('sk-good');

    await user.click(within(dialog).getByRole('button', { name: 'Replace key…' }));
    await user.type(within(dialog).getByLabelText('New API key'), 'sk-bad');
    await user.click(within(dialog).getByRole('button', { name: 'Check and save' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('did not accept this key');
    await user.clear(within(dialog).getByLabelText('New API key'));
    await user.type(within(dialog).getByLabelText('New API key'), 'sk-good');
    await user.click(within(dialog).getByRole('button', { name: 'Check and save' }));
    expect(await screen.findByText('New key checked and saved.')).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Remove key…' }));
    await user.click(within(dialog).getByRole('button', { name: 'Remove key' }));
    await waitFor(() => expect(fake.world.hasKey).toBe(false));
    expect(
      await screen.findByRole('heading', { name: 'Welcome to VideoDB Clips' }),
    ).toBeInTheDocument();
  });

  it('saves the API address and notifications, with the contract’s message for a bad address', async () => {
    const { user, fake } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    await user.click(
      within(dialog).getByRole('checkbox', { name: /Tell me when a clip is ready/ }),
    );
    await waitFor(() => expect(fake.world.notifications).toBe(false));
    await user.click(within(dialog).getByText('Advanced'));
    const address = within(dialog).getByLabelText('API address');
    await user.clear(address);
    await user.type(address, 'not a url');
    await user.click(within(dialog).getByRole('button', { name: 'Save address' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Enter a full address such as https://api.videodb.io.',
    );
    await user.clear(address);
    await user.type(address, 'http://127.0.0.1:9999');
    await user.click(within(dialog).getByRole('button', { name: 'Save address' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save and switch' }));
    await waitFor(() => expect(fake.world.apiBaseUrl).toBe('http://127.0.0.1:9999'));
  });

  it('a new address can take the key along: the box is offered with a key, unticked, and sent as moveKey', async () => {
    const { user, fake } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    await user.click(within(dialog).getByText('Advanced'));
    const address = within(dialog).getByLabelText('API address');
    await user.clear(address);
    await user.type(address, 'https://videodb.example.com');
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
    expect(fake.calls.filter((c) => c.channel === 'settings:update').at(-1)).toEqual({
      channel: 'settings:update',
      input: { apiBaseUrl: 'https://videodb.example.com', moveKey: true },
    });
  });

  it('without a key there is nothing to move: no box, and no moveKey sent', async () => {
    const { user, fake } = renderApp({ hasKey: false });
    await screen.findByRole('heading', { name: 'Welcome to VideoDB Clips' });
    act(() => fake.emit('app:menu', { action: 'settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    await user.click(within(dialog).getByText('Advanced'));
    const address = within(dialog).getByLabelText('API address');
    await user.clear(address);
    await user.type(address, 'https://videodb.example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Save address' }));
    expect(within(dialog).queryByRole('checkbox', { name: /Move my API key/ })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Save and switch' }));
    await waitFor(() => expect(fake.world.apiBaseUrl).toBe('https://videodb.example.com'));
    expect(fake.calls.filter((c) => c.channel === 'settings:update').at(-1)).toEqual({
      channel: 'settings:update',
      input: { apiBaseUrl: 'https://videodb.example.com' },
    });
  });

  it('is a labelled dialog that closes with Esc and returns focus', async () => {
    const { user } = renderApp();
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
    const { user } = renderApp();
    await screen.findByRole('navigation', { name: 'Sections' });
    await user.keyboard('{F1}');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog).toHaveTextContent('Copy link of the selected clips');
    expect(dialog).toHaveTextContent('Ctrl+Shift+C');
  });

  it('app:menu events run the action', async () => {
    const { fake } = renderApp();
    await screen.findByRole('navigation', { name: 'Sections' });
    act(() => fake.emit('app:menu', { action: 'settings' }));
    expect(await screen.findByRole('dialog', { name: 'Settings' })).toBeInTheDocument();
    expect(fake.calls.filter((c) => c.channel === 'app:ready')).toHaveLength(1);
  });
});
