import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../app/shared/domain';
import { SAMPLE } from '../server';
import { makeJob, type CoreApiOptions } from './core-api';
import { renderOverCore } from './render-core';

async function openJob(job: Job, world: CoreApiOptions = {}) {
  const app = await renderOverCore({ jobs: [job], ...world });
  await app.user.click(await screen.findByRole('button', { name: /Clip history/ }));
  await app.user.click(await screen.findByRole('option', { name: new RegExp(job.request.prompt) }));
  const pane = screen.getByRole('complementary', { name: 'Clip details' });
  await within(pane).findByRole('heading', { name: job.request.prompt });
  return { ...app, pane };
}

/** The request of a clip on the seeded video that no index covers yet. */
const unsearchable = {
  ...makeJob({ id: 'x' }).request,
  videoId: SAMPLE.unsearchableVideoId,
};

const done = makeJob({
  id: 'j-done',
  status: 'done',
  clipStreamUrl: 'https://stream.example/clip.m3u8',
  clipPlayerUrl: 'https://console.videodb.io/player?url=clip',
  sourceStreamUrl: 'https://stream.example/source.m3u8',
  segments: [
    {
      start: 12,
      end: 31.5,
      text: 'we cut the price in half',
      score: 0.92,
      streamUrl: 'https://stream.example/s1.m3u8',
    },
    { start: 75, end: 80, text: 'pricing questions', score: 0.41, streamUrl: null },
  ],
});

describe('job detail', () => {
  it('lists the segments with time range, text and relevance, and a player per segment', async () => {
    const { pane, user } = await openJob(done);
    const segments = within(pane).getAllByRole('listitem');
    expect(segments).toHaveLength(2);
    expect(segments[0]).toHaveTextContent('0:12–0:31');
    expect(segments[0]).toHaveTextContent('we cut the price in half');
    expect(segments[0]).toHaveTextContent('92% match');
    expect(segments[1]).toHaveTextContent('41% match');
    expect(
      within(pane).getByRole('heading', { name: 'Playing: The whole clip' }),
    ).toBeInTheDocument();
    expect(within(pane).getByLabelText('The whole clip').tagName).toBe('VIDEO');
    await user.click(within(segments[0]!).getByRole('button', { name: 'Play segment 1' }));
    expect(
      within(pane).getByRole('heading', { name: /Playing: Segment 1 \(0:12–0:31\)/ }),
    ).toBeInTheDocument();
    await user.click(within(segments[1]!).getByRole('button', { name: 'Play in context' }));
    expect(
      within(pane).getByRole('heading', { name: 'Playing: Segment 2 in context' }),
    ).toBeInTheDocument();
    expect(
      within(segments[1]!).queryByRole('button', { name: /Play segment/ }),
    ).not.toBeInTheDocument();
  });

  it('a rejected key says so and opens settings to re-enter it', async () => {
    const job = makeJob({
      id: 'j-auth',
      status: 'failed',
      error: { code: 'auth', message: 'API key rejected.' },
    });
    const { pane, user } = await openJob(job);
    expect(within(pane).getByRole('alert')).toHaveTextContent('did not accept the API key');
    await user.click(within(pane).getByRole('button', { name: 'Re-enter API key' }));
    expect(await screen.findByRole('dialog', { name: 'Settings' })).toBeInTheDocument();
  });

  it('a failed job offers Retry, which asks main again', async () => {
    const job = makeJob({
      id: 'j-fail',
      status: 'failed',
      error: { code: 'server', message: 'VideoDB had a problem. Try again.' },
    });
    // The server takes two seconds to answer the clip request, so "Sending" stays on screen.
    const { pane, user, calls } = await openJob(job, {
      switches: { faults: [{ kind: 'slow', method: 'POST', path: '/clip$', delayMs: 2000 }] },
    });
    const alert = within(pane).getByRole('alert');
    expect(alert).toHaveTextContent('VideoDB had a problem. Try again.');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(calls.some((c) => c.channel === 'jobs:retry')).toBe(true));
    expect(await within(pane).findByText(/^Sending/, {}, { timeout: 5000 })).toBeInTheDocument();
    // Then the server's answer: the retried clip is made.
    await waitFor(() => expect(within(pane).queryByText(/^Sending/)).toBeNull(), {
      timeout: 10_000,
    });
    expect(within(pane).queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('a job on an unsearchable video offers to make it searchable', async () => {
    const job = makeJob({
      id: 'j-idx',
      status: 'failed',
      request: { ...unsearchable, prompt: 'the sunset' },
      error: { code: 'validation', message: 'This video is not searchable by speech yet.' },
    });
    const { pane, user, calls } = await openJob(job);
    await user.click(within(pane).getByRole('button', { name: 'Make searchable by speech' }));
    await waitFor(() =>
      expect(calls.find((c) => c.channel === 'library:make-searchable')?.input).toMatchObject({
        videoId: SAMPLE.unsearchableVideoId,
        kind: 'spoken',
      }),
    );
  });

  it('a spent model-tier budget says so in plain words and tries another tier (no Retry)', async () => {
    const job = makeJob({
      id: 'j-tier',
      status: 'failed',
      request: { ...makeJob({ id: 'x' }).request, prompt: 'pricing tiers', modelName: 'pro' },
      error: { code: 'tier-budget', message: 'This model tier has used up its budget.' },
    });
    const { pane, user, calls } = await openJob(job);
    const alert = within(pane).getByRole('alert');
    expect(alert).toHaveTextContent('The Pro model tier has used up its budget');
    expect(within(alert).queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
    const tiers = within(alert).getByRole('combobox', { name: 'Another model tier' });
    expect(
      within(tiers)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Mini', 'Basic', 'Ultra']);
    await user.selectOptions(tiers, 'mini');
    await user.click(within(alert).getByRole('button', { name: 'Try another tier' }));
    await waitFor(() =>
      expect(calls.find((c) => c.channel === 'jobs:submit')?.input).toMatchObject({
        videoId: job.request.videoId,
        prompt: 'pricing tiers',
        modelName: 'mini',
      }),
    );
  });

  it('"Scene index not found" on a visual clip offers to make the video searchable by scenes', async () => {
    // As a clip that failed before the fix was stored: the API's words under 'not-found'.
    const job = makeJob({
      id: 'j-scenes',
      status: 'failed',
      request: { ...unsearchable, prompt: 'the whiteboard', contentType: 'visual' },
      error: { code: 'not-found', message: 'Scene index not found' },
    });
    const { pane, user, calls } = await openJob(job);
    expect(within(pane).getByRole('alert')).toHaveTextContent('not searchable by scenes yet');
    expect(within(pane).getByRole('alert')).not.toHaveTextContent('no longer exists');
    await user.click(within(pane).getByRole('button', { name: 'Make searchable by scenes' }));
    await waitFor(() =>
      expect(calls.find((c) => c.channel === 'library:make-searchable')?.input).toMatchObject({
        kind: 'scenes',
      }),
    );
  });

  it('an uncertain job is resent only after a clear question', async () => {
    const job = makeJob({ id: 'j-unc', status: 'uncertain' });
    const { pane, user, calls } = await openJob(job);
    expect(within(pane).getByRole('alert')).toHaveTextContent('Not sure this was sent');
    await user.click(within(pane).getByRole('button', { name: 'Send again…' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Send this request again?' });
    expect(dialog).toHaveTextContent('two clips');
    // The safe choice is primary and focused; "Send again" is the secondary button.
    const keep = within(dialog).getByRole('button', { name: 'Keep waiting' });
    expect(keep).toHaveFocus();
    expect(keep).toHaveClass('button--primary');
    expect(within(dialog).getByRole('button', { name: 'Send again' })).not.toHaveClass(
      'button--primary',
    );
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(calls.some((c) => c.channel === 'jobs:resend-uncertain')).toBe(false);
    await user.click(within(pane).getByRole('button', { name: 'Send again…' }));
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Send again' }),
    );
    await waitFor(() =>
      expect(calls.some((c) => c.channel === 'jobs:resend-uncertain')).toBe(true),
    );
  });

  it('a stuck job says it takes longer than usual and can stop being followed', async () => {
    const job = makeJob({
      id: 'j-stuck',
      status: 'processing',
      stuck: true,
      progress: 5,
      sentAt: Date.now() - 20 * 60_000,
    });
    const { pane, user, calls } = await openJob(job);
    expect(within(pane).getByText(/taking longer than usual \(20 min\)/)).toBeInTheDocument();
    await user.click(within(pane).getByRole('button', { name: 'Stop following' }));
    await waitFor(() => expect(calls.some((c) => c.channel === 'jobs:stop-tracking')).toBe(true));
    expect(await within(pane).findByText(/stopped following this clip/)).toBeInTheDocument();
  });

  it('favourites the job', async () => {
    const { pane, user, core } = await openJob(done);
    await user.click(within(pane).getByRole('button', { name: 'Favourite' }));
    await waitFor(() =>
      expect(within(pane).getByRole('button', { name: 'Favourite' })).toHaveAttribute(
        'aria-pressed',
        'true',
      ),
    );
    expect((await core.handlers['jobs:get']({ id: 'j-done' })).favourite).toBe(true);
  });

  it('app:focus-job opens that job', async () => {
    const other = makeJob({
      id: 'j-other',
      createdAt: Date.now() - 10,
      request: { ...done.request, prompt: 'the other one' },
    });
    const app = await renderOverCore({ jobs: [done, other] });
    await screen.findByRole('navigation', { name: 'Sections' });
    app.emitFromMain('app:focus-job', { id: 'j-other' });
    const pane = await screen.findByRole('complementary', { name: 'Clip details' });
    expect(await within(pane).findByRole('heading', { name: 'the other one' })).toBeInTheDocument();
  });
});
