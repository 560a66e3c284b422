/**
 * The history list's data flow at scale: a capped count shows as "1,000+" and grows as deeper
 * pages load (so the list reaches every clip), pages far off-screen are let go with their rows
 * (memory stays flat), and a row opened from the list gets its segments from `jobs:get`.
 */
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CallInput, CallOutput } from '../../app/shared/contract';
import type { Job } from '../../app/shared/domain';
import { historyCountLabel } from '../../renderer/components/history-view';
import { KEEP_PAGES_AROUND } from '../../renderer/store/jobs-slice';
import { createAppStore } from '../../renderer/store/store';
import { createFakeApi, makeJob } from './fake-api';
import { renderApp } from './render-app';

const CAP = 1000;
const t0 = Date.now();

function manyJobs(n: number): Job[] {
  return Array.from({ length: n }, (_, i) =>
    makeJob({
      id: `j${i}`,
      createdAt: t0 - i * 1000,
      status: 'done',
      segments: [{ start: i, end: i + 1, text: `said ${i}`, score: 1, streamUrl: null }],
    }),
  );
}

/** A fake whose `jobs:list` counts like main: up to a page and CAP past it, then a bound. */
function cappedFake(jobs: Job[]) {
  const fake = createFakeApi({ jobs });
  const list = fake.api.jobs.list;
  fake.api.jobs.list = async (input?: CallInput<'jobs:list'>) => {
    const r = await list(input);
    if (!r.ok || input === undefined) return r;
    const page: CallOutput<'jobs:list'> = r.value;
    const cap = (input.offset ?? 0) + (input.limit ?? 100) + CAP;
    return {
      ok: true as const,
      value:
        page.total > cap
          ? { ...page, total: cap, totalIsLowerBound: true }
          : { ...page, totalIsLowerBound: false },
    };
  };
  return fake;
}

describe('history paging at scale', () => {
  it('labels an exact count and a bound', () => {
    expect(historyCountLabel(1, false)).toBe('1 clip');
    expect(historyCountLabel(1100, false)).toBe('1,100 clips');
    expect(historyCountLabel(1100, true)).toBe('1,100+ clips');
  });

  it('a bound grows as deeper pages load, so the list reaches the last clip', async () => {
    const jobs = manyJobs(5000);
    const fake = cappedFake(jobs);
    const store = createAppStore(fake.api, { historyPageSize: 100 });
    await store.getState().ensureHistoryPage(0);
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
    const fresh = createAppStore(cappedFake(jobs).api, { historyPageSize: 100 });
    for (const p of [0, 10, 0]) await fresh.getState().ensureHistoryPage(p);
    expect(fresh.getState().historyTotal).toBe(2100);
  });

  it('pages far from the one asked for are let go with their rows: what the window holds stays bounded', async () => {
    const fake = createFakeApi({ jobs: manyJobs(20_000) });
    const store = createAppStore(fake.api, { historyPageSize: 100 });
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
    const before = fake.calls.length;
    const created = makeJob({ id: 'new', createdAt: t0 + 1000, status: 'queued' });
    fake.world.jobs = [created, ...fake.world.jobs];
    store.getState().applyJob(created);
    await waitFor(() => expect(store.getState().staleHistoryPages[199]).toBe(true));
    await new Promise((r) => setTimeout(r, 100)); // any list call made by the refresh answers
    expect(fake.calls.slice(before).some((c) => c.channel === 'jobs:list')).toBe(false);
    expect(store.getState().historyPages[199]).toBeDefined();
    // Scrolling back loads the page again.
    await store.getState().ensureHistoryPage(3);
    expect(store.getState().historyPages[3]?.[50]).toBe('j349');
  });

  it('the sidebar shows a bound as "1,100+", never as an exact "1100"', async () => {
    const { user } = renderApp({}, { fake: cappedFake(manyJobs(3000)) });
    await user.click(await screen.findByRole('button', { name: /Clip history/ }));
    expect(await screen.findByTestId('history-count')).toHaveTextContent('1,100+ clips');
    expect(screen.getByTestId('sidebar-history-count')).toHaveTextContent(/^1,100\+$/);
  });

  it('the sidebar shows an exact count with its separator and no "+"', async () => {
    const { user } = renderApp({}, { fake: cappedFake(manyJobs(1050)) });
    await user.click(await screen.findByRole('button', { name: /Clip history/ }));
    expect(await screen.findByTestId('history-count')).toHaveTextContent('1,050 clips');
    expect(screen.getByTestId('sidebar-history-count')).toHaveTextContent(/^1,050$/);
  });

  it('a row opened from the list shows its segments, fetched with jobs:get', async () => {
    const { user, fake } = renderApp({ jobs: manyJobs(3) });
    await user.click(await screen.findByRole('button', { name: /Clip history/ }));
    expect(await screen.findByTestId('history-count')).toHaveTextContent('3 clips');
    const listed = fake.calls.filter((c) => c.channel === 'jobs:list');
    expect(listed.length).toBeGreaterThan(0);
    await user.click(await screen.findByRole('option', { name: /prompt j1/ }));
    expect(await screen.findByText('said 1')).toBeInTheDocument();
    expect(fake.calls.some((c) => c.channel === 'jobs:get')).toBe(true);
  });
});
