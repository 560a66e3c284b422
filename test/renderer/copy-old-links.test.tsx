/**
 * Issue 11 §1: offline, the app cannot mint a clip's old links again, so the copy menu says that
 * links older than a day may not open, and what keeps working. Online, or with fresh links, the
 * menu says nothing of it (main renews old links before copying: test/core/jobs/links-alive).
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../app/shared/domain';
import { makeJob } from './core-api';
import { renderOverCore } from './render-core';

const DAY = 24 * 60 * 60_000;
const clip = (id: string, mintedAgo: number) =>
  makeJob({
    id,
    status: 'done',
    createdAt: Date.now() - mintedAgo - 60_000,
    finishedAt: Date.now() - mintedAgo,
    linksMintedAt: Date.now() - mintedAgo,
    clipStreamUrl: `https://stream.example/${id}.m3u8`,
    clipPlayerUrl: `https://console.videodb.io/player?url=${id}`,
    segments: [{ start: 1, end: 2, text: 'x', score: 1, streamUrl: null }],
  });

/** Open the copy menu of the clip named `prompt`; `online: false` cuts the server first. */
async function openMenu(world: { jobs: Job[]; online: boolean }, prompt: string) {
  const app = await renderOverCore({
    jobs: world.jobs,
    switches: { offline: !world.online },
  });
  const bar = await screen.findByRole('contentinfo', { name: 'Status' });
  await within(bar).findByText(world.online ? 'Online' : 'Offline', {}, { timeout: 5000 });
  await app.user.click(await screen.findByRole('button', { name: /Clip history/ }));
  await app.user.click(await screen.findByRole('option', { name: new RegExp(prompt) }));
  const pane = screen.getByRole('complementary', { name: 'Clip details' });
  await app.user.click(await within(pane).findByRole('button', { name: 'More ways to copy' }));
  return screen.getByRole('menu', { name: 'Copy as' });
}

describe('copy menu: links older than a day', () => {
  it('offline with a week-old clip: says the links may not open, and what keeps working', async () => {
    const menu = await openMenu({ jobs: [clip('old', 7 * DAY)], online: false }, 'prompt old');
    const note = within(menu).getByText(/links older than a day cannot be renewed/);
    expect(note).toHaveTextContent('The app link, and the timestamps in Markdown, JSON or CSV');
    expect(menu.getAttribute('aria-describedby')).toBe(note.id);
  });

  it('online, or with links minted today, says nothing', async () => {
    const online = await openMenu({ jobs: [clip('old', 7 * DAY)], online: true }, 'prompt old');
    expect(within(online).queryByText(/cannot be renewed/)).toBeNull();
    expect(online).not.toHaveAttribute('aria-describedby');
  });

  it('offline but fresh: nothing to warn about', async () => {
    const menu = await openMenu(
      { jobs: [clip('new', 2 * 60 * 60_000)], online: false },
      'prompt new',
    );
    expect(within(menu).queryByText(/cannot be renewed/)).toBeNull();
  });
});

describe('dragging a history row out: links older than a day', () => {
  it('mints the link again when the pointer comes to the row, then drags the fresh one', async () => {
    const app = await renderOverCore({ jobs: [clip('old', 2 * DAY)] });
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    await within(bar).findByText('Online', {}, { timeout: 5000 });
    await app.user.click(await screen.findByRole('button', { name: /Clip history/ }));
    const row = await screen.findByRole('option', { name: /prompt old/ });
    // The stored link no longer plays: the row does not offer it.
    expect(row).toHaveAttribute('draggable', 'false');
    const mints = () =>
      app.server.control
        .requests()
        .filter(
          (r) => r.method === 'POST' && (r.path === '/compile' || r.path.endsWith('/stream')),
        );
    expect(mints()).toHaveLength(0);

    await app.user.hover(row);
    await waitFor(() => expect(row).toHaveAttribute('draggable', 'true'), { timeout: 10_000 });
    expect(mints().length).toBeGreaterThan(0);
    const carried = new Map<string, string>();
    fireEvent.dragStart(row, {
      dataTransfer: { setData: (k: string, v: string) => carried.set(k, v), effectAllowed: '' },
    });
    expect(carried.get('text/uri-list')).toMatch(/^https?:\/\//);
    expect(carried.get('text/uri-list')).not.toBe('https://console.videodb.io/player?url=old');
    // Hovering again within the minute does not ask again.
    const asked = mints().length;
    await app.user.unhover(row);
    await app.user.hover(row);
    expect(mints()).toHaveLength(asked);
  });
});
