/**
 * Issue 13 §5: one `<Field>` for every form's label, hint, error and warning. What a person sees
 * under a control is what its `aria-describedby` names; an error replaces the hint and is
 * announced; the error of a refused address or key is next to its field in every form.
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Field } from '../../renderer/components/field';
import { renderOverCore } from './render-core';

const described = (el: HTMLElement): string[] =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? `(missing ${id})`);

describe('Field', () => {
  it('labels the control and describes it by its hint, its warning and any extra text', () => {
    render(
      <Field
        label="Address"
        hint="Where your server is."
        warning="Plain http:// sends the key unencrypted."
        extra={(id) => <span id={id}>12 / 100</span>}
      >
        {(control) => <input {...control} />}
      </Field>,
    );
    const input = screen.getByLabelText('Address');
    expect(input).toHaveAttribute('aria-invalid', 'false');
    expect(described(input)).toEqual([
      'Where your server is.',
      'Plain http:// sends the key unencrypted.',
      '12 / 100',
    ]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('an error replaces the hint, is announced, and marks the control invalid', () => {
    const { rerender } = render(
      <Field label="Key" hint="Starts with sk-." error="VideoDB refused this key.">
        {(control) => <input {...control} />}
      </Field>,
    );
    const input = screen.getByLabelText('Key');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent('VideoDB refused this key.');
    expect(described(input)).toEqual(['VideoDB refused this key.']);
    expect(screen.queryByText('Starts with sk-.')).toBeNull();
    rerender(
      <Field label="Key" hint="Starts with sk-." error={null}>
        {(control) => <input {...control} />}
      </Field>,
    );
    expect(input).toHaveAttribute('aria-invalid', 'false');
    expect(described(input)).toEqual(['Starts with sk-.']);
  });

  it('two fields without ids get different ones', () => {
    render(
      <>
        <Field label="One">{(c) => <input {...c} />}</Field>
        <Field label="Two">{(c) => <input {...c} />}</Field>
      </>,
    );
    expect(screen.getByLabelText('One').id).not.toBe(screen.getByLabelText('Two').id);
  });
});

describe('forms say errors next to the field', () => {
  it('settings: a refused new key is shown under the key field and describes it', async () => {
    const app = await renderOverCore();
    await app.user.click(await screen.findByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    await app.user.click(within(dialog).getByRole('button', { name: 'Replace key…' }));
    const key = within(dialog).getByLabelText('New API key');
    await app.user.type(key, 'sk-bad');
    await app.user.click(within(dialog).getByRole('button', { name: 'Check and save' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('did not accept this key');
    expect(key).toHaveAttribute('aria-invalid', 'true');
    expect(key.getAttribute('aria-describedby')).toContain(alert.id);
    expect(alert.id).not.toBe('');
  });
});
