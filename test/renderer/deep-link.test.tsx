import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SAMPLE } from '../server';
import { makeJob } from './core-api';
import { renderOverCore } from './render-core';

// Issue 10 §3: main turns `videodb-clips://video/<collection>/<video>` into app:open-video and
// `videodb-clips://job/<id>` into app:focus-job; the copy menu offers the clip's own app link.

describe('deep links in the window', () => {
  it('app:open-video from the history: the library opens with that video in its pane', async () => {
    const { user, emitFromMain } = await renderOverCore();
    await user.click(await screen.findByRole('button', { name: /Clip history/ }));
    act(() =>
      emitFromMain('app:open-video', {
        collectionId: SAMPLE.defaultCollectionId,
        videoId: SAMPLE.pricingTalkId,
      }),
    );
    const pane = await screen.findByRole('complementary', { name: 'Video details' });
    expect(
      await within(pane).findByRole('heading', { name: SAMPLE.pricingTalkName }, { timeout: 5000 }),
    ).toBeInTheDocument();
  });

  it('"App link (opens here)" copies the clip’s videodb-clips link through the core', async () => {
    const done = makeJob({
      id: 'j-done',
      status: 'done',
      clipPlayerUrl: 'https://console.videodb.io/player?url=clip',
      clipStreamUrl: 'https://stream.example/clip.m3u8',
    });
    const { user, calls } = await renderOverCore({ jobs: [done] });
    await user.click(await screen.findByRole('button', { name: /Clip history/ }));
    await user.click(await screen.findByRole('option', { name: new RegExp(done.request.prompt) }));
    const pane = screen.getByRole('complementary', { name: 'Clip details' });
    await user.click(within(pane).getByRole('button', { name: 'More ways to copy' }));
    await user.click(screen.getByRole('menuitem', { name: 'App link (opens here)' }));
    await waitFor(() =>
      expect(calls.filter((c) => c.channel === 'clipboard:copy').at(-1)).toEqual({
        channel: 'clipboard:copy',
        input: { jobIds: ['j-done'], format: 'app-link' },
      }),
    );
  });
});
