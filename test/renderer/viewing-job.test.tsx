import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeJob } from './core-api';
import { renderOverCore } from './render-core';

// Issue 10 §3: main skips the system notification of a clip the person is already looking at, so
// the page tells main (app:viewing-job) which clip it shows on its own, and when it shows none.

describe('the clip in view, as main hears it', () => {
  it('one clip opened: its id; several clips or the library: null; each change said once', async () => {
    const jobs = [makeJob({ id: 'j-a', status: 'processing' }), makeJob({ id: 'j-b' })].map(
      (j, i) => ({
        ...j,
        request: { ...j.request, prompt: `prompt number ${i}` },
      }),
    );
    const { user, calls } = await renderOverCore({ jobs });
    const told = () => calls.filter((c) => c.channel === 'app:viewing-job').map((c) => c.input);
    await user.click(await screen.findByRole('button', { name: /Clip history/ }));
    const rows = await screen.findAllByRole('option', { name: /prompt number/ });
    expect(rows).toHaveLength(2);
    await user.click(rows[0]!);
    await waitFor(() => expect(told()).toHaveLength(1));
    const first = (told()[0] as { id: string }).id;
    expect(['j-a', 'j-b']).toContain(first);
    await user.click(rows[0]!); // the same clip again: nothing new to say
    await user.keyboard('{Shift>}');
    await user.click(rows[1]!);
    await user.keyboard('{/Shift}');
    await waitFor(() => expect(told()).toEqual([{ id: first }, { id: null }]));
    await user.click(rows[1]!);
    await waitFor(() => expect(told()).toHaveLength(3));
    const second = (told()[2] as { id: string }).id;
    expect(second).not.toBe(first);
    await user.click(screen.getByRole('button', { name: /^Library/ }));
    await waitFor(() => expect(told().at(-1)).toEqual({ id: null }));
    expect(told()).toHaveLength(4);
  });
});
