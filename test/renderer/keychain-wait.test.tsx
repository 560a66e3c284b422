import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from './render-app';

describe('while the keychain has not answered (issue 10)', () => {
  it('says it is waiting instead of asking for the key, then opens the app when the key arrives', async () => {
    const { fake } = renderApp({ hasKey: false, waitingForKeychain: true });
    expect(await screen.findByText(/Waiting for your keychain…/)).toHaveAttribute('role', 'status');
    expect(screen.queryByRole('heading', { name: 'Welcome to VideoDB Clips' })).toBeNull();
    fake.world.hasKey = true;
    fake.world.waitingForKeychain = false;
    act(() =>
      fake.emit('secrets:changed', {
        hasKey: true,
        storage: 'keychain',
        apiBaseUrl: fake.world.apiBaseUrl,
      }),
    );
    await screen.findByRole('button', { name: /settings/i });
    expect(screen.queryByText(/Waiting for your keychain/)).toBeNull();
  });
});
