/**
 * Every keyboard shortcut of the window, in one table: the help dialog lists it and the key
 * handler matches against it, so the two cannot drift apart.
 */
import { IS_MAC } from './format';

/** Actions reachable from the keyboard anywhere in the window. */
export type ShortcutAction =
  | 'new-clip'
  | 'search'
  | 'copy-link'
  | 'settings'
  | 'refresh'
  | 'show-library'
  | 'show-history'
  | 'help'
  | 'submit'
  | 'favourite'
  | 'delete'
  | 'select-all'
  | 'retry'
  | 'toggle-layout';

/** One shortcut. `mod` is Ctrl, or ⌘ on macOS. */
export interface Shortcut {
  action: ShortcutAction;
  key: string;
  mod?: boolean;
  shift?: boolean;
  /** What it does, for the help dialog. */
  label: string;
  /** Where it works, when not everywhere. */
  where?: string;
  /** Handled by the component that owns it (not the global handler). */
  local?: boolean;
}

/** The table. */
export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'new-clip', key: 'n', mod: true, label: 'New clip: write a prompt' },
  {
    action: 'submit',
    key: 'Enter',
    mod: true,
    label: 'Make the clip',
    where: 'Prompt',
    local: true,
  },
  { action: 'search', key: 'f', mod: true, label: 'Search' },
  { action: 'show-library', key: '1', mod: true, label: 'Show the library' },
  { action: 'show-history', key: '2', mod: true, label: 'Show clip history' },
  {
    action: 'toggle-layout',
    key: 'l',
    mod: true,
    shift: true,
    label: 'Grid or list',
    where: 'Library',
  },
  {
    action: 'copy-link',
    key: 'c',
    mod: true,
    shift: true,
    label: 'Copy link of the selected clips',
  },
  { action: 'favourite', key: 'd', mod: true, label: 'Favourite or unfavourite', where: 'History' },
  {
    action: 'retry',
    key: 'r',
    mod: true,
    shift: true,
    label: 'Retry a failed clip',
    where: 'History',
  },
  {
    action: 'delete',
    key: 'Delete',
    label: 'Delete the selected clips',
    where: 'History',
    local: true,
  },
  {
    action: 'select-all',
    key: 'a',
    mod: true,
    label: 'Select all clips',
    where: 'History',
    local: true,
  },
  { action: 'refresh', key: 'r', mod: true, label: 'Refresh the library' },
  { action: 'settings', key: ',', mod: true, label: 'Settings' },
  { action: 'help', key: 'F1', label: 'Keyboard shortcuts' },
];

/** How a shortcut is written for this platform: `Ctrl+Shift+C` or `⌘⇧C`. */
export function shortcutLabel(s: Shortcut): string {
  const key = s.key.length === 1 ? s.key.toUpperCase() : s.key;
  if (IS_MAC) return `${s.mod ? '⌘' : ''}${s.shift ? '⇧' : ''}${key}`;
  return [s.mod ? 'Ctrl' : null, s.shift ? 'Shift' : null, key].filter(Boolean).join('+');
}

/** The global shortcut a key event matches, if any. */
export function matchShortcut(e: KeyboardEvent): Shortcut | undefined {
  const mod = IS_MAC ? e.metaKey : e.ctrlKey;
  return SHORTCUTS.find(
    (s) =>
      !s.local &&
      s.key.toLowerCase() === e.key.toLowerCase() &&
      Boolean(s.mod) === mod &&
      Boolean(s.shift) === e.shiftKey &&
      !e.altKey,
  );
}

/** True for Ctrl/⌘+Enter. */
export function isSubmitKey(e: { key: string; ctrlKey: boolean; metaKey: boolean }): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey);
}
