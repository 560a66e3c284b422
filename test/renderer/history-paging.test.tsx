/**
 * The history list's data flow at scale: a capped count shows as "1,000+" and grows as deeper
 * pages load (so the list reaches every clip), pages far off-screen are let go with their rows
 * (memory stays flat), and a row opened from the list gets its segments from `jobs:get`.
 */
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BulkJob } from '../support/bulk-insert';
import { historyCountLabel } from '../../renderer/components/history-view';
import { KEEP_PAGES_AROUND } from '../../renderer/store/jobs-slice';
import { createAppStore } from '../../renderer/store/store';
import { makeJob } from './core-api';
import { renderOverCore, startCore } from './render-core';

const t0 = Date.now();

/** `n` done clips of the pricing talk, `j0` newest, one second apart, one segment each. */
function* manyJobs(n: number): Generator<BulkJob> {
  const { request, videoName } = makeJob({ id: 'x' });
  for (let i = 0; i < n; i++) {
    yield {
      id: `j${i}`,
      request: { ...request, prompt: `prompt j${i}` },
      videoName,
      fingerprint: `fp-${i}`,
      createdAt: t0 - i * 1000,
      status: 'done',
      finishedAt: t0 - i * 1000,
      segments: [{ start: i, end: i + 1, text: `said ${i}`, score: 1, streamUrl: null }],
    };
  }
}

// The core counts the whole history, and one video's, exactly (a summary table); with any other
// filter it counts at most 1 000 past the page asked for and answers a bound (jobs-repo.ts).
describe('history paging at scale', () => {
  it('labels an exact count and a bound', () => {
    expect(historyCountLabel(1, false)).toBe('1 clip');
    expect(historyCountLabel(1100, false)).toBe('1,100 clips');
    expect(historyCountLabel(1100, true)).toBe('1,100+ clips');
  });

  it('a bound grows as deeper pages load, so the list reaches the last clip', async () => {
    const { api } = await startCore({ bulkJobs: manyJobs(5000) });
    const store = createAppStore(api, { historyPageSize: 100 });
    store.getState().setHistoryFilter({ status: 'done' }); // asks for page 0
    await waitFor(() => expect(store.getState().historyTotal).not.toBeNull());
    expect(store.getState()).toMatchObject({ historyTotal: 1100, historyTotalIsLowerBound: true });
    // Walk down as the virtual list would: each page asked for lies inside the known count.
    for (let p = 1; p * 100 < (store.getState().historyTotal ?? 0); p++) {
      await store.getState().ensureHistoryPage(p);
    }
    const s = store.getState();
    expect(s.historyTotal).toBe(5000);
    expect(s.historyTotalIsLowerBound).toBe(false);
    expect(s.historyPages[49]?.[99]).toBe('j4999');
    // Page 0 again (a refresh) does not cut the list back while the count is a bound.
    const fresh = createAppStore(api, { historyPageSize: 100 });
    fresh.getState().setHistoryFilter({ status: 'done' });
    for (const p of [0, 10, 0]) await fresh.getState().ensureHistoryPage(p);
    expect(fresh.getState().historyTotal).toBe(2100);
  });

  it('pages far from the one asked for are let go with their rows: what the window holds stays bounded', async () => {
    const { api, calls, core } = await startCore({ bulkJobs: manyJobs(20_000) });
    const store = createAppStore(api, { historyPageSize: 100 });
    await store.getState().ensureHistoryPage(0);
    store.getState().selectJob('j5', 'single');
    await waitFor(() => expect(store.getState().jobsById.j5?.segments).toBeDefined());
    for (let p = 1; p < 200; p++) await store.getState().ensureHistoryPage(p);
    const s = store.getState();
    const pages = Object.keys(s.historyPages).map(Number);
    expect(Math.min(...pages)).toBe(199 - KEEP_PAGES_AROUND);
    expect(pages).toHaveLength(KEEP_PAGES_AROUND + 1);
    // Kept: the rows of the kept pages and the selected, open clip; nothing else.
    expect(Object.keys(s.jobsById).sort()).toEqual(
      ['j5', ...pages.flatMap((p) => s.historyPages[p]!)].sort(),
    );
    expect(s.jobsById.j5?.segments).toHaveLength(1);
    // A new clip marks the pages stale without fetching page 0 (it would let the visible ones go).
    const before = calls.length;
    const { job: created } = await core.handlers['jobs:submit']({
      ...makeJob({ id: 'x' }).request,
      prompt: 'a new clip',
    });
    store.getState().applyJob(created);
    await waitFor(() => expect(store.getState().staleHistoryPages[199]).toBe(true));
    await new Promise((r) => setTimeout(r, 100)); // any list call made by the refresh answers
    expect(calls.slice(before).some((c) => c.channel === 'jobs:list')).toBe(false);
    expect(store.getState().historyPages[199]).toBeDefined();
    // Scrolling back loads the page again.
    await store.getState().ensureHistoryPage(3);
    // The new clip is on top now, so each clip is one row further down.
    expect(store.getState().historyPages[3]?.[50]).toBe('j349');
  }, 30_000); // 20 000 rows written and 200 pages read through the real store

  it('the sidebar shows a bound as "1,100+", never as an exact "1100"', async () => {
    const { user } = await renderOverCore({ bulkJobs: manyJobs(3000) });
    await user.click(await screen.findByRole('button', { name: /Clip history/ }));
    expect(await screen.findByTestId('history-count')).toHaveTextContent('3,000 clips');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Filter by status' }), 'done');
    await waitFor(() =>
      expect(screen.getByTestId('history-count')).toHaveTextContent('1,100+ clips'),
    );
    expect(screen.getByTestId('sidebar-history-count')).toHaveTextContent(/^1,100\+$/);
  });

  it('the sidebar shows an exact count with its separator and no "+"', async () => {
    const { user } = await renderOverCore({ bulkJobs: manyJobs(1050) });
    await user.click(await screen.findByRole('button', { name: /Clip history/ }));
    expect(await screen.findByTestId('history-count')).toHaveTextContent('1,050 clips');
    expect(screen.getByTestId('sidebar-history-count')).toHaveTextContent(/^1,050$/);
  });

  it('a row opened from the list shows its segments, fetched with jobs:get', async () => {
    const { user, calls } = await renderOverCore({ bulkJobs: manyJobs(3) });
    await user.click(await screen.findByRole('button', { name: /Clip history/ }));
    expect(await screen.findByTestId('history-count')).toHaveTextContent('3 clips');
    const listed = calls.filter((c) => c.channel === 'jobs:list');
    expect(listed.length).toBeGreaterThan(0);
    await user.click(await screen.findByRole('option', { name: /prompt j1/ }));
    expect(await screen.findByText('said 1')).toBeInTheDocument();
    expect(calls.some((c) => c.channel === 'jobs:get')).toBe(true);
  });
});
