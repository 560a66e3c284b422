import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SAMPLE } from '../server';
import { failAClipOf, makeJob, type CoreApi, type CoreApiOptions } from './core-api';
import { renderOverCore, startCore } from './render-core';

// The seeded library: the pricing talk is searchable by speech and has two scene indexes; the
// raw offsite footage has no index at all.
const Keynote = { name: SAMPLE.pricingTalkName, id: SAMPLE.pricingTalkId };
const RawFootage = { name: SAMPLE.unsearchableVideoName, id: SAMPLE.unsearchableVideoId };

async function open(video: { name: string; id: string }, world: CoreApiOptions | CoreApi = {}) {
  const app = await renderOverCore(world);
  await app.user.click(
    await screen.findByRole('button', { name: new RegExp(`^${video.name}`) }, { timeout: 5000 }),
  );
  const pane = screen.getByRole('complementary', { name: 'Video details' });
  const form = await within(pane).findByRole('form', { name: 'Make a clip' });
  // The video's detail (scene indexes, indexing) has come from the core.
  await waitFor(() => expect(app.store.getState().indexing[video.id]).toBeDefined());
  return { ...app, form, prompt: within(form).getByLabelText('What are you looking for?') };
}

/** The core learned from a failed clip that the raw footage has no spoken index. */
async function afterAFailedClipOfRawFootage(): Promise<CoreApi> {
  const c = await startCore();
  await failAClipOf(c, RawFootage.id, SAMPLE.defaultCollectionId);
  return c;
}

const submits = (calls: ReadonlyArray<{ channel: string; input: unknown }>) =>
  calls.filter((c) => c.channel === 'jobs:submit');

describe('prompt panel', () => {
  it('shows the schema message for an empty prompt and sends nothing', async () => {
    const { user, form, calls, prompt } = await open(Keynote);
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Write what you are looking for.');
    expect(prompt).toHaveAttribute('aria-invalid', 'true');
    expect(submits(calls)).toHaveLength(0);
  });

  it('checks the callback URL under Advanced', async () => {
    const { user, form, calls, prompt } = await open(Keynote);
    await user.type(prompt, 'pricing');
    await user.click(within(form).getByText('Advanced'));
    await user.type(
      within(form).getByLabelText('Callback URL (optional)'),
      'http://insecure.example',
    );
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    expect(within(form).getByRole('alert')).toHaveTextContent(
      'The callback address must be a full https:// URL.',
    );
    expect(submits(calls)).toHaveLength(0);
  });

  it('submits with Ctrl+Enter and shows the new job with a link to it', async () => {
    const { user, form, calls, prompt } = await open(Keynote);
    await user.type(prompt, 'the pricing part');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await within(form).findByText('Clip requested.')).toBeInTheDocument();
    expect(submits(calls)).toHaveLength(1);
    expect(submits(calls)[0]!.input).toMatchObject({
      videoId: SAMPLE.pricingTalkId,
      prompt: 'the pricing part',
      contentType: 'spoken',
    });
    await user.click(within(form).getByRole('button', { name: 'Open in history' }));
    expect(await screen.findByRole('heading', { name: 'the pricing part' })).toBeInTheDocument();
  });

  it('hints each content type in one line', async () => {
    const { user, form } = await open(Keynote);
    expect(within(form).getByText('Finds moments by what is said.')).toBeInTheDocument();
    await user.click(within(form).getByRole('radio', { name: 'Visual' }));
    expect(within(form).getByText('Finds moments by what is on screen.')).toBeInTheDocument();
  });

  it('says a request made offline is queued', async () => {
    const { user, form, prompt, setOffline } = await open(Keynote);
    await setOffline(true);
    await user.type(prompt, 'pricing');
    await user.click(await within(form).findByRole('button', { name: 'Queue clip' }));
    expect(
      await within(form).findByText('Queued — will be sent when you’re back online.'),
    ).toBeInTheDocument();
  });

  it('shows the existing job when the same request is made again while in flight', async () => {
    const existing = makeJob({
      id: 'j-old',
      request: { ...makeJob({ id: 'x' }).request, prompt: 'Pricing' },
      status: 'processing',
    });
    const { user, form, prompt, core } = await open(Keynote, { jobs: [existing] });
    await user.type(prompt, '  pricing ');
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    expect(
      await within(form).findByText('You already asked for this clip. Here it is:'),
    ).toBeInTheDocument();
    expect((await core.handlers['jobs:list']({ offset: 0, limit: 10 })).total).toBe(1);
  });

  it('warns before asking a video that is not searchable, and offers to make it searchable', async () => {
    const { user, form, prompt, calls } = await open(
      RawFootage,
      await afterAFailedClipOfRawFootage(),
    );
    await user.type(prompt, 'the sunset');
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    const warning = within(form).getByRole('alert');
    expect(warning).toHaveTextContent('is not searchable by speech yet');
    expect(submits(calls)).toHaveLength(0);
    await user.click(within(warning).getByRole('button', { name: 'Make searchable by speech' }));
    await waitFor(() =>
      expect(calls.some((c) => c.channel === 'library:make-searchable')).toBe(true),
    );
    await user.click(within(form).getByRole('button', { name: 'Send anyway' }));
    await waitFor(() => expect(submits(calls)).toHaveLength(1));
  });

  it('requires a scene index choice when there are several and the search is visual', async () => {
    const { user, form, prompt, calls } = await open(Keynote);
    await within(form).findByRole('option', { name: 'Shots' });
    await user.type(prompt, 'a red car');
    await user.click(within(form).getByRole('radio', { name: 'Visual' }));
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('choose the one to search');
    await user.selectOptions(
      within(form).getByLabelText('Scene index'),
      SAMPLE.pricingTalkSlidesIndexId,
    );
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    await waitFor(() =>
      expect(submits(calls)[0]?.input).toMatchObject({
        sceneIndexId: SAMPLE.pricingTalkSlidesIndexId,
        contentType: 'visual',
      }),
    );
  });

  it('leaves the scene index picker off when the video has none', async () => {
    const { form } = await open(RawFootage);
    expect(within(form).getByLabelText('Scene index')).toBeDisabled();
  });
});
