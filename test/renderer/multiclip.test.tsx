/**
 * One prompt across videos in the window, over the real core and the local server (issue 12 §1):
 * Ctrl-click and X pick videos, the pane asks them all at once, the multi-clip's progress reads
 * "N of N videos answered", the ranked answer lists segments across videos, and a reel of the top
 * segments is made and shown in a player.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SAMPLE } from '../server';
import { renderOverCore } from './render-core';

describe('one prompt across several videos', () => {
  it('picks videos, asks them all, shows the ranked answer and makes a reel', async () => {
    const { user, server, calls } = await renderOverCore({ server: { jobDurationMs: 200 } });
    await user.click(
      await screen.findByRole('button', { name: /^Customer Calls/ }, { timeout: 10_000 }),
    );
    const region = await screen.findByRole(
      'region',
      { name: /^Videos, \d+$/ },
      { timeout: 10_000 },
    );
    const cards = await within(region).findAllByRole('button');
    expect(cards.length).toBeGreaterThanOrEqual(3);
    // Ctrl-click two, X on the third.
    await user.keyboard('{Control>}');
    await user.click(cards[0]!);
    await user.click(cards[1]!);
    await user.keyboard('{/Control}');
    cards[2]!.focus();
    await user.keyboard('x');
    expect(cards.slice(0, 3).every((c) => c.getAttribute('aria-pressed') === 'true')).toBe(true);

    const pane = screen.getByRole('complementary', { name: 'Video details' });
    expect(within(pane).getByRole('heading', { name: '3 videos picked' })).toBeInTheDocument();
    const form = within(pane).getByRole('form', { name: 'Ask every picked video' });
    await user.type(
      within(form).getByLabelText('What are you looking for in all of them?'),
      'pricing',
    );
    // Every picked video asked (collection search first is the default; the e2e test keeps it).
    await user.click(within(form).getByRole('checkbox', { name: /Ask VideoDB first/ }));
    await user.click(within(form).getByRole('button', { name: 'Ask 3 videos' }));

    const progress = await within(pane).findByRole('status', { name: 'Progress across videos' });
    await waitFor(() => expect(progress).toHaveTextContent('3 of 3 videos answered'), {
      timeout: 20_000,
    });
    const ranked = await within(pane).findByRole('list', { name: 'Ranked segments' });
    await waitFor(() => expect(within(ranked).getAllByRole('listitem').length).toBeGreaterThan(0));
    const clipPosts = server.control
      .requests()
      .filter((r) => r.method === 'POST' && r.path.endsWith('/clip'));
    expect(clipPosts).toHaveLength(3);
    expect(new Set(clipPosts.map((r) => r.path)).size).toBe(3);

    // Each child's own clip was compiled already; the reel is one more compile, across videos.
    const compiles = () => server.control.requests().filter((r) => r.path === '/compile');
    const before = compiles().length;
    await user.click(within(pane).getByRole('button', { name: 'Make a reel' }));
    await waitFor(() => expect(compiles()).toHaveLength(before + 1));
    const reelBody = compiles().at(-1)!.body as Array<{ video_id: string }>;
    expect(reelBody.length).toBeGreaterThanOrEqual(1);
    expect(await within(pane).findByLabelText(/Reel of the top \d+/)).toBeInTheDocument();

    // Copied as Markdown: the ranked moments and the reel's link.
    const copyGroup = within(pane).getByRole('group', { name: 'Copy the answer' });
    await user.click(within(copyGroup).getByRole('button', { name: 'Markdown' }));
    expect(await screen.findByText('The list is copied.')).toBeInTheDocument();
    const copied = calls.filter((c) => c.channel === 'multiclip:copy');
    expect(copied).toHaveLength(1);

    // Back in the library it is listed, and opens again with its answer.
    await user.click(within(pane).getByRole('button', { name: 'Back to the library' }));
    const recent = await within(pane).findByRole('region', { name: 'Asked across videos' });
    await user.click(within(recent).getByRole('button', { name: '“pricing”' }));
    expect(
      await within(pane).findByRole('status', { name: 'Progress across videos' }),
    ).toHaveTextContent('3 of 3 videos answered');

    // In the clip history: the multi-clip above the list, and each child clip says what it is
    // part of and opens the whole answer.
    await user.click(screen.getByRole('button', { name: /Clip history/ }));
    const strip = await screen.findByRole('navigation', { name: 'Asked across videos' });
    expect(within(strip).getByRole('button', { name: '“pricing” · 3/3' })).toBeInTheDocument();
    const list = await screen.findByRole('listbox', { name: /^Clips, 3, newest first$/ });
    await user.click(within(list).getAllByRole('option')[0]!);
    const part = await screen.findByText(/Part of “pricing”, asked across 3 videos/);
    await user.click(within(part).getByRole('button', { name: 'See every video’s answer' }));
    const back = screen.getByRole('complementary', { name: 'Video details' });
    expect(
      await within(back).findByRole('status', { name: 'Progress across videos' }),
    ).toHaveTextContent('3 of 3 videos answered');
    await user.click(within(back).getByRole('button', { name: 'Back to the library' }));
    await user.click(screen.getByRole('button', { name: /Clip history/ }));
    await user.click(
      within(await screen.findByRole('navigation', { name: 'Asked across videos' })).getByRole(
        'button',
        { name: '“pricing” · 3/3' },
      ),
    );
    expect(
      await within(screen.getByRole('complementary', { name: 'Video details' })).findByRole(
        'heading',
        { name: '“pricing”' },
      ),
    ).toBeInTheDocument();
  });

  it('says which picked videos cannot answer, makes them searchable first, then asks them', async () => {
    const { user, server } = await renderOverCore({ server: { jobDurationMs: 200 } });
    await user.click(
      await screen.findByRole('button', { name: /^Default Collection/ }, { timeout: 10_000 }),
    );
    const region = await screen.findByRole(
      'region',
      { name: /^Videos, \d+$/ },
      { timeout: 10_000 },
    );
    const raw = await within(region).findByRole('button', { name: /Team offsite — raw footage/ });
    const knife = within(region).getByRole('button', { name: /Knife Skills/ });
    await user.keyboard('{Control>}');
    await user.click(raw);
    await user.click(knife);
    await user.keyboard('{/Control}');

    const pane = screen.getByRole('complementary', { name: 'Video details' });
    const form = within(pane).getByRole('form', { name: 'Ask every picked video' });
    await user.type(
      within(form).getByLabelText('What are you looking for in all of them?'),
      'knife',
    );
    await user.selectOptions(within(form).getByLabelText('Search in'), 'visual');
    const note = await within(form).findByRole('status', { name: 'Readiness' }, { timeout: 5000 });
    await waitFor(() =>
      expect(note).toHaveTextContent('1 of 2 videos is not searchable by scenes yet'),
    );
    expect(note).toHaveTextContent('Team offsite — raw footage');
    expect(note).toHaveTextContent('Your VideoDB balance: 500 credits');
    // Nothing was started by looking.
    const indexPosts = () =>
      server.control.requests().filter((r) => r.method === 'POST' && r.path.includes('/index'));
    expect(indexPosts()).toHaveLength(0);

    await user.click(
      within(note).getByRole('button', {
        name: /^Make 1 video searchable first \(about \d+ minutes?\)$/,
      }),
    );
    const progress = await within(pane).findByRole('status', { name: 'Progress across videos' });
    await waitFor(() => expect(progress).toHaveTextContent('2 of 2 videos answered'), {
      timeout: 20_000,
    });
    expect(indexPosts().map((r) => r.path)).toEqual([
      `/video/${SAMPLE.unsearchableVideoId}/index/scene`,
    ]);
  });
});
