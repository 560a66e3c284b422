import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../app/shared/domain';
import { makeJob } from './fake-api';
import { renderApp } from './render-app';

const t0 = Date.now();
const jobs: Job[] = [
  makeJob({
    id: 'j1',
    createdAt: t0 - 1000,
    status: 'done',
    clipPlayerUrl: 'https://player/j1',
    request: {
      videoId: 'm-1',
      collectionId: 'c-1',
      prompt: 'the launch',
      contentType: 'spoken',
      modelName: 'basic',
    },
  }),
  makeJob({
    id: 'j2',
    createdAt: t0 - 2000,
    status: 'processing',
    progress: 42,
    sentAt: t0 - 65_000,
    request: {
      videoId: 'm-2',
      collectionId: 'c-1',
      prompt: 'the demo',
      contentType: 'spoken',
      modelName: 'basic',
    },
    videoName: 'Demo day',
  }),
  makeJob({
    id: 'j3',
    createdAt: t0 - 3000,
    status: 'failed',
    error: { code: 'server', message: 'VideoDB had a problem.' },
  }),
  makeJob({ id: 'j4', createdAt: t0 - 4000, status: 'queued', sentAt: null }),
  makeJob({ id: 'j5', createdAt: t0 - 5000, status: 'uncertain', favourite: true }),
  makeJob({ id: 'j6', createdAt: t0 - 6000, status: 'processing', stuck: true, progress: 10 }),
];

async function openHistory(world: Parameters<typeof renderApp>[0] = {}, store = {}) {
  const app = renderApp({ jobs, ...world }, { store });
  await app.user.click(await screen.findByRole('button', { name: /Clip history/ }));
  const list = await screen.findByRole('listbox', { name: /^Clips, \d+, newest first$/ });
  return { ...app, list };
}

const row = (list: HTMLElement, prompt: string) =>
  within(list).getByRole('option', { name: new RegExp(prompt) });

describe('clip history', () => {
  it('lists clips newest first with their status badges', async () => {
    const { list } = await openHistory();
    const options = within(list).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      expect.stringContaining('the launch'),
      expect.stringContaining('the demo'),
      expect.stringContaining('prompt j3'),
      expect.stringContaining('prompt j4'),
      expect.stringContaining('prompt j5'),
      expect.stringContaining('prompt j6'),
    ]);
    expect(row(list, 'the launch')).toHaveTextContent('Done');
    expect(row(list, 'the demo')).toHaveTextContent(/Making clip · 42% · 1 min/);
    expect(row(list, 'prompt j3')).toHaveTextContent('Failed');
    expect(row(list, 'prompt j4')).toHaveTextContent('Queued');
    expect(row(list, 'prompt j5')).toHaveTextContent('Not sure it was sent');
    expect(row(list, 'prompt j6')).toHaveTextContent('Taking longer than usual');
  });

  it('filters by status, favourites, video and search through main', async () => {
    const { user, list, fake } = await openHistory();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Filter by status' }), 'failed');
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(1));
    expect(row(list, 'prompt j3')).toBeInTheDocument();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Filter by status' }), 'all');
    await user.click(screen.getByRole('button', { name: '★ Favourites' }));
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(1));
    expect(row(list, 'prompt j5')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '★ Favourites' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Video' }), 'm-2');
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(1));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Video' }), '');
    await user.type(screen.getByRole('searchbox', { name: 'Search clips' }), 'launch');
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(1));
    const lastList = fake.calls.filter((c) => c.channel === 'jobs:list').at(-1)!.input;
    expect(lastList).toMatchObject({ search: 'launch' });
  });

  it('offers every video of the whole history in the video filter, not just loaded pages', async () => {
    const old = makeJob({
      id: 'j-old',
      createdAt: t0 - 90 * 86_400_000,
      videoName: 'Archive interview',
      request: {
        videoId: 'm-9',
        collectionId: 'c-1',
        prompt: 'an old clip',
        contentType: 'spoken',
        modelName: 'basic',
      },
    });
    const many = Array.from({ length: 300 }, (_, i) =>
      makeJob({ id: `n${i}`, createdAt: t0 - 10_000 - i }),
    );
    // The oldest clip is far beyond the first page, yet its video is offered.
    const { user } = await openHistory({ jobs: [...jobs, ...many, old] }, { historyPageSize: 50 });
    const select = screen.getByRole('combobox', { name: 'Video' });
    await waitFor(() =>
      expect(
        within(select)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['All videos', 'Archive interview', 'Demo day', 'Video m-1']),
    );
    await user.selectOptions(select, 'm-9');
  });

  it('says what to do when there are no clips', async () => {
    renderApp({ jobs: [] });
    const { user } = { user: (await import('@testing-library/user-event')).default.setup() };
    await user.click(await screen.findByRole('button', { name: /Clip history/ }));
    expect(await screen.findByText('No clips yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Go to the library' })).toBeInTheDocument();
  });

  it('multi-selects with Ctrl-click, Shift-click and the keyboard', async () => {
    const { user, list, store } = await openHistory();
    await user.click(row(list, 'the launch'));
    await user.keyboard('{Control>}');
    await user.click(row(list, 'prompt j3'));
    await user.keyboard('{/Control}');
    expect(store.getState().selectedJobIds).toEqual(['j1', 'j3']);
    expect(row(list, 'prompt j3')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('toolbar', { name: 'Selected clips' })).toHaveTextContent('2 selected');

    await user.click(row(list, 'the demo'));
    await user.keyboard('{Shift>}');
    await user.click(row(list, 'prompt j4'));
    await user.keyboard('{/Shift}');
    expect(store.getState().selectedJobIds).toEqual(['j2', 'j3', 'j4']);

    list.focus();
    await user.click(row(list, 'the launch'));
    await user.keyboard('{Shift>}{ArrowDown}{ArrowDown}{/Shift}');
    expect(store.getState().selectedJobIds).toEqual(['j1', 'j2', 'j3']);
    await user.keyboard('{Control>}a{/Control}');
    expect(store.getState().selectedJobIds).toHaveLength(6);
  });

  it('deletes with Undo, and calls jobs:delete only when the undo window ends', async () => {
    const { user, list, fake } = await openHistory({}, { undoMs: 300 });
    await user.click(row(list, 'prompt j3'));
    await user.keyboard('{Delete}');
    expect(await screen.findByText('Clip deleted.')).toBeInTheDocument();
    expect(row(list, 'Deleted “prompt j3”')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(row(list, 'prompt j3')).toHaveTextContent('Failed');
    await act(() => new Promise((r) => setTimeout(r, 400)));
    expect(fake.calls.some((c) => c.channel === 'jobs:delete')).toBe(false);

    await user.click(row(list, 'prompt j4'));
    await user.keyboard('{Delete}');
    expect(fake.calls.some((c) => c.channel === 'jobs:delete')).toBe(false);
    await waitFor(() => expect(fake.calls.some((c) => c.channel === 'jobs:delete')).toBe(true));
    expect(fake.calls.find((c) => c.channel === 'jobs:delete')!.input).toEqual({ ids: ['j4'] });
    await waitFor(() =>
      expect(within(list).queryByRole('option', { name: /prompt j4/ })).not.toBeInTheDocument(),
    );
    expect(fake.world.jobs.map((j) => j.id)).not.toContain('j4');
  });

  it('copies the player link of the selection and confirms with a toast', async () => {
    const { user, list, fake } = await openHistory();
    await user.click(row(list, 'the launch'));
    await user.keyboard('{Control>}');
    await user.click(row(list, 'prompt j3'));
    await user.keyboard('{/Control}');
    const bar = screen.getByRole('toolbar', { name: 'Selected clips' });
    await user.click(within(bar).getByRole('button', { name: 'Copy 2 links' }));
    // The failed clip has no link: the ready one is copied and the other named.
    expect(
      await screen.findByText('Copied the player link. Skipped 1 without a link yet: “prompt j3”.'),
    ).toBeInTheDocument();
    expect(fake.calls.find((c) => c.channel === 'clipboard:copy')!.input).toEqual({
      jobIds: ['j1', 'j3'],
      format: 'player-link',
    });

    await user.click(within(bar).getByRole('button', { name: 'More ways to copy' }));
    await user.click(screen.getByRole('menuitem', { name: 'Markdown list with timestamps' }));
    expect(await screen.findByText(/^Copied the Markdown list\. Skipped 1/)).toBeInTheDocument();
  });

  it('follows jobs:changed events: progress updates in place, new jobs appear on top', async () => {
    const { list, fake } = await openHistory();
    act(() => fake.emit('jobs:changed', { ...jobs[1]!, progress: 77 }));
    await waitFor(() => expect(row(list, 'the demo')).toHaveTextContent('77%'));
    const fresh = makeJob({
      id: 'j0',
      createdAt: Date.now(),
      status: 'sending',
      request: { ...jobs[0]!.request, prompt: 'brand new' },
    });
    fake.world.jobs = [fresh, ...fake.world.jobs];
    act(() => fake.emit('jobs:changed', fresh));
    await waitFor(() =>
      expect(within(list).getAllByRole('option')[0]).toHaveTextContent('brand new'),
    );
  });

  it('a jobs:changed event changes the list itself: no jobs:list round trip when the window can tell', async () => {
    const { list, fake, user } = await openHistory();
    const lists = () => fake.calls.filter((c) => c.channel === 'jobs:list').length;
    const settle = () => new Promise((r) => setTimeout(r, 400)); // past the 200 ms debounce
    // Unfiltered: progress in place, and a new clip on top, both without asking main.
    let before = lists();
    act(() => fake.emit('jobs:changed', { ...jobs[1]!, progress: 80, updatedAt: t0 + 1 }));
    const fresh = makeJob({
      id: 'j0',
      createdAt: Date.now(),
      status: 'queued',
      request: { ...jobs[0]!.request, prompt: 'brand new' },
    });
    fake.world.jobs = [fresh, ...fake.world.jobs];
    act(() => fake.emit('jobs:changed', fresh));
    await waitFor(() =>
      expect(within(list).getAllByRole('option')[0]).toHaveTextContent('brand new'),
    );
    expect(row(list, 'the demo')).toHaveTextContent('80%');
    expect(screen.getByRole('listbox', { name: /^Clips, 7, newest first$/ })).toBeInTheDocument();
    await settle();
    expect(lists()).toBe(before);

    // Filtered to "Processing": a listed job that keeps the status updates in place; one of
    // another status is left out; only a row leaving the filter asks main again.
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Filter by status' }),
      'processing',
    );
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(2));
    before = lists();
    act(() => fake.emit('jobs:changed', { ...jobs[5]!, progress: 55, updatedAt: t0 + 2 }));
    act(() => fake.emit('jobs:changed', { ...jobs[3]!, status: 'sending', updatedAt: t0 + 3 }));
    await settle();
    expect(lists()).toBe(before);
    expect(within(list).getAllByRole('option')).toHaveLength(2);
    const done = { ...jobs[1]!, status: 'done' as const, progress: 100, updatedAt: t0 + 4 };
    fake.world.jobs = fake.world.jobs.map((j) => (j.id === done.id ? done : j));
    act(() => fake.emit('jobs:changed', done));
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(1));
    expect(lists()).toBe(before + 1);
  });
});
