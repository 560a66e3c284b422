/**
 * A modal dialog: labelled by its title, focus kept inside while open, Esc closes, focus goes back
 * to where it was when it closes.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

const FOCUSABLE =
  'button:not([disabled]), a[href], input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** False for what the user cannot see: inside a closed `<details>` (but its summary), `hidden`. */
function isShown(el: HTMLElement): boolean {
  for (let p = el.parentElement; p !== null; p = p.parentElement) {
    if (p.hidden) return false;
    if (p instanceof HTMLDetailsElement && !p.open) {
      const ownSummary = el.tagName === 'SUMMARY' && el.parentElement === p;
      const inOwnSummary = p.querySelector(':scope > summary')?.contains(el) === true;
      if (!ownSummary && !inOwnSummary) return false;
    }
  }
  // Real engines also know about display:none and content-visibility (jsdom does not).
  return typeof el.checkVisibility === 'function'
    ? el.checkVisibility({ visibilityProperty: true })
    : true;
}

/**
 * What Tab may reach inside `box`, in order: visible, enabled, not taken out of the tab order, and
 * one radio per group (the checked one, else the first), as the browser itself does.
 */
export function tabbables(box: HTMLElement): HTMLElement[] {
  const all = [...box.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => el.tabIndex >= 0 && isShown(el),
  );
  return all.filter((el) => {
    if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || el.name === '') return true;
    const group = all.filter(
      (x): x is HTMLInputElement =>
        x instanceof HTMLInputElement && x.type === 'radio' && x.name === el.name,
    );
    const checked = group.find((x) => x.checked);
    return el === (checked ?? group[0]);
  });
}

/** Props of {@link Dialog}. */
export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom. */
  footer?: ReactNode;
  /** `alertdialog` for confirmations. */
  role?: 'dialog' | 'alertdialog';
  size?: 'small' | 'medium';
  /**
   * Name of the body when it is long enough to scroll: it then takes keyboard focus (Tab), so it
   * can be scrolled with the arrow keys, and is announced by this name.
   */
  bodyLabel?: string;
}

/** A modal dialog. */
export function Dialog({
  title,
  onClose,
  children,
  footer,
  role = 'dialog',
  size = 'medium',
  bodyLabel,
}: DialogProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const box = ref.current;
    const first =
      box?.querySelector<HTMLElement>('[data-autofocus]') ??
      box?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? box)?.focus();
    // Whatever moves focus out of the dialog (a click behind it, a script), bring it back.
    const keepInside = (e: FocusEvent) => {
      if (box === null || !(e.target instanceof Node) || box.contains(e.target)) return;
      (tabbables(box)[0] ?? box).focus();
    };
    document.addEventListener('focusin', keepInside);
    return () => {
      document.removeEventListener('focusin', keepInside);
      previous?.focus?.();
    };
  }, []);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      closeRef.current();
      return;
    }
    if (e.key !== 'Tab' || ref.current === null) return;
    // The dialog moves focus itself, both ways and around the ends, over what can be seen: the
    // browser's own order would count nothing hidden but could leave for the page behind.
    e.preventDefault();
    const items = tabbables(ref.current);
    if (items.length === 0) return;
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next =
      at === -1
        ? e.shiftKey
          ? items.length - 1
          : 0
        : (at + (e.shiftKey ? -1 : 1) + items.length) % items.length;
    items[next]?.focus();
  };

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className={`dialog dialog--${size}`}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        {/* Not <header>/<footer>: those would be a second banner and footer of the page. */}
        <div className="dialog__header">
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        {bodyLabel !== undefined ? (
          <div className="dialog__body" role="region" aria-label={bodyLabel} tabIndex={0}>
            {children}
          </div>
        ) : (
          <div className="dialog__body">{children}</div>
        )}
        {footer !== undefined && <div className="dialog__footer">{footer}</div>}
      </div>
    </div>
  );
}
