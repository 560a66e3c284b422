import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Download, Job } from '../../app/shared/domain';
import { makeJob } from './fake-api';
import { renderApp } from './render-app';

// Issue 11 §2 in the window: "Save as MP4…" on a done clip, and its downloads in the detail,
// moved on by `downloads:changed` as main sends it.

const done = makeJob({
  id: 'j-done',
  status: 'done',
  clipStreamUrl: 'https://stream.example/clip.m3u8',
  clipPlayerUrl: 'https://console.videodb.io/player?url=clip',
  segments: [{ start: 12, end: 31.5, text: 'the price', score: 0.9, streamUrl: null }],
});

async function openJob(job: Job, world: Parameters<typeof renderApp>[0] = {}) {
  const app = renderApp({ jobs: [job], ...world });
  await app.user.click(await screen.findByRole('button', { name: /Clip history/ }));
  await app.user.click(await screen.findByRole('option', { name: new RegExp(job.request.prompt) }));
  const pane = screen.getByRole('complementary', { name: 'Clip details' });
  await within(pane).findByRole('heading', { name: job.request.prompt });
  return { ...app, pane };
}

describe('save as MP4', () => {
  it('starts from the copy menu by keyboard, shows progress, pauses, resumes, fails, retries and shows the file', async () => {
    const { pane, user, fake } = await openJob(done);
    expect(within(pane).queryByRole('heading', { name: /Saved as MP4/ })).not.toBeInTheDocument();

    // Keyboard only: the menu button, Enter, ArrowUp to the last item ("Save as MP4…"), Enter.
    within(pane).getByRole('button', { name: 'More ways to copy' }).focus();
    await user.keyboard('{Enter}');
    const menu = screen.getByRole('menu', { name: 'Copy as' });
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toHaveTextContent('Save as MP4…');
    expect(within(menu).getByRole('group', { name: 'Save' })).toContainElement(
      document.activeElement as HTMLElement,
    );
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(fake.calls.filter((c) => c.channel === 'downloads:save')).toEqual([
      { channel: 'downloads:save', input: { jobId: 'j-done' } },
    ]);
    expect(await screen.findByText('Saving the clip as prompt j-done.mp4.')).toBeInTheDocument();

    const section = await within(pane).findByRole('region', { name: 'Saved as MP4' });
    const row = within(section).getByRole('listitem', { name: 'prompt j-done.mp4' });
    expect(row).toHaveTextContent('Downloading');
    expect(row).toHaveTextContent('0 B of 1.0 MB · 0%');

    // Progress comes as events.
    const d = fake.world.downloads[0]!;
    const moved: Download = { ...d, bytesDone: 320_000, bytesPerSecond: 1_150_000 };
    act(() => fake.emit('downloads:changed', moved));
    const bar = within(row).getByRole('progressbar', { name: 'Download of prompt j-done.mp4' });
    expect(bar).toHaveAttribute('value', '320000');
    expect(bar).toHaveAttribute('max', '1000000');
    expect(row).toHaveTextContent('320 KB of 1.0 MB · 32% · 1.1 MB/s');

    // Pause, then Resume.
    await user.click(within(row).getByRole('button', { name: 'Pause prompt j-done.mp4' }));
    expect(fake.calls.at(-1)).toEqual({ channel: 'downloads:pause', input: { id: d.id } });
    expect(await within(row).findByText('Paused')).toBeInTheDocument();
    expect(row).not.toHaveTextContent('MB/s');
    await user.click(within(row).getByRole('button', { name: 'Resume prompt j-done.mp4' }));
    expect(fake.calls.at(-1)).toEqual({ channel: 'downloads:resume', input: { id: d.id } });
    expect(await within(row).findByText('Downloading')).toBeInTheDocument();

    // A failure in plain words, with Retry (which resumes from the bytes saved).
    act(() =>
      fake.emit('downloads:changed', {
        ...moved,
        status: 'failed',
        bytesPerSecond: 0,
        error: { code: 'server', message: 'The download stopped: the server answered 500.' },
        updatedAt: Date.now() + 1,
      }),
    );
    expect(row).toHaveTextContent(
      'The download failed. The download stopped: the server answered 500.',
    );
    expect(within(row).queryByRole('progressbar')).not.toBeInTheDocument();
    await user.click(within(row).getByRole('button', { name: 'Retry prompt j-done.mp4' }));
    expect(fake.calls.at(-1)).toEqual({ channel: 'downloads:resume', input: { id: d.id } });

    // Done: the size, and "Show in folder".
    act(() =>
      fake.emit('downloads:changed', {
        ...moved,
        status: 'done',
        bytesDone: 1_000_000,
        bytesPerSecond: 0,
        updatedAt: Date.now() + 2,
      }),
    );
    expect(row).toHaveTextContent('Saved');
    expect(row).toHaveTextContent('1.0 MB, saved in full and checked.');
    expect(within(row).queryByRole('button', { name: /Pause|Resume|Retry/ })).toBeNull();
    await user.click(
      within(row).getByRole('button', { name: 'Show in folder (prompt j-done.mp4)' }),
    );
    expect(fake.calls.at(-1)).toEqual({ channel: 'downloads:show-in-folder', input: { id: d.id } });
  });

  it('lists the downloads a clip already has when its detail opens, with the button in the actions', async () => {
    const now = Date.now();
    const old: Download = {
      id: 'd-old',
      jobId: 'j-done',
      targetPath: '/home/user/Downloads/pricing.mp4',
      fileName: 'pricing.mp4',
      status: 'paused',
      bytesDone: 2_500_000,
      totalBytes: 10_000_000,
      bytesPerSecond: 0,
      error: {
        code: 'offline',
        message: 'The connection kept dropping, so the download is paused.',
      },
      createdAt: now - 1000,
      updatedAt: now - 1000,
    };
    const other: Download = { ...old, id: 'd-other', jobId: 'j-x', fileName: 'other.mp4' };
    const { pane, user, fake } = await openJob(done, { downloads: [old, other] });
    const row = await within(pane).findByRole('listitem', { name: 'pricing.mp4' });
    expect(row).toHaveTextContent('2.5 MB of 10 MB · 25%');
    expect(row).toHaveTextContent('The connection kept dropping, so the download is paused.');
    expect(within(pane).queryByText('other.mp4')).not.toBeInTheDocument();

    await user.click(within(pane).getByRole('button', { name: 'Save as MP4…' }));
    const section = within(pane).getByRole('region', { name: 'Saved as MP4 (2)' });
    const names = within(section)
      .getAllByRole('listitem')
      .map((li) => li.getAttribute('aria-label'));
    expect(names).toEqual(['prompt j-done.mp4', 'pricing.mp4']);
    expect(fake.calls.filter((c) => c.channel === 'downloads:save')).toHaveLength(1);
  });

  it('offers no "Save as MP4…" before the clip is done', async () => {
    const running = makeJob({ id: 'j-run', status: 'processing', progress: 40 });
    const { pane } = await openJob(running);
    expect(within(pane).queryByRole('button', { name: 'Save as MP4…' })).not.toBeInTheDocument();
    // The copy menu is disabled too, so its "Save as MP4…" cannot be reached.
    expect(within(pane).getByRole('button', { name: 'More ways to copy' })).toBeDisabled();
  });

  it('says why a save could not start', async () => {
    const { pane, user, fake } = await openJob(done);
    fake.world.jobs = fake.world.jobs.map((j) => ({ ...j, status: 'failed' as const }));
    await user.click(within(pane).getByRole('button', { name: 'Save as MP4…' }));
    expect(
      await screen.findByText('Only a finished clip can be saved as MP4.'),
    ).toBeInTheDocument();
  });
});
