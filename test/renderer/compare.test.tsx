/**
 * Compare in the window, over the real core and the local server (issue 12 §3): from the open
 * video's prompt form, "Compare…" carries the prompt over, a grid of content types × tiers picks
 * the runs (at least two), and the comparison shows each run's status, time, segment count and
 * overlap, a strip per run and the pairwise grid; each run opens in the history, and the
 * comparison is listed under its video.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SAMPLE } from '../server';
import { renderOverCore } from './render-core';

describe('compare one prompt across content types and tiers', () => {
  it('picks runs in the grid, shows the matrix, the strips and the overlaps, and opens a run', async () => {
    const { user, server, calls, store } = await renderOverCore({
      server: { jobDurationMs: 200 },
    });
    await user.click(
      await screen.findByRole(
        'button',
        { name: new RegExp(`^${SAMPLE.pricingTalkName}`) },
        { timeout: 10_000 },
      ),
    );
    const pane = screen.getByRole('complementary', { name: 'Video details' });
    const form = await within(pane).findByRole('form', { name: 'Make a clip' });
    await waitFor(() => expect(store.getState().indexing[SAMPLE.pricingTalkId]).toBeDefined());
    await user.type(
      within(form).getByLabelText('What are you looking for?'),
      'raising prices for existing customers',
    );
    await user.click(within(form).getByRole('button', { name: 'Compare…' }));

    const setup = await within(pane).findByRole('form', { name: 'Compare runs' });
    // The prompt came along; speech and both × basic and pro are ticked to start with.
    expect(within(setup).getByLabelText('What are you looking for?')).toHaveValue(
      'raising prices for existing customers',
    );
    const box = (name: string) => within(setup).getByRole('checkbox', { name });
    expect(box('Spoken with Basic')).toBeChecked();
    expect(box('Both with Pro')).toBeChecked();
    expect(box('Visual with Mini')).not.toBeChecked();
    // Fewer than two runs is refused in plain words, and nothing is sent.
    for (const name of ['Spoken with Pro', 'Both with Basic', 'Both with Pro'])
      await user.click(box(name));
    await user.click(within(setup).getByRole('button', { name: 'Compare 1 run' }));
    expect(within(setup).getByRole('alert')).toHaveTextContent(
      'Choose at least 2 runs to compare.',
    );
    expect(calls.filter((c) => c.channel === 'compare:submit')).toHaveLength(0);
    // Keyboard: Space ticks a focused checkbox.
    box('Spoken with Ultra').focus();
    await user.keyboard(' ');
    await user.click(box('Spoken with Mini'));
    await user.click(box('Both with Pro'));
    await user.click(box('Visual with Basic'));
    // The talk has two scene indexes: the visual runs search the one chosen.
    expect(within(setup).getByLabelText('Scene index')).toHaveValue(SAMPLE.pricingTalkShotsIndexId);
    await user.click(within(setup).getByRole('button', { name: 'Compare 5 runs' }));

    const progress = await within(pane).findByRole('status', { name: 'Progress of the runs' });
    await waitFor(() => expect(progress).toHaveTextContent('5 of 5 runs answered'), {
      timeout: 20_000,
    });
    const posts = server.control
      .requests()
      .filter((r) => r.method === 'POST' && r.path.endsWith('/clip'));
    expect(posts).toHaveLength(5);

    // The matrix of runs: one row per run, in grid order, each answered with a time and a count.
    const table = within(pane).getByRole('table', { name: 'Runs' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([
      'Spoken · Mini',
      'Spoken · Basic',
      'Spoken · Ultra',
      'Visual · Basic',
      'Both · Pro',
    ]);
    const c = store.getState().openComparison!;
    for (const [i, row] of rows.entries()) {
      const cells = within(row).getAllByRole('cell');
      expect(cells[0]).toHaveTextContent('Answered');
      expect(cells[1]!.textContent).toMatch(/^\d+(\.\d)? s$/);
      expect(cells[2]).toHaveTextContent(String(c.runs[i]!.segmentCount));
      expect(cells[3]!.textContent).toMatch(/^\d+ %$/);
    }

    // A strip per run on one scale, its segments said in words.
    const strips = within(pane).getByRole('list', { name: 'Timeline of each run' });
    const images = within(strips).getAllByRole('img');
    expect(images).toHaveLength(5);
    expect(images[1]).toHaveAccessibleName(/^Spoken · Basic: \d+:\d\d to \d+:\d\d/);

    // The pairwise grid: 5 × 5, the diagonal blank, each pair's percent as the core computed it.
    const grid = within(pane).getByRole('table', { name: 'Overlap of each pair' });
    const gridRows = within(grid).getAllByRole('row').slice(1);
    expect(gridRows).toHaveLength(5);
    const cell = within(gridRows[0]!).getAllByRole('cell')[1]!;
    expect(cell).toHaveTextContent(String(Math.round(c.overlap[0]![1]! * 100)));

    // A run opens in the history as an ordinary clip.
    await user.click(within(rows[1]!).getByRole('button', { name: 'Spoken · Basic' }));
    await waitFor(() => expect(store.getState().view).toBe('history'));
    expect(store.getState().selectedJobIds).toEqual([c.runs[1]!.jobId]);
    // Its detail says which comparison it is a run of, and opens it again.
    const clipPane = screen.getByRole('complementary', { name: 'Clip details' });
    const part = await within(clipPane).findByText(
      /One of 5 runs comparing “raising prices for existing customers”/,
    );
    await user.click(within(part).getByRole('button', { name: 'See the comparison' }));
    await waitFor(() => expect(store.getState().view).toBe('library'));
    expect(
      await within(screen.getByRole('complementary', { name: 'Video details' })).findByRole(
        'status',
        { name: 'Progress of the runs' },
      ),
    ).toHaveTextContent('5 of 5 runs answered');

    // Back in the library the comparison is listed under its video and opens again.
    store.getState().setView('library');
    await user.click(await within(pane).findByRole('button', { name: 'Back to the video' }));
    const listed = await within(pane).findByRole('region', { name: 'Comparisons' });
    await user.click(
      within(listed).getByRole('button', { name: '“raising prices for existing customers”' }),
    );
    expect(
      await within(pane).findByRole('status', { name: 'Progress of the runs' }),
    ).toHaveTextContent('5 of 5 runs answered');
  });
});
