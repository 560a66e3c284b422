import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CoreApi } from './core-api';
import { renderOverCore } from './render-core';

const hasKey = async (c: CoreApi) => (await c.core.handlers['secrets:status']({})).hasKey;

async function pasteKey(
  user: ReturnType<typeof import('@testing-library/user-event').default.setup>,
  key: string,
) {
  const field = await screen.findByLabelText('API key', {}, { timeout: 5000 });
  await user.clear(field);
  await user.type(field, key);
  await user.click(screen.getByRole('button', { name: 'Check and save key' }));
}

describe('welcome screen', () => {
  it('explains the key and where to get it', async () => {
    await renderOverCore({ withKey: false });
    expect(
      await screen.findByRole('heading', { name: 'Welcome to VideoDB Clips' }, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'console.videodb.io' })).toBeInTheDocument();
    expect(screen.getByLabelText('API key')).toHaveAttribute('type', 'password');
  });

  it.each([
    ['keychain', /kept in your system keychain/],
    ['session', /kept for this session only/],
    ['memory', /kept in memory until you quit: your system keychain is not available/],
  ] as const)('says truthfully where the key will be kept (%s)', async (storage, text) => {
    await renderOverCore({ withKey: false, storage });
    await screen.findByRole('heading', { name: 'Welcome to VideoDB Clips' }, { timeout: 5000 });
    expect(screen.getByText(text)).toBeInTheDocument();
  });

  it('says the key was not accepted for a wrong key, and stores nothing', async () => {
    const app = await renderOverCore({ withKey: false });
    await pasteKey(app.user, 'sk-wrong');
    expect(await screen.findByRole('alert')).toHaveTextContent('VideoDB did not accept this key');
    expect(await hasKey(app)).toBe(false);
    expect(screen.getByRole('heading', { name: 'Welcome to VideoDB Clips' })).toBeInTheDocument();
  });

  it('says VideoDB could not be reached when offline', async () => {
    const { user, server } = await renderOverCore({
      withKey: false,
      switches: { offline: true },
    });
    await pasteKey(user, server.apiKey);
    const alert = await screen.findByRole('alert', {}, { timeout: 5000 });
    expect(alert).toHaveTextContent('could not be reached');
    expect(alert).not.toHaveTextContent('did not accept');
  });

  it('says the keychain would not store it', async () => {
    const { user, server } = await renderOverCore({
      withKey: false,
      keychain: { refusesToStore: true },
    });
    await pasteKey(user, server.apiKey);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'system keychain would not store it',
    );
  });

  it('opens the library after a right key, and never shows the key', async () => {
    const app = await renderOverCore({ withKey: false });
    await pasteKey(app.user, 'sk-wrong');
    await screen.findByRole('alert');
    await pasteKey(app.user, app.server.apiKey);
    expect(
      await screen.findByRole('navigation', { name: 'Sections' }, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(await hasKey(app)).toBe(true);
    expect(document.body.textContent).not.toContain(app.server.apiKey);
    expect(app.calls.filter((c) => c.channel === 'secrets:set-api-key')).toHaveLength(2);
  });

  it('warns that a key kept in memory will not be remembered', async () => {
    const { user, server } = await renderOverCore({ withKey: false, storage: 'memory' });
    await pasteKey(user, server.apiKey);
    expect(await screen.findByText(/kept only until you quit/)).toBeInTheDocument();
  });
});
