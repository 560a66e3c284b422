import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeJob } from './core-api';
import { renderOverCore } from './render-core';

// Issue 11 §3: the editor formats are offered in the copy menu, under "For editors".

const done = makeJob({
  id: 'j-done',
  status: 'done',
  clipStreamUrl: 'https://stream.example/clip.m3u8',
  clipPlayerUrl: 'https://console.videodb.io/player?url=clip',
  segments: [{ start: 12, end: 31.5, text: 'the price', score: 0.9, streamUrl: null }],
});

describe('copy menu: for editors', () => {
  it('lists the editor formats in their own group and copies the one chosen', async () => {
    const { user, calls } = await renderOverCore({ jobs: [done] });
    await user.click(await screen.findByRole('button', { name: /Clip history/ }));
    await user.click(await screen.findByRole('option', { name: new RegExp(done.request.prompt) }));
    const pane = screen.getByRole('complementary', { name: 'Clip details' });
    await user.click(await within(pane).findByRole('button', { name: 'More ways to copy' }));
    const menu = screen.getByRole('menu', { name: 'Copy as' });
    const group = within(menu).getByRole('group', { name: 'For editors' });
    expect(
      within(group)
        .getAllByRole('menuitem')
        .map((i) => i.textContent),
    ).toEqual([
      'Final Cut Pro / DaVinci Resolve (FCPXML)',
      'Premiere Pro (XML)',
      'Edit decision list (EDL)',
      'OpenTimelineIO',
      'Subtitles (SRT)',
      'Subtitles (WebVTT)',
      'YouTube chapters',
      'Editor bundle from VideoDB',
    ]);
    // The links and data stay first, outside the group.
    expect(within(menu).getAllByRole('menuitem')[0]).toHaveTextContent('Player link');
    // The arrow keys walk into the group (from the top, up past "Save as MP4…", the last item).
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toHaveTextContent('Save as MP4…');
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toHaveTextContent('Editor bundle from VideoDB');
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toHaveTextContent('YouTube chapters');

    await user.click(within(group).getByRole('menuitem', { name: /FCPXML/ }));
    expect(await screen.findByText('Copied the FCPXML timeline.')).toBeInTheDocument();
    expect(calls.find((c) => c.channel === 'clipboard:copy')!.input).toEqual({
      jobIds: ['j-done'],
      format: 'fcpxml',
    });
  });
});
