/**
 * The window over the real core, in-process (issue 13 §6): the library comes from the local
 * VideoDB server, a prompt becomes a clip job that the core sends, polls and finishes, and the
 * history shows it done, with every answer checked against the contract on the way (a drift
 * would surface as an error in the window and fail these tests). The same flows run in Chromium
 * against the preview in test/e2e; here they run in the component-test loop.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SAMPLE } from '../server';
import { renderOverCore } from './render-core';

describe('the window over the real core', () => {
  it('lists the library, makes a clip, and the history shows it done', async () => {
    const { user, calls, events } = await renderOverCore();
    const card = await screen.findByRole(
      'button',
      { name: new RegExp(`^${SAMPLE.pricingTalkName}`) },
      { timeout: 10_000 },
    );
    await user.click(card);
    const pane = screen.getByRole('complementary', { name: 'Video details' });
    const form = await within(pane).findByRole('form', { name: 'Make a clip' });
    await user.type(within(form).getByLabelText('What are you looking for?'), 'pricing');
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    expect(await within(form).findByText('Clip requested.')).toBeInTheDocument();

    const opened = calls.length;
    await user.click(screen.getByRole('button', { name: /Clip history/ }));
    const list = await screen.findByRole('listbox', { name: /^Clips, 1, newest first$/ });
    const row = within(list).getByRole('option', { name: /pricing/ });
    await waitFor(() => expect(row).toHaveTextContent(/Done/), { timeout: 15_000 });
    // The core's own events moved the row to Done: the history's page was asked for at most once
    // after the history opened (none if the new clip's refresh had fetched it just before), and
    // not again as the job changed.
    expect(events.some((e) => e.name === 'jobs:changed')).toBe(true);
    const historyPages = calls
      .slice(opened)
      .filter(
        (c) => c.channel === 'jobs:list' && (c.input as { videoId?: string }).videoId === undefined,
      );
    expect(historyPages.length).toBeLessThanOrEqual(1);
    const submits = calls.filter((c) => c.channel === 'jobs:submit');
    expect(submits).toHaveLength(1);
    // Nothing on screen says the app went wrong (a contract drift is an internal error).
    expect(screen.queryByText(/Contract drift|Something went wrong/)).toBeNull();
  });

  it('first run without a key: the welcome screen, a refused key, then the right one', async () => {
    const { user, server } = await renderOverCore({ withKey: false });
    const key = await screen.findByLabelText('API key', {}, { timeout: 10_000 });
    await user.type(key, 'sk-not-the-right-one');
    await user.click(screen.getByRole('button', { name: 'Check and save key' }));
    const alert = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(key).toHaveAttribute('aria-invalid', 'true');
    expect(key.getAttribute('aria-describedby')).toContain(alert.id);
    await user.clear(key);
    await user.type(key, server.apiKey);
    await user.click(screen.getByRole('button', { name: 'Check and save key' }));
    expect(
      await screen.findByRole(
        'button',
        { name: new RegExp(`^${SAMPLE.pricingTalkName}`) },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
  });
});
