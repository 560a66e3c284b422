import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeJob, makeVideo } from './fake-api';
import { renderApp } from './render-app';

const ready = makeVideo({
  id: 'm-a',
  name: 'Keynote',
  searchableBySpeech: true,
  searchableByScenes: true,
});
const notReady = makeVideo({
  id: 'm-b',
  name: 'Raw footage',
  searchableBySpeech: false,
  searchableByScenes: false,
});

async function open(name: string, world: Parameters<typeof renderApp>[0] = {}) {
  const app = renderApp({ videos: [ready, notReady], ...world });
  await app.user.click(await screen.findByRole('button', { name: new RegExp(`^${name}`) }));
  const pane = screen.getByRole('complementary', { name: 'Video details' });
  const form = await within(pane).findByRole('form', { name: 'Make a clip' });
  return { ...app, form, prompt: within(form).getByLabelText('What are you looking for?') };
}

const submits = (calls: Array<{ channel: string; input: unknown }>) =>
  calls.filter((c) => c.channel === 'jobs:submit');

describe('prompt panel', () => {
  it('shows the schema message for an empty prompt and sends nothing', async () => {
    const { user, form, fake, prompt } = await open('Keynote');
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Write what you are looking for.');
    expect(prompt).toHaveAttribute('aria-invalid', 'true');
    expect(submits(fake.calls)).toHaveLength(0);
  });

  it('checks the callback URL under Advanced', async () => {
    const { user, form, fake, prompt } = await open('Keynote');
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
    expect(submits(fake.calls)).toHaveLength(0);
  });

  it('submits with Ctrl+Enter and shows the new job with a link to it', async () => {
    const { user, form, fake, prompt } = await open('Keynote');
    await user.type(prompt, 'the pricing part');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await within(form).findByText('Clip requested.')).toBeInTheDocument();
    expect(submits(fake.calls)).toHaveLength(1);
    expect(submits(fake.calls)[0]!.input).toMatchObject({
      videoId: 'm-a',
      prompt: 'the pricing part',
      contentType: 'spoken',
    });
    await user.click(within(form).getByRole('button', { name: 'Open in history' }));
    expect(await screen.findByRole('heading', { name: 'the pricing part' })).toBeInTheDocument();
  });

  it('hints each content type in one line', async () => {
    const { user, form } = await open('Keynote');
    expect(within(form).getByText('Finds moments by what is said.')).toBeInTheDocument();
    await user.click(within(form).getByRole('radio', { name: 'Visual' }));
    expect(within(form).getByText('Finds moments by what is on screen.')).toBeInTheDocument();
  });

  it('says a request made offline is queued', async () => {
    const { user, form, prompt } = await open('Keynote', { online: false });
    await user.type(prompt, 'pricing');
    await user.click(within(form).getByRole('button', { name: 'Queue clip' }));
    expect(
      await within(form).findByText('Queued — will be sent when you’re back online.'),
    ).toBeInTheDocument();
  });

  it('shows the existing job when the same request is made again while in flight', async () => {
    const existing = makeJob({
      id: 'j-old',
      request: {
        videoId: 'm-a',
        collectionId: 'c-1',
        prompt: 'Pricing',
        contentType: 'spoken',
        modelName: 'basic',
      },
      status: 'processing',
    });
    const { user, form, prompt, fake } = await open('Keynote', { jobs: [existing] });
    await user.type(prompt, '  pricing ');
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    expect(
      await within(form).findByText('You already asked for this clip. Here it is:'),
    ).toBeInTheDocument();
    expect(fake.world.jobs).toHaveLength(1);
  });

  it('warns before asking a video that is not searchable, and offers to make it searchable', async () => {
    const { user, form, prompt, fake } = await open('Raw footage');
    await user.type(prompt, 'the sunset');
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    const warning = within(form).getByRole('alert');
    expect(warning).toHaveTextContent('is not searchable by speech yet');
    expect(submits(fake.calls)).toHaveLength(0);
    await user.click(within(warning).getByRole('button', { name: 'Make searchable by speech' }));
    await waitFor(() =>
      expect(fake.calls.some((c) => c.channel === 'library:make-searchable')).toBe(true),
    );
    await user.click(within(form).getByRole('button', { name: 'Send anyway' }));
    await waitFor(() => expect(submits(fake.calls)).toHaveLength(1));
  });

  it('requires a scene index choice when there are several and the search is visual', async () => {
    const { user, form, prompt, fake } = await open('Keynote', {
      sceneIndexes: {
        'm-a': [
          { id: 's-1', name: 'Shots', status: 'done' },
          { id: 's-2', name: 'Every 10 seconds', status: 'done' },
        ],
      },
    });
    await within(form).findByRole('option', { name: 'Shots' });
    await user.type(prompt, 'a red car');
    await user.click(within(form).getByRole('radio', { name: 'Visual' }));
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('choose the one to search');
    await user.selectOptions(within(form).getByLabelText('Scene index'), 's-2');
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    await waitFor(() =>
      expect(submits(fake.calls)[0]?.input).toMatchObject({
        sceneIndexId: 's-2',
        contentType: 'visual',
      }),
    );
  });

  it('leaves the scene index picker off when the video has none', async () => {
    const { form } = await open('Raw footage');
    expect(within(form).getByLabelText('Scene index')).toBeDisabled();
  });
});
