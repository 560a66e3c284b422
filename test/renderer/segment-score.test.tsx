import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeJob } from './core-api';
import { renderOverCore } from './render-core';

// Issue 9 §2: a segment whose score VideoDB sent unreadable shows "—", the others their match.

describe('segment row: unknown score', () => {
  it('shows — for a segment without a score and keeps the others', async () => {
    const job = makeJob({
      id: 'j-score',
      status: 'done',
      clipStreamUrl: 'https://stream.example/clip.m3u8',
      sourceStreamUrl: 'https://stream.example/source.m3u8',
      segments: [
        { start: 1, end: 4, text: 'no score here', score: null, streamUrl: null },
        { start: 9, end: 12, text: 'scored', score: 0.6, streamUrl: null },
      ],
    });
    const app = await renderOverCore({ jobs: [job] });
    await app.user.click(await screen.findByRole('button', { name: /Clip history/ }));
    await app.user.click(
      await screen.findByRole('option', { name: new RegExp(job.request.prompt) }),
    );
    const pane = screen.getByRole('complementary', { name: 'Clip details' });
    const rows = await within(pane).findAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('— match');
    expect(rows[0]).not.toHaveTextContent('%');
    expect(rows[1]).toHaveTextContent('60% match');
  });
});
