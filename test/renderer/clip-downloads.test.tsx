/**
 * Issue 11 §2 in the window: "Save as MP4…" on a done clip, and its downloads in the detail,
 * over the real core: the local server mints the MP4 link and serves the file (throttled, so
 * its progress can be seen), the core's download engine receives it, pauses, resumes and
 * fails for real, and `downloads:changed` moves the rows on as main sends it.
 * Stand-ins only for what main alone does: "Show in folder" (the system's file manager), and
 * one refusal of a save that the window never lets happen with the real core (it offers "Save
 * as MP4…" only for a clip the core would save), to see the window say why.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../app/core';
import type { Download, Job } from '../../app/shared/domain';
import { makeJob, type CoreApi, type CoreApiOptions } from './core-api';
import { renderOverCore, startCore } from './render-core';

const done = makeJob({
  id: 'j-done',
  status: 'done',
  clipStreamUrl: 'https://stream.example/clip.m3u8',
  clipPlayerUrl: 'https://console.videodb.io/player?url=clip',
  segments: [{ start: 12, end: 31.5, text: 'the price', score: 0.9, streamUrl: null }],
});

/** The file is about 88 KB: at 20 KB/s it takes four seconds or so. */
const SLOW = { downloadBytesPerSecond: 20_000 };
const DOWNLOAD_PATH = '^/media/download/';

async function openJob(job: Job, world: CoreApiOptions | CoreApi = {}) {
  const app = await renderOverCore(world);
  await app.user.click(await screen.findByRole('button', { name: /Clip history/ }));
  await app.user.click(await screen.findByRole('option', { name: new RegExp(job.request.prompt) }));
  const pane = screen.getByRole('complementary', { name: 'Clip details' });
  await within(pane).findByRole('heading', { name: job.request.prompt });
  return { ...app, pane };
}

/** The core's downloads of a clip. */
const downloadsOf = (c: CoreApi, jobId: string): Promise<Download[]> =>
  c.core.handlers['downloads:list']({ jobId });

/** The window's last download call. */
const lastDownloadCall = (c: CoreApi) =>
  c.calls
    .filter((x) => x.channel.startsWith('downloads:') && x.channel !== 'downloads:list')
    .at(-1);

describe('save as MP4', () => {
  it('starts from the copy menu by keyboard, shows progress, pauses, resumes, fails, retries and shows the file', async () => {
    const shown: unknown[] = [];
    const app = await openJob(done, {
      jobs: [done],
      switches: SLOW,
      stubs: {
        // Main opens the system's file manager; the test notes what it was asked to show.
        'downloads:show-in-folder': async (input: unknown) => {
          shown.push(input);
          return { ok: true };
        },
      },
    });
    const { pane, user, calls, server } = app;
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
    expect(calls.filter((c) => c.channel === 'downloads:save')).toEqual([
      { channel: 'downloads:save', input: { jobId: 'j-done' } },
    ]);
    expect(await screen.findByText('Saving the clip as prompt j-done.mp4.')).toBeInTheDocument();

    const section = await within(pane).findByRole('region', { name: 'Saved as MP4' });
    const row = within(section).getByRole('listitem', { name: 'prompt j-done.mp4' });
    const [d] = await downloadsOf(app, 'j-done');

    // Progress comes as events: the bar and the words follow the bytes.
    expect(row).toHaveTextContent('Preparing'); // asking VideoDB for the MP4 first
    expect(await within(row).findByText('Downloading', {}, { timeout: 5000 })).toBeInTheDocument();
    const bar = within(row).getByRole('progressbar', { name: 'Download of prompt j-done.mp4' });
    await waitFor(() => expect(Number(bar.getAttribute('value'))).toBeGreaterThan(0), {
      timeout: 5000,
    });
    const total = (await downloadsOf(app, 'j-done'))[0]!.totalBytes!;
    expect(bar).toHaveAttribute('max', String(total));
    await waitFor(() => expect(row).toHaveTextContent(/ of 88 KB · \d+% · \d+(\.\d)? KB\/s/), {
      timeout: 5000,
    });

    // Pause, then Resume.
    await user.click(within(row).getByRole('button', { name: 'Pause prompt j-done.mp4' }));
    expect(lastDownloadCall(app)).toEqual({ channel: 'downloads:pause', input: { id: d!.id } });
    expect(await within(row).findByText('Paused')).toBeInTheDocument();
    expect(row).not.toHaveTextContent('/s');
    await user.click(within(row).getByRole('button', { name: 'Resume prompt j-done.mp4' }));
    expect(lastDownloadCall(app)).toEqual({ channel: 'downloads:resume', input: { id: d!.id } });
    expect(await within(row).findByText('Downloading')).toBeInTheDocument();

    // A failure in plain words, with Retry (which resumes from the bytes saved): the server
    // refuses the file once the download asks again.
    await user.click(within(row).getByRole('button', { name: 'Pause prompt j-done.mp4' }));
    await within(row).findByText('Paused');
    server.control.set({ faults: [{ kind: 'bad-request-400', path: DOWNLOAD_PATH }] });
    await user.click(within(row).getByRole('button', { name: 'Resume prompt j-done.mp4' }));
    await waitFor(
      () =>
        expect(row).toHaveTextContent(
          'The download failed. The download stopped: the server answered 400. Try again later.',
        ),
      { timeout: 5000 },
    );
    expect(within(row).queryByRole('progressbar')).not.toBeInTheDocument();
    const before = (await downloadsOf(app, 'j-done'))[0]!.bytesDone;
    expect(before).toBeGreaterThan(0);
    server.control.set({ faults: [], downloadBytesPerSecond: null });
    await user.click(within(row).getByRole('button', { name: 'Retry prompt j-done.mp4' }));
    expect(lastDownloadCall(app)).toEqual({ channel: 'downloads:resume', input: { id: d!.id } });

    // Done: the size, and "Show in folder". It went on from the bytes it had (a Range).
    await waitFor(() => expect(row).toHaveTextContent('Saved'), { timeout: 10_000 });
    expect(row).toHaveTextContent('88 KB, saved in full and checked.');
    expect(server.control.requests().some((r) => r.range === `bytes=${before}-`)).toBe(true);
    expect(within(row).queryByRole('button', { name: /Pause|Resume|Retry/ })).toBeNull();
    await user.click(
      within(row).getByRole('button', { name: 'Show in folder (prompt j-done.mp4)' }),
    );
    expect(lastDownloadCall(app)).toEqual({
      channel: 'downloads:show-in-folder',
      input: { id: d!.id },
    });
    expect(shown).toEqual([{ id: d!.id }]);
  }, 30_000);

  it('lists the downloads a clip already has when its detail opens, with the button in the actions', async () => {
    // An earlier save of this clip that stopped after the connection kept dropping, and one
    // of another clip.
    const other = makeJob({ ...done, id: 'j-x', request: { ...done.request, prompt: 'other' } });
    const c = await startCore({ jobs: [done, other], switches: SLOW });
    await c.api.downloads.save({ jobId: 'j-done' });
    await c.api.downloads.save({ jobId: 'j-x' });
    let old: Download | undefined;
    await waitFor(
      async () => {
        [old] = await downloadsOf(c, 'j-done');
        expect(old!.bytesDone).toBeGreaterThan(0);
      },
      { timeout: 5000 },
    );
    await c.api.downloads.pause({ id: old!.id });
    c.server.control.set({ faults: [{ kind: 'reset', path: DOWNLOAD_PATH }] });
    await c.api.downloads.resume({ id: old!.id });
    await waitFor(
      async () => {
        [old] = await downloadsOf(c, 'j-done');
        expect(old!.status).toBe('paused');
        expect(old!.error).not.toBeNull();
      },
      { timeout: 5000 },
    );
    c.server.control.set({ faults: [] });
    const saves = () => c.calls.filter((x) => x.channel === 'downloads:save').length;
    const savedBefore = saves();

    const { pane, user } = await openJob(done, c);
    const row = await within(pane).findByRole('listitem', { name: 'prompt j-done.mp4' });
    const pct = Math.floor((old!.bytesDone / old!.totalBytes!) * 100);
    expect(row).toHaveTextContent(new RegExp(` of 88 KB · ${pct}%`));
    expect(row).toHaveTextContent('The connection kept dropping, so the download is paused.');
    expect(within(pane).queryByText('other.mp4')).not.toBeInTheDocument();

    await user.click(within(pane).getByRole('button', { name: 'Save as MP4…' }));
    const section = await within(pane).findByRole('region', { name: 'Saved as MP4 (2)' });
    const names = within(section)
      .getAllByRole('listitem')
      .map((li) => li.getAttribute('aria-label'));
    // The second save of the same clip gets a name of its own.
    expect(names).toEqual(['prompt j-done (2).mp4', 'prompt j-done.mp4']);
    expect(saves()).toBe(savedBefore + 1);
  }, 30_000);

  it('offers no "Save as MP4…" before the clip is done', async () => {
    const running = makeJob({ id: 'j-run', status: 'processing', progress: 40 });
    const { pane } = await openJob(running, { jobs: [running] });
    expect(within(pane).queryByRole('button', { name: 'Save as MP4…' })).not.toBeInTheDocument();
    // The copy menu is disabled too, so its "Save as MP4…" cannot be reached.
    expect(within(pane).getByRole('button', { name: 'More ways to copy' })).toBeDisabled();
  });

  it('says why a save could not start', async () => {
    // The core's own refusal of a clip that is not finished; the window only offers the save
    // for a finished one, so the call is a stub that refuses as the core would.
    const { pane, user } = await openJob(done, {
      jobs: [done],
      stubs: {
        'downloads:save': async () => {
          throw new AppError('validation', 'Only a finished clip can be saved as MP4.');
        },
      },
    });
    await user.click(within(pane).getByRole('button', { name: 'Save as MP4…' }));
    expect(
      await screen.findByText('Only a finished clip can be saved as MP4.'),
    ).toBeInTheDocument();
  });
});
