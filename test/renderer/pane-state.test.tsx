/**
 * Issue 16 §1: every part of the window follows the latest state. The video pane's badges, rows
 * and the prompt's warning agree after "make searchable"; the prompt notice says an uncertain or
 * failed job in its own words; a job no longer followed can be followed again and has no clock;
 * "Try now" answers; an unknown video count is not shown as 0.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../app/shared/domain';
import { createFakeApi, makeJob, makeVideo } from './fake-api';
import { renderApp } from './render-app';

const raw = makeVideo({
  id: 'm-b',
  name: 'Raw footage',
  searchableBySpeech: false,
  searchableByScenes: false,
});
const keynote = makeVideo({ id: 'm-a', name: 'Keynote', searchableBySpeech: true });

async function openVideo(name: string, world: Parameters<typeof renderApp>[0] = {}) {
  const app = renderApp({ videos: [keynote, raw], ...world });
  await app.user.click(await screen.findByRole('button', { name: new RegExp(`^${name}`) }));
  const pane = screen.getByRole('complementary', { name: 'Video details' });
  const form = await within(pane).findByRole('form', { name: 'Make a clip' });
  return { ...app, pane, form, prompt: within(form).getByLabelText('What are you looking for?') };
}

describe('video pane: one state for badges, rows and the warning', () => {
  it('after "Make searchable by speech" finishes, nothing says it is not searchable', async () => {
    const { user, pane, form, prompt, fake } = await openVideo('Raw footage');
    await user.type(prompt, 'the sunset');
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    const warning = within(form).getByRole('alert');
    expect(warning).toHaveTextContent('is not searchable by speech yet');
    await user.click(within(warning).getByRole('button', { name: 'Make searchable by speech' }));
    fake.world.videos = fake.world.videos.map((v) =>
      v.id === 'm-b' ? { ...v, searchableBySpeech: true } : v,
    );
    act(() =>
      fake.emit('library:indexing', {
        videoId: 'm-b',
        kind: 'spoken',
        status: 'done',
        progress: 100,
        error: null,
      }),
    );
    const speechRow = within(pane).getByText('By speech').closest('li') as HTMLElement;
    await waitFor(() => expect(within(speechRow).getByText('Yes')).toBeInTheDocument());
    expect(within(form).queryByText(/not searchable/)).not.toBeInTheDocument();
    expect(
      within(pane).queryByRole('button', { name: /Make searchable by speech/ }),
    ).not.toBeInTheDocument();
    expect(within(pane).getByText('Searchable by speech')).toBeInTheDocument();
    expect(within(pane).queryByText('Not searchable yet')).not.toBeInTheDocument();
    expect(within(form).getByText(/is searchable now/)).toBeInTheDocument();
  });
});

describe('prompt notice follows the job', () => {
  const later = (j: Job, patch: Partial<Job>): Job => ({
    ...j,
    ...patch,
    updatedAt: j.updatedAt + 1_000,
  });

  it('an uncertain job is not "Clip requested." and is styled as a warning', async () => {
    const { user, form, prompt, fake } = await openVideo('Keynote');
    await user.type(prompt, 'the pricing part');
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    await within(form).findByText('Clip requested.');
    const job = fake.world.jobs[0]!;
    act(() => fake.emit('jobs:changed', later(job, { status: 'uncertain' })));
    const notice = await within(form).findByText(/Not sure this was sent/, { selector: 'p' });
    expect(within(form).queryByText('Clip requested.')).not.toBeInTheDocument();
    expect(notice.closest('.callout')).toHaveClass('callout--warning');
  });

  it('a failed job says it failed, with the reason, styled as an error', async () => {
    const { user, form, prompt, fake } = await openVideo('Keynote');
    await user.type(prompt, 'the pricing part');
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    await within(form).findByText('Clip requested.');
    const job = fake.world.jobs[0]!;
    act(() =>
      fake.emit(
        'jobs:changed',
        later(job, {
          status: 'failed',
          error: { code: 'server', message: 'VideoDB had a problem.' },
        }),
      ),
    );
    const notice = await within(form).findByText(/This clip could not be made/);
    expect(notice).toHaveTextContent('VideoDB had a problem.');
    expect(notice.closest('.callout')).toHaveClass('callout--error');
    expect(within(form).queryByText('Clip requested.')).not.toBeInTheDocument();
  });
});

describe('following a clip', () => {
  it('"Stop following" offers "Follow again", and no clock counts while not followed', async () => {
    const job = makeJob({
      id: 'j-run',
      status: 'processing',
      progress: 10,
      sentAt: Date.now() - 90_000,
    });
    const app = renderApp({ jobs: [job] });
    await app.user.click(await screen.findByRole('button', { name: /Clip history/ }));
    await app.user.click(await screen.findByRole('option', { name: /prompt j-run/ }));
    const pane = screen.getByRole('complementary', { name: 'Clip details' });
    expect(within(pane).getByText(/Making clip · 10% · 1 min/)).toBeInTheDocument();
    await app.user.click(within(pane).getByRole('button', { name: 'Stop following' }));
    const again = await within(pane).findByRole('button', { name: 'Follow again' });
    expect(within(pane).getByText('Not followed')).toBeInTheDocument();
    expect(within(pane).queryByText(/Making clip · 10% · /)).not.toBeInTheDocument();
    await app.user.click(again);
    await waitFor(() => expect(app.fake.calls.some((c) => c.channel === 'jobs:follow')).toBe(true));
    expect(await within(pane).findByRole('button', { name: 'Stop following' })).toBeVisible();
    expect(within(pane).queryByText('Not followed')).not.toBeInTheDocument();
  });
});

describe('status bar and library counts', () => {
  it('"Try now" while offline says it is checking, then the result', async () => {
    const { user, fake } = renderApp({ online: false });
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    await within(bar).findByText('Offline');
    fake.hold();
    const connectivityCheck = fake.api.connectivity.check;
    let release: () => void = () => undefined;
    fake.api.connectivity.check = async (input) => {
      await new Promise<void>((r) => (release = r));
      return connectivityCheck(input);
    };
    fake.release();
    await user.click(within(bar).getByRole('button', { name: 'Try now' }));
    expect(within(bar).getByRole('button', { name: 'Checking…' })).toBeInTheDocument();
    act(() => release());
    expect(await within(bar).findByText('Still offline — checked just now')).toBeInTheDocument();
    expect(within(bar).getByRole('button', { name: 'Try now' })).toBeInTheDocument();
  });

  it('a collection whose videos never loaded shows no count next to the error', async () => {
    const fake = createFakeApi({ videos: [keynote] });
    fake.api.library.listVideos = async () => ({
      ok: false,
      error: { code: 'offline', message: 'You are offline and this collection was never saved.' },
    });
    renderApp({}, { fake });
    expect(await screen.findByText('The videos could not be loaded')).toBeInTheDocument();
    expect(screen.queryByText(/\d+ videos/)).not.toBeInTheDocument();
  });
});
