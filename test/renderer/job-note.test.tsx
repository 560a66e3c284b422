import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeJob } from './core-api';
import { renderOverCore } from './render-core';

// Issue 9 §2: a clip of a previous API address waits with a note the person can read.

describe('job detail: a waiting clip’s note', () => {
  it('shows the note of a clip started on another API address', async () => {
    const message =
      'This clip was started on another API address (https://old.example). The app checks on it again when you switch back to that address in Settings.';
    const job = makeJob({
      id: 'j-note',
      status: 'processing',
      progress: 40,
      error: { code: 'auth', message },
    });
    const app = await renderOverCore({ jobs: [job] });
    await app.user.click(await screen.findByRole('button', { name: /Clip history/ }));
    await app.user.click(
      await screen.findByRole('option', { name: new RegExp(job.request.prompt) }),
    );
    const pane = screen.getByRole('complementary', { name: 'Clip details' });
    expect(await within(pane).findByText(message)).toBeInTheDocument();
  });
});
