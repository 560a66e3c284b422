/**
 * "Editor bundle from VideoDB" in the window, over the real core and the local server's
 * `editor/export` job (issue 11 §3): from a done clip's copy menu, the detail follows the job's
 * steps and shows the link and the fidelity report (offline refusal: test/core/downloads).
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/app';
import { createAppStore } from '../../renderer/store/store';
import { StoreProvider } from '../../renderer/store/store-context';
import { SAMPLE } from '../server';
import { startCoreApi, type CoreApi } from './core-api';

let running: CoreApi | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

describe('the editor bundle from VideoDB', () => {
  it('is asked from the copy menu; the detail shows its steps, the link and what it carries', async () => {
    running = await startCoreApi({ server: { jobDurationMs: 300 } });
    const { core, server } = running;
    await core.handlers['jobs:submit']({
      videoId: SAMPLE.pricingTalkId,
      collectionId: SAMPLE.defaultCollectionId,
      prompt: 'pricing',
      contentType: 'spoken',
      modelName: 'basic',
    });
    const store = createAppStore(running.api, { toastMs: 60_000 });
    const user = userEvent.setup();
    render(
      <StoreProvider store={store}>
        <App />
      </StoreProvider>,
    );
    await user.click(await screen.findByRole('button', { name: /Clip history/ }));
    const list = await screen.findByRole('listbox', { name: /^Clips, 1/ }, { timeout: 10_000 });
    const row = within(list).getByRole('option', { name: /pricing/ });
    await waitFor(() => expect(row).toHaveTextContent(/Done/), { timeout: 15_000 });
    await user.click(row);
    const detail = await screen.findByRole('complementary', { name: 'Clip details' });
    await user.click(within(detail).getByRole('button', { name: 'More ways to copy' }));
    await user.click(screen.getByRole('menuitem', { name: 'Editor bundle from VideoDB' }));

    const section = await within(detail).findByRole('region', {
      name: 'Editor bundle from VideoDB',
    });
    await waitFor(() => expect(section).toHaveTextContent('Ready'), { timeout: 15_000 });
    const table = within(section).getByRole('table', { name: 'What the bundle carries' });
    expect(within(table).getByRole('row', { name: /cuts Kept/ })).toBeInTheDocument();
    expect(
      within(table).getByRole('row', {
        name: /relevance scores Not carried — no NLE field holds them/,
      }),
    ).toBeInTheDocument();
    expect(
      within(section).getByRole('button', { name: 'Download the bundle' }),
    ).toBeInTheDocument();
    const posts = server.control
      .requests()
      .filter((r) => r.method === 'POST' && r.path === '/editor/export');
    expect(posts).toHaveLength(1);
    expect((posts[0]!.body as { client_ref: string }).client_ref).toMatch(
      /^videodb-clips-[0-9a-f]{40}$/,
    );
  });
});
