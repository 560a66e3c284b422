/**
 * The library browser over the real core and the local server's seeded library: six videos in
 * the default collection, 5 200 in the archive, one video (the raw offsite footage) with no
 * index at all. The list does not say how a video can be searched; opening it does.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_VIDEO_COUNT, SAMPLE } from '../server';
import { renderOverCore, startCore } from './render-core';

const inDefault = SAMPLE.videoCounts.default;
const card = (name: string) =>
  screen.findByRole('button', { name: new RegExp(`^${name}`) }, { timeout: 5000 });

describe('library browser', () => {
  it('shows skeletons while the collection loads, then the videos with length and badges', async () => {
    // The server answers every call a second late, so the window is seen loading.
    const { user, server } = await renderOverCore({ switches: { latencyMs: 1000 } });
    expect(
      await screen.findByRole('region', { name: 'Loading videos' }, { timeout: 5000 }),
    ).toHaveAttribute('aria-busy', 'true');
    expect(document.querySelectorAll('.video-card--skeleton').length).toBeGreaterThan(0);
    const list = await screen.findByRole(
      'region',
      { name: `Videos, ${inDefault}` },
      { timeout: 10_000 },
    );
    server.control.set({ latencyMs: 0 });
    const talk = within(list).getByRole('button', { name: new RegExp(SAMPLE.pricingTalkName) });
    expect(talk).toHaveTextContent('3:12');
    expect(talk).toHaveTextContent('Not checked yet');
    // Opening it finds out (its scene indexes; speech is known once a clip of it was made),
    // and its card says so too.
    await user.click(talk);
    await waitFor(() => expect(talk).toHaveTextContent('Searchable by scenes'), {
      timeout: 5000,
    });
    expect(talk).not.toHaveTextContent('Not checked yet');
  });

  it('says "Offline — showing saved library" when answers come from the saved copy', async () => {
    // An earlier look at the library (saved by the core), then the network goes.
    const c = await startCore();
    await c.core.handlers['library:list-collections']({ refresh: false });
    await c.core.handlers['library:list-videos']({
      collectionId: SAMPLE.defaultCollectionId,
      offset: 0,
      limit: 100,
      refresh: false,
    });
    await c.setOffline(true);
    await renderOverCore(c);
    expect(
      await screen.findByText(/Offline — showing saved library/, {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(await card(SAMPLE.pricingTalkName)).toBeInTheDocument();
  });

  it('tells the user what to do with an empty collection', async () => {
    await renderOverCore({ server: { seed: false } });
    expect(
      await screen.findByText('This collection has no videos yet', {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Drop video files here to add them/)).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Add videos…' })).toHaveLength(2);
  });

  it('searches by name through main', async () => {
    const { user, calls } = await renderOverCore();
    await screen.findByRole('region', { name: `Videos, ${inDefault}` }, { timeout: 5000 });
    await user.type(screen.getByRole('searchbox', { name: 'Search videos by name' }), 'knife');
    expect(
      await screen.findByRole('region', { name: 'Videos, 1' }, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Knife Skills/ })).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: new RegExp(SAMPLE.pricingTalkName) }),
    ).not.toBeInTheDocument();
    expect(
      calls.some(
        (c) =>
          c.channel === 'library:list-videos' &&
          (c.input as { search?: string }).search === 'knife',
      ),
    ).toBe(true);
    await user.clear(screen.getByRole('searchbox', { name: 'Search videos by name' }));
    await user.type(
      screen.getByRole('searchbox', { name: 'Search videos by name' }),
      'nothing like it',
    );
    expect(
      await screen.findByText('No videos match “nothing like it”', {}, { timeout: 5000 }),
    ).toBeInTheDocument();
  });

  it('renders only what is visible of thousands of videos and fetches pages as needed', async () => {
    const { user, calls } = await renderOverCore();
    await user.click(await screen.findByRole('button', { name: 'Archive' }, { timeout: 5000 }));
    await screen.findByRole(
      'region',
      { name: `Videos, ${ARCHIVE_VIDEO_COUNT}` },
      { timeout: 5000 },
    );
    await waitFor(() =>
      expect(
        document.querySelectorAll('.video-card:not(.video-card--skeleton)').length,
      ).toBeGreaterThan(4),
    );
    const cards = document.querySelectorAll('.video-card');
    expect(cards.length).toBeLessThan(200);
    const pages = calls.filter(
      (c) =>
        c.channel === 'library:list-videos' &&
        (c.input as { collectionId: string }).collectionId === SAMPLE.archiveCollectionId,
    );
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.every((c) => (c.input as { limit: number }).limit <= 500)).toBe(true);
  });

  it('switches between grid and list', async () => {
    const { user } = await renderOverCore();
    await card(SAMPLE.pricingTalkName);
    await user.click(screen.getByRole('button', { name: 'List' }));
    expect(screen.getByRole('button', { name: 'List' })).toHaveAttribute('aria-pressed', 'true');
    expect(document.querySelector('.video-card--list')).not.toBeNull();
  });

  it('opens a video: metadata, scene indexes with status, make searchable with progress', async () => {
    // Indexing takes the server three seconds, so its progress can be seen; a scene index of
    // the raw footage is already being made when the window opens it.
    const c = await startCore({ switches: { jobDurationMs: 3000 } });
    await c.core.handlers['library:make-searchable']({
      videoId: SAMPLE.unsearchableVideoId,
      collectionId: SAMPLE.defaultCollectionId,
      kind: 'scenes',
    });
    const { user, calls } = await renderOverCore(c);
    await user.click(await card(SAMPLE.unsearchableVideoName));
    const pane = screen.getByRole('complementary', { name: 'Video details' });
    expect(
      await within(pane).findByRole('heading', { name: SAMPLE.unsearchableVideoName }),
    ).toBeInTheDocument();
    expect(await within(pane).findByText('Being made', {}, { timeout: 5000 })).toBeInTheDocument();
    const row = (label: string) => within(pane).getByText(label).closest('li') as HTMLElement;
    await user.click(within(row('By speech')).getByRole('button', { name: 'Make searchable' }));
    expect(calls.find((c) => c.channel === 'library:make-searchable')?.input).toMatchObject({
      videoId: SAMPLE.unsearchableVideoId,
      kind: 'spoken',
    });
    expect(
      await within(row('By speech')).findByText(/^\d+%$/, {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    await waitFor(() => expect(within(row('By speech')).getByText('Yes')).toBeInTheDocument(), {
      timeout: 10_000,
    });
    await waitFor(() => expect(within(row('By scenes')).getByText('Yes')).toBeInTheDocument(), {
      timeout: 10_000,
    });
    expect(await within(pane).findByText('Ready', {}, { timeout: 5000 })).toBeInTheDocument();
  });
});
