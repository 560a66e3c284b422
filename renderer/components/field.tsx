/**
 * One form field: its label, the control, and under it either the error (announced, in place of
 * the hint) or the hint, plus an optional warning. The control gets its id, `aria-invalid` and an
 * `aria-describedby` naming whatever is shown under it, so a screen reader reads the same words a
 * person sees, and every form in the app says its errors the same way, next to the field.
 */
import { useId, type ReactNode } from 'react';

/** What the control of a {@link Field} must carry. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** Props of {@link Field}. */
export interface FieldProps {
  label: ReactNode;
  /** Shown under the control while there is no error. */
  hint?: ReactNode;
  /** Shown (and announced) under the control in place of the hint; null/undefined = none. */
  error?: string | null | undefined;
  /** Shown under the hint or error, whatever the error state (e.g. "plain http://"). */
  warning?: ReactNode;
  /** More text under the control that describes it (e.g. a character count), with its own id. */
  extra?: (id: string) => ReactNode;
  /** The control's id (generated when absent). */
  id?: string;
  /** The control itself, given the props it must carry. */
  children: (control: FieldControlProps) => ReactNode;
}

/** A labelled form field with its hint, error and warning (see the module comment). */
export function Field({ label, hint, error, warning, extra, id, children }: FieldProps) {
  const generated = useId();
  const controlId = id ?? `field-${generated}`;
  const hasError = error !== null && error !== undefined && error !== '';
  const hasHint = !hasError && hint !== undefined && hint !== null && hint !== false;
  const hasWarning = warning !== undefined && warning !== null && warning !== false;
  const ids = {
    error: `${controlId}-error`,
    hint: `${controlId}-hint`,
    warning: `${controlId}-warning`,
    extra: `${controlId}-extra`,
  };
  const describedBy = [
    hasError ? ids.error : hasHint ? ids.hint : null,
    hasWarning ? ids.warning : null,
    extra !== undefined ? ids.extra : null,
  ].filter((x): x is string => x !== null);
  return (
    <div className="field">
      <label htmlFor={controlId} className="field__label">
        {label}
      </label>
      {children({
        id: controlId,
        'aria-invalid': hasError,
        'aria-describedby': describedBy.length > 0 ? describedBy.join(' ') : undefined,
      })}
      {extra?.(ids.extra)}
      {hasError ? (
        <span id={ids.error} className="field__error" role="alert">
          {error}
        </span>
      ) : hasHint ? (
        <span id={ids.hint} className="field__hint">
          {hint}
        </span>
      ) : null}
      {hasWarning && (
        <span id={ids.warning} className="field__warning">
          {warning}
        </span>
      )}
    </div>
  );
}
