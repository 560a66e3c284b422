/**
 * The field an API key is pasted into, on the welcome screen and in Settings: a password input
 * (never shown, autofilled or spell-checked) that takes the focus, in a {@link Field} with its
 * label and error.
 */
import { Field } from './field';

/** Props of {@link ApiKeyField}. */
export interface ApiKeyFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  /** The input's id (generated when absent). */
  id?: string;
  /** Mark the input as the one a dialog focuses first (`data-autofocus`). */
  dataAutofocus?: boolean;
}

/** The API key input (see the module comment). */
export function ApiKeyField({
  label,
  value,
  onChange,
  error,
  id,
  dataAutofocus,
}: ApiKeyFieldProps) {
  return (
    <Field {...(id !== undefined ? { id } : {})} label={label} error={error}>
      {(control) => (
        <input
          {...control}
          className="input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="sk-…"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          {...(dataAutofocus === true ? { 'data-autofocus': true } : {})}
          autoFocus
        />
      )}
    </Field>
  );
}
