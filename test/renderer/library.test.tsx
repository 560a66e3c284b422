import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeApi, makeVideo } from './fake-api';
import { renderApp } from './render-app';

const videos = [
  makeVideo({
    id: 'm-a',
    name: 'Keynote 2024',
    length: 3725,
    searchableBySpeech: true,
    searchableByScenes: true,
  }),
  makeVideo({
    id: 'm-b',
    name: 'Team standup',
    length: 95,
    searchableBySpeech: false,
    searchableByScenes: false,
  }),
];

describe('library browser', () => {
  it('shows skeletons while the collection loads, then the videos with length and badges', async () => {
    const fake = createFakeApi({ videos });
    fake.hold();
    renderApp({}, { fake });
    expect(await screen.findByRole('region', { name: 'Loading videos' })).toHaveAttribute(
      'aria-busy',
      'true',
    );
    expect(document.querySelectorAll('.video-card--skeleton').length).toBeGreaterThan(0);
    fake.release();
    const list = await screen.findByRole('region', { name: 'Videos, 2' });
    const keynote = within(list).getByRole('button', { name: /Keynote 2024/ });
    expect(keynote).toHaveTextContent('1:02:05');
    expect(keynote).toHaveTextContent('Searchable by speech');
    expect(keynote).toHaveTextContent('by scenes');
    expect(within(list).getByRole('button', { name: /Team standup/ })).toHaveTextContent(
      'Not searchable yet',
    );
  });

  it('says "Offline — showing saved library" when answers come from the saved copy', async () => {
    renderApp({ videos, online: false });
    expect(await screen.findByText(/Offline — showing saved library/)).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: /Keynote 2024/ })).toBeInTheDocument();
  });

  it('tells the user what to do with an empty collection', async () => {
    renderApp({ videos: [] });
    expect(await screen.findByText('This collection has no videos yet')).toBeInTheDocument();
    expect(screen.getByText(/Drop video files here to add them/)).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Add videos…' })).toHaveLength(2);
  });

  it('searches by name through main', async () => {
    const { user, fake } = renderApp({ videos });
    await screen.findByRole('region', { name: 'Videos, 2' });
    await user.type(screen.getByRole('searchbox', { name: 'Search videos by name' }), 'standup');
    expect(await screen.findByRole('region', { name: 'Videos, 1' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Keynote 2024/ })).not.toBeInTheDocument();
    expect(
      fake.calls.some(
        (c) =>
          c.channel === 'library:list-videos' &&
          (c.input as { search?: string }).search === 'standup',
      ),
    ).toBe(true);
    await user.clear(screen.getByRole('searchbox', { name: 'Search videos by name' }));
    await user.type(
      screen.getByRole('searchbox', { name: 'Search videos by name' }),
      'nothing like it',
    );
    expect(await screen.findByText('No videos match “nothing like it”')).toBeInTheDocument();
  });

  it('renders only what is visible of 5000 videos and fetches pages as needed', async () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      makeVideo({ id: `m-${i}`, name: `Clip ${i}` }),
    );
    const { fake } = renderApp({ videos: many });
    await screen.findByRole('region', { name: 'Videos, 5000' });
    await screen.findByRole('button', { name: /^Clip 0\b/ });
    const cards = document.querySelectorAll('.video-card');
    expect(cards.length).toBeGreaterThan(4);
    expect(cards.length).toBeLessThan(200);
    const pages = fake.calls.filter((c) => c.channel === 'library:list-videos');
    expect(pages.every((c) => (c.input as { limit: number }).limit <= 500)).toBe(true);
  });

  it('switches between grid and list', async () => {
    const { user } = renderApp({ videos });
    await screen.findByRole('button', { name: /Keynote 2024/ });
    await user.click(screen.getByRole('button', { name: 'List' }));
    expect(screen.getByRole('button', { name: 'List' })).toHaveAttribute('aria-pressed', 'true');
    expect(document.querySelector('.video-card--list')).not.toBeNull();
  });

  it('opens a video: metadata, scene indexes with status, make searchable with progress', async () => {
    const { user, fake } = renderApp({
      videos,
      sceneIndexes: {
        'm-b': [{ id: 's-1', name: 'Shots', status: 'processing' }],
      },
    });
    await user.click(await screen.findByRole('button', { name: /Team standup/ }));
    const pane = screen.getByRole('complementary', { name: 'Video details' });
    expect(await within(pane).findByRole('heading', { name: 'Team standup' })).toBeInTheDocument();
    expect(await within(pane).findByText('Being made')).toBeInTheDocument();
    const speechRow = within(pane).getByText('By speech').closest('li')!;
    await user.click(
      within(speechRow as HTMLElement).getByRole('button', { name: 'Make searchable' }),
    );
    expect(fake.calls.some((c) => c.channel === 'library:make-searchable')).toBe(true);
    fake.emit('library:indexing', {
      videoId: 'm-b',
      kind: 'spoken',
      status: 'running',
      progress: 40,
      error: null,
    });
    expect(await within(pane).findByText('40%')).toBeInTheDocument();
    fake.world.videos = fake.world.videos.map((v) =>
      v.id === 'm-b' ? { ...v, searchableBySpeech: true } : v,
    );
    fake.emit('library:indexing', {
      videoId: 'm-b',
      kind: 'spoken',
      status: 'done',
      progress: 100,
      error: null,
    });
    await waitFor(() =>
      expect(within(speechRow as HTMLElement).getByText('Yes')).toBeInTheDocument(),
    );
  });
});
