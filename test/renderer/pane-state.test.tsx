/**
 * Issue 16 §1: every part of the window follows the latest state. The video pane's badges, rows
 * and the prompt's warning agree after "make searchable"; the prompt notice says an uncertain or
 * failed job in its own words; a job no longer followed can be followed again and has no clock;
 * "Try now" answers; an unknown video count is not shown as 0.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SAMPLE } from '../server';
import { failAClipOf, makeJob, type CoreApi, type CoreApiOptions } from './core-api';
import { renderOverCore, startCore } from './render-core';

const raw = { name: SAMPLE.unsearchableVideoName, id: SAMPLE.unsearchableVideoId };
const keynote = { name: SAMPLE.pricingTalkName, id: SAMPLE.pricingTalkId };

async function openVideo(
  video: { name: string; id: string },
  world: CoreApiOptions | CoreApi = {},
) {
  const app = await renderOverCore(world);
  await app.user.click(
    await screen.findByRole('button', { name: new RegExp(`^${video.name}`) }, { timeout: 5000 }),
  );
  const pane = screen.getByRole('complementary', { name: 'Video details' });
  const form = await within(pane).findByRole('form', { name: 'Make a clip' });
  // The video's detail has come from the core.
  await waitFor(() => expect(app.store.getState().indexing[video.id]).toBeDefined());
  return { ...app, pane, form, prompt: within(form).getByLabelText('What are you looking for?') };
}

describe('video pane: one state for badges, rows and the warning', () => {
  it('after "Make searchable by speech" finishes, nothing says it is not searchable', async () => {
    // The core learned from a failed clip that the raw footage has no spoken index.
    const c = await startCore();
    await failAClipOf(c, raw.id, SAMPLE.defaultCollectionId);
    const { user, pane, form, prompt } = await openVideo(raw, c);
    await user.type(prompt, 'the sunset');
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    const warning = within(form).getByRole('alert');
    expect(warning).toHaveTextContent('is not searchable by speech yet');
    expect(within(pane).getByText('Not searchable yet')).toBeInTheDocument();
    await user.click(within(warning).getByRole('button', { name: 'Make searchable by speech' }));
    const speechRow = within(pane).getByText('By speech').closest('li') as HTMLElement;
    await waitFor(() => expect(within(speechRow).getByText('Yes')).toBeInTheDocument(), {
      timeout: 10_000,
    });
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
  it('an uncertain job is not "Clip requested." and is styled as a warning', async () => {
    // The server makes the clip, then a gateway answers 502 (a second late): the core cannot
    // tell whether the request arrived.
    const { user, form, prompt } = await openVideo(keynote, {
      switches: {
        faults: [
          { kind: 'slow', method: 'POST', path: '/clip$', delayMs: 1000 },
          { kind: 'html-502', method: 'POST', path: '/clip$', afterHandler: true },
        ],
      },
    });
    await user.type(prompt, 'the pricing part');
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    await within(form).findByText('Clip requested.');
    const notice = await within(form).findByText(
      /Not sure this was sent/,
      { selector: 'p' },
      { timeout: 5000 },
    );
    expect(within(form).queryByText('Clip requested.')).not.toBeInTheDocument();
    expect(notice.closest('.callout')).toHaveClass('callout--warning');
  });

  it('a failed job says it failed, with the reason, styled as an error', async () => {
    const { user, form, prompt, core } = await openVideo(keynote, {
      switches: { jobOutcome: 'fail', jobDurationMs: 1000 },
    });
    await user.type(prompt, 'the pricing part');
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    await within(form).findByText('Clip requested.');
    const notice = await within(form).findByText(
      /This clip could not be made/,
      {},
      { timeout: 5000 },
    );
    const { jobs } = await core.handlers['jobs:list']({ offset: 0, limit: 1 });
    const reason = jobs[0]!.error!.message;
    expect(reason.length).toBeGreaterThan(0);
    expect(notice).toHaveTextContent(reason);
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
    const app = await renderOverCore({ jobs: [job] });
    await app.user.click(await screen.findByRole('button', { name: /Clip history/ }));
    await app.user.click(await screen.findByRole('option', { name: /prompt j-run/ }));
    const pane = screen.getByRole('complementary', { name: 'Clip details' });
    expect(within(pane).getByText(/Making clip · 10% · 1 min/)).toBeInTheDocument();
    await app.user.click(within(pane).getByRole('button', { name: 'Stop following' }));
    const again = await within(pane).findByRole('button', { name: 'Follow again' });
    expect(within(pane).getByText('Not followed')).toBeInTheDocument();
    expect(within(pane).queryByText(/Making clip · 10% · /)).not.toBeInTheDocument();
    await app.user.click(again);
    await waitFor(() => expect(app.calls.some((c) => c.channel === 'jobs:follow')).toBe(true));
    expect(await within(pane).findByRole('button', { name: 'Stop following' })).toBeVisible();
    expect(within(pane).queryByText('Not followed')).not.toBeInTheDocument();
  });
});

describe('status bar and library counts', () => {
  it('"Try now" while offline says it is checking, then the result', async () => {
    // Every request waits a second, then its connection is cut: offline, and slow to find out.
    const { user } = await renderOverCore({
      switches: { faults: [{ kind: 'slow', delayMs: 1000 }, { kind: 'reset' }] },
    });
    const bar = await screen.findByRole('contentinfo', { name: 'Status' });
    await within(bar).findByText('Offline', {}, { timeout: 10_000 });
    await user.click(within(bar).getByRole('button', { name: 'Try now' }));
    expect(within(bar).getByRole('button', { name: 'Checking…' })).toBeInTheDocument();
    expect(
      await within(bar).findByText('Still offline — checked just now', {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(within(bar).getByRole('button', { name: 'Try now' })).toBeInTheDocument();
  });

  it('a collection whose videos never loaded shows no count next to the error', async () => {
    // The server refuses to list videos (the collections still load).
    await renderOverCore({
      switches: { faults: [{ kind: 'bad-request-400', method: 'GET', path: '^/video$' }] },
    });
    expect(
      await screen.findByText('The videos could not be loaded', {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/\d+ videos/)).not.toBeInTheDocument();
  });
});
