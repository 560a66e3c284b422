import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderOverCore } from './render-core';

describe('while the keychain has not answered (issue 10)', () => {
  it('says it is waiting instead of asking for the key, then opens the app when the key arrives', async () => {
    // The keychain answers only when the person has dealt with its unlock prompt.
    let unlock: () => void = () => undefined;
    const answersWhen = new Promise<void>((r) => (unlock = r));
    await renderOverCore({ keychain: { answersWhen } });
    expect(
      await screen.findByText(/Waiting for your keychain…/, {}, { timeout: 5000 }),
    ).toHaveAttribute('role', 'status');
    expect(screen.queryByRole('heading', { name: 'Welcome to VideoDB Clips' })).toBeNull();
    unlock();
    await screen.findByRole('button', { name: /settings/i }, { timeout: 5000 });
    expect(screen.queryByText(/Waiting for your keychain/)).toBeNull();
  });
});
