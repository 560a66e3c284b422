import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from './render-app';

async function pasteKey(
  user: ReturnType<typeof import('@testing-library/user-event').default.setup>,
  key: string,
) {
  const field = await screen.findByLabelText('API key');
  await user.clear(field);
  await user.type(field, key);
  await user.click(screen.getByRole('button', { name: 'Check and save key' }));
}

describe('welcome screen', () => {
  it('explains the key and where to get it', async () => {
    renderApp({ hasKey: false });
    expect(
      await screen.findByRole('heading', { name: 'Welcome to VideoDB Clips' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'console.videodb.io' })).toBeInTheDocument();
    expect(screen.getByLabelText('API key')).toHaveAttribute('type', 'password');
  });

  it.each([
    ['keychain', /kept in your system keychain/],
    ['session', /kept for this session only/],
    ['memory', /kept in memory until you quit: your system keychain is not available/],
  ] as const)('says truthfully where the key will be kept (%s)', async (storage, text) => {
    renderApp({ hasKey: false, storage });
    await screen.findByRole('heading', { name: 'Welcome to VideoDB Clips' });
    expect(screen.getByText(text)).toBeInTheDocument();
  });

  it('says the key was not accepted for a wrong key, and stores nothing', async () => {
    const { user, fake } = renderApp({ hasKey: false });
    await pasteKey(user, 'sk-wrong');
    expect(await screen.findByRole('alert')).toHaveTextContent('VideoDB did not accept this key');
    expect(fake.world.hasKey).toBe(false);
    expect(screen.getByRole('heading', { name: 'Welcome to VideoDB Clips' })).toBeInTheDocument();
  });

  it('says VideoDB could not be reached when offline', async () => {
    const { user } = renderApp({ hasKey: false, online: false });
    await pasteKey(user, 'sk-good');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('could not be reached');
    expect(alert).not.toHaveTextContent('did not accept');
  });

  it('says the keychain would not store it', async () => {
    const { user } = renderApp({ hasKey: false, keychainBroken: true });
    await pasteKey(user, 'sk-good');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'system keychain would not store it',
    );
  });

  it('opens the library after a right key, and never shows the key', async () => {
    const { user, fake } = renderApp({ hasKey: false });
    await pasteKey(user, 'sk-wrong');
    await screen.findByRole('alert');
    await pasteKey(user, 'sk-good');
    expect(await screen.findByRole('navigation', { name: 'Sections' })).toBeInTheDocument();
    expect(fake.world.hasKey).toBe(true);
    expect(document.body.textContent).not.toContain('sk-good');
    expect(fake.calls.filter((c) => c.channel === 'secrets:set-api-key')).toHaveLength(2);
  });

  it('warns that a key kept in memory will not be remembered', async () => {
    const { user } = renderApp({ hasKey: false, storage: 'memory' });
    await pasteKey(user, 'sk-good');
    expect(await screen.findByText(/kept only until you quit/)).toBeInTheDocument();
  });
});
