import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CallOutput } from '../../app/shared/contract';
import type { Job } from '../../app/shared/domain';
import { makeJob, type CoreApi, type CoreApiOptions } from './core-api';
import { renderOverCore } from './render-core';

const t0 = Date.now();
const jobs: Job[] = [
  makeJob({
    id: 'j1',
    createdAt: t0 - 1000,
    status: 'done',
    clipPlayerUrl: 'https://player.example/j1',
    request: {
      ...makeJob({ id: 'x' }).request,
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
    // A video no longer in the library: the history keeps its clips and its name.
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

async function openHistory(world: CoreApiOptions = {}, store = {}) {
  const app = await renderOverCore({ jobs, ...world }, { store });
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
    const { user, list, calls } = await openHistory();
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
    const lastList = calls.filter((c) => c.channel === 'jobs:list').at(-1)!.input;
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
      ).toEqual(['All videos', 'Archive interview', 'Demo day', jobs[0]!.videoName]),
    );
    await user.selectOptions(select, 'm-9');
  });

  it('says what to do when there are no clips', async () => {
    const { user } = await renderOverCore({ jobs: [] });
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
    const { user, list, calls, core } = await openHistory({}, { undoMs: 300 });
    await user.click(row(list, 'prompt j3'));
    await user.keyboard('{Delete}');
    expect(await screen.findByText('Clip deleted.')).toBeInTheDocument();
    expect(row(list, 'Deleted “prompt j3”')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(row(list, 'prompt j3')).toHaveTextContent('Failed');
    await act(() => new Promise((r) => setTimeout(r, 400)));
    expect(calls.some((c) => c.channel === 'jobs:delete')).toBe(false);

    await user.click(row(list, 'prompt j4'));
    await user.keyboard('{Delete}');
    expect(calls.some((c) => c.channel === 'jobs:delete')).toBe(false);
    await waitFor(() => expect(calls.some((c) => c.channel === 'jobs:delete')).toBe(true));
    expect(calls.find((c) => c.channel === 'jobs:delete')!.input).toEqual({ ids: ['j4'] });
    await waitFor(() =>
      expect(within(list).queryByRole('option', { name: /prompt j4/ })).not.toBeInTheDocument(),
    );
    const left = await core.handlers['jobs:list']({ offset: 0, limit: 100 });
    expect(left.jobs.map((j) => j.id)).not.toContain('j4');
    expect(left.total).toBe(jobs.length - 1);
  });

  it('copies the player link of the selection and confirms with a toast', async () => {
    const { user, list, calls } = await openHistory();
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
    expect(calls.find((c) => c.channel === 'clipboard:copy')!.input).toEqual({
      jobIds: ['j1', 'j3'],
      format: 'player-link',
    });

    await user.click(within(bar).getByRole('button', { name: 'More ways to copy' }));
    await user.click(screen.getByRole('menuitem', { name: 'Markdown list with timestamps' }));
    expect(await screen.findByText(/^Copied the Markdown list\. Skipped 1/)).toBeInTheDocument();
  });

  /**
   * A clip asked for through the core while the history is open (as the prompt panel does):
   * the server takes `jobDurationMs` over it, so its progress moves while a test looks.
   */
  async function askForClip(app: CoreApi, prompt: string): Promise<Job> {
    const r: CallOutput<'jobs:submit'> = await app.core.handlers['jobs:submit']({
      ...jobs[0]!.request,
      prompt,
    });
    return r.job;
  }
  const slowJobs = { switches: { jobDurationMs: 4000 } };
  const percent = (el: HTMLElement) => Number(/(\d+)%/.exec(el.textContent ?? '')?.[1] ?? NaN);

  it('follows jobs:changed events: progress updates in place, new jobs appear on top', async () => {
    const app = await openHistory(slowJobs);
    const { list } = app;
    await askForClip(app, 'brand new');
    await waitFor(() =>
      expect(within(list).getAllByRole('option')[0]).toHaveTextContent('brand new'),
    );
    const fresh = row(list, 'brand new');
    await waitFor(() => expect(percent(fresh)).toBeGreaterThan(0), { timeout: 5000 });
    const first = percent(fresh);
    await waitFor(() => expect(percent(fresh)).toBeGreaterThan(first), { timeout: 5000 });
    await waitFor(() => expect(fresh).toHaveTextContent('Done'), { timeout: 10_000 });
    expect(row(list, 'brand new')).toBe(fresh);
  });

  it('a jobs:changed event changes the list itself: no jobs:list round trip when the window can tell', async () => {
    const app = await openHistory(slowJobs);
    const { list, calls, user } = app;
    const lists = () => calls.filter((c) => c.channel === 'jobs:list').length;
    const settle = () => act(() => new Promise((r) => setTimeout(r, 400))); // past the 200 ms debounce
    // Unfiltered: a new clip on top and its progress in place, both without asking main.
    let before = lists();
    await askForClip(app, 'brand new');
    await waitFor(() =>
      expect(within(list).getAllByRole('option')[0]).toHaveTextContent('brand new'),
    );
    await waitFor(() => expect(percent(row(list, 'brand new'))).toBeGreaterThan(0), {
      timeout: 5000,
    });
    expect(screen.getByRole('listbox', { name: /^Clips, 7, newest first$/ })).toBeInTheDocument();
    await settle();
    expect(lists()).toBe(before);

    // Filtered to "Processing": a new clip that starts processing joins on top, its progress
    // updates in place, a change to a job of another status is left out; only a row leaving
    // the filter (done) asks main again.
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Filter by status' }),
      'processing',
    );
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(3));
    await settle();
    before = lists();
    const other = await askForClip(app, 'another one');
    await waitFor(() =>
      expect(within(list).getAllByRole('option')[0]).toHaveTextContent('another one'),
    );
    const moving = row(list, 'another one');
    await waitFor(() => expect(percent(moving)).toBeGreaterThan(0), { timeout: 5000 });
    await app.core.handlers['jobs:set-favourite']({ id: 'j3', favourite: true });
    await settle();
    expect(lists()).toBe(before);
    expect(within(list).getAllByRole('option')).toHaveLength(4);
    // "brand new" finishes first, then "another one": each leaves the filter.
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(2), {
      timeout: 10_000,
    });
    expect((await app.core.handlers['jobs:get']({ id: other.id })).status).toBe('done');
    await settle();
    expect(lists()).toBeGreaterThan(before);
    expect(lists()).toBeLessThanOrEqual(before + 2);
  });
});
