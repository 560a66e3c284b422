/**
 * Issue 16 §3: forms that behave. A live prompt counter with no silent cut, Advanced that stays
 * open while the callback is fixed, the settings dialog saying what a new API address means (and
 * warning about plain http://), copy disabled with a reason, a Tab trap over what can be seen.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PROMPT_MAX_LENGTH } from '../../app/shared/domain';
import { tabbables } from '../../renderer/components/dialog';
import { SAMPLE } from '../server';
import { makeJob } from './core-api';
import { renderOverCore } from './render-core';

async function openPrompt() {
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
  const prompt = within(form).getByLabelText<HTMLTextAreaElement>('What are you looking for?');
  return { ...app, form, prompt };
}

const submits = (calls: ReadonlyArray<{ channel: string; input: unknown }>) =>
  calls.filter((c) => c.channel === 'jobs:submit');

describe('prompt length', () => {
  it('counts live, never cuts the text, and turns into an error past the limit', async () => {
    const { user, form, prompt, calls } = await openPrompt();
    expect(within(form).getByText(/^0 \/ 2\s000$/)).toBeInTheDocument();
    fireEvent.change(prompt, { target: { value: 'a'.repeat(1950) } });
    const counter = within(form).getByText(/^1\s950 \/ 2\s000$/);
    expect(counter).not.toHaveClass('field__error');
    // Nothing below the limit (or just above it) cuts what the user pastes.
    expect(prompt.maxLength === -1 || prompt.maxLength > 5000).toBe(true);
    fireEvent.change(prompt, { target: { value: 'a'.repeat(2150) } });
    expect(prompt.value).toHaveLength(2150);
    const over = within(form).getByText(/^2\s150 \/ 2\s000 — 150 too many$/);
    expect(over).toHaveClass('field__error');
    expect(prompt).toHaveAttribute('aria-invalid', 'true');
    expect(prompt.getAttribute('aria-describedby')).toContain(over.id);
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    expect(within(form).getByRole('alert')).toHaveTextContent(
      `Keep the prompt under ${PROMPT_MAX_LENGTH} characters.`,
    );
    expect(submits(calls)).toHaveLength(0);
  });
});

describe('Advanced (callback URL)', () => {
  it('stays open while the user fixes the callback address', async () => {
    const { user, form, prompt } = await openPrompt();
    await user.type(prompt, 'pricing');
    await user.click(within(form).getByText('Advanced'));
    const callback = within(form).getByLabelText('Callback URL (optional)');
    await user.type(callback, 'http://insecure.example');
    await user.click(within(form).getByRole('button', { name: 'Make clip' }));
    const details = form.querySelector('details')!;
    expect(details).toHaveAttribute('open');
    await user.clear(callback);
    await user.type(callback, 'https://hooks.example/clip');
    expect(details).toHaveAttribute('open');
    expect(callback).toHaveFocus();
  });
});

describe('settings: API address', () => {
  async function openAdvanced() {
    const app = await renderOverCore();
    await app.user.click(await screen.findByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    await app.user.click(within(dialog).getByText('Advanced'));
    const address = within(dialog).getByLabelText('API address');
    return { ...app, dialog, address };
  }

  it('says a new address needs its own key before saving, and saves only when confirmed', async () => {
    const { user, dialog, address, core, server } = await openAdvanced();
    const saved = async () => (await core.handlers['settings:get']({})).apiBaseUrl;
    // Port 9 (discard) of this machine: nothing listens there.
    const next = 'http://127.0.0.1:9';
    await user.clear(address);
    await user.type(address, next);
    await user.click(within(dialog).getByRole('button', { name: 'Save address' }));
    const confirm = within(dialog).getByRole('group', { name: 'Change the API address' });
    expect(confirm).toHaveTextContent('Your API key is stored for the current address only');
    expect(await saved()).toBe(server.url);
    expect(within(confirm).getByRole('button', { name: 'Save and switch' })).toHaveFocus();
    await user.click(within(confirm).getByRole('button', { name: 'Keep current address' }));
    expect(await saved()).toBe(server.url);
    expect(address).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Save address' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save and switch' }));
    await waitFor(async () => expect(await saved()).toBe(next));
  });

  it('warns about plain http:// for a host that is not this machine', async () => {
    const { user, dialog, address } = await openAdvanced();
    await user.clear(address);
    await user.type(address, 'http://videodb.example.org');
    expect(within(dialog).getByText(/plain http:\/\//)).toBeInTheDocument();
    for (const local of ['http://localhost:8080', 'http://127.0.0.1:9', 'http://[[::1]:9']) {
      await user.clear(address);
      await user.type(address, local);
      expect(within(dialog).queryByText(/plain http:\/\//)).not.toBeInTheDocument();
    }
  });
});

describe('copy', () => {
  it('a Done clip with no segments offers no "Copy link", and says why', async () => {
    const job = makeJob({ id: 'j-empty', status: 'done', segments: [] });
    const app = await renderOverCore({ jobs: [job] });
    await app.user.click(await screen.findByRole('button', { name: /Clip history/ }));
    await app.user.click(await screen.findByRole('option', { name: /prompt j-empty/ }));
    const pane = screen.getByRole('complementary', { name: 'Clip details' });
    const button = within(pane).getByRole('button', { name: 'Copy link' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription('Nothing matched, so there is no clip to link to.');
  });
});

describe('dialog focus trap', () => {
  it('counts the summary of a closed <details> but nothing hidden inside it', async () => {
    const { user } = await renderOverCore();
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    const names = () => tabbables(dialog).map((el) => el.textContent?.trim() || el.tagName);
    expect(names()).toContain('Advanced');
    expect(within(dialog).getByLabelText('API address')).not.toBeVisible();
    expect(tabbables(dialog)).not.toContain(within(dialog).getByLabelText('API address'));
    // Tab from the last control goes round to the first, Shift+Tab from the first to the last.
    const items = tabbables(dialog);
    items[items.length - 1]!.focus();
    await user.tab();
    expect(items[0]).toHaveFocus();
    await user.tab({ shift: true });
    expect(items[items.length - 1]).toHaveFocus();
    expect(items[items.length - 1]!.tagName).toBe('SUMMARY');
  });
});
