import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeJob } from './core-api';
import { renderOverCore } from './render-core';

// Issue 10 §3: a clip dragged out of the history into another app arrives as its player link,
// as `text/uri-list` and as text (what browsers, editors and chat apps take from a drop).

/** A DataTransfer as the HTML drag-and-drop spec has it (jsdom has none). */
function dataTransfer() {
  const data = new Map<string, string>();
  return {
    data,
    effectAllowed: 'uninitialized',
    setData: (type: string, value: string) => void data.set(type, value),
    getData: (type: string) => data.get(type) ?? '',
  };
}

describe('dragging a clip out of the history', () => {
  it('a clip with a link: the player link as text/uri-list and text/plain; one without cannot be dragged', async () => {
    const ready = makeJob({
      id: 'j-ready',
      status: 'done',
      clipPlayerUrl: 'https://console.videodb.io/player?url=clip-ready',
      clipStreamUrl: 'https://stream.example/clip-ready.m3u8',
    });
    const waiting = makeJob({ id: 'j-wait', status: 'processing' });
    const jobs = [ready, waiting].map((j) => ({
      ...j,
      request: { ...j.request, prompt: `prompt ${j.id}` },
    }));
    const { user } = await renderOverCore({ jobs });
    await user.click(await screen.findByRole('button', { name: /Clip history/ }));
    const row = await screen.findByRole('option', { name: /prompt j-ready/ });
    expect(row).toHaveAttribute('draggable', 'true');
    const dt = dataTransfer();
    fireEvent.dragStart(row, { dataTransfer: dt });
    expect(dt.getData('text/uri-list')).toBe('https://console.videodb.io/player?url=clip-ready');
    expect(dt.getData('text/plain')).toBe('https://console.videodb.io/player?url=clip-ready');
    expect(dt.effectAllowed).toBe('copyLink');

    const other = screen.getByRole('option', { name: /prompt j-wait/ });
    expect(other).toHaveAttribute('draggable', 'false');
    const none = dataTransfer();
    fireEvent.dragStart(other, { dataTransfer: none });
    expect(none.data.size).toBe(0);
  });
});
