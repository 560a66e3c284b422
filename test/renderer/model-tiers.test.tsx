/** Issue 9 §2: the prompt offers every model tier the API accepts, `mini` included. */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SAMPLE } from '../server';
import { renderOverCore } from './render-core';

describe('prompt panel: model tiers', () => {
  it('offers Mini, Basic, Pro and Ultra (Basic first chosen) and sends the one picked', async () => {
    const app = await renderOverCore();
    await app.user.click(
      await screen.findByRole(
        'button',
        { name: new RegExp(`^${SAMPLE.pricingTalkName}`) },
        { timeout: 5000 },
      ),
    );
    const pane = screen.getByRole('complementary', { name: 'Video details' });
    const form = await within(pane).findByRole('form', { name: 'Make a clip' });
    const model = within(form).getByRole('combobox', { name: 'Model' });
    expect(
      within(model)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Mini', 'Basic', 'Pro', 'Ultra']);
    expect(model).toHaveValue('basic');
    await app.user.selectOptions(model, 'mini');
    await app.user.type(within(form).getByLabelText('What are you looking for?'), 'pricing');
    await app.user.click(within(form).getByRole('button', { name: 'Make clip' }));
    await waitFor(() =>
      expect(app.calls.find((c) => c.channel === 'jobs:submit')?.input).toMatchObject({
        modelName: 'mini',
      }),
    );
  });
});
