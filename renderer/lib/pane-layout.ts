/**
 * How the window's panes are laid out: the sidebar and the detail pane can be resized and
 * collapsed, and that choice is remembered on this computer (localStorage: a view preference, not
 * data, so it stays out of main's store). The window's width decides the rest:
 * - 1000 px and wider: sidebar, list and detail pane side by side, as the user sized them;
 * - below 1000 px: the sidebar shrinks to a rail of icons (it can be expanded for a moment);
 * - below 900 px: the detail pane no longer takes a column of its own, it slides over the list
 *   when something is opened and closes back to a strip.
 */
import { useSyncExternalStore } from 'react';

/** Below this width the sidebar is a rail of icons. */
export const RAIL_BELOW = 1000;
/** Below this width the detail pane covers the list instead of sitting next to it. */
export const OVERLAY_BELOW = 900;
/** The list keeps at least this much room next to the detail pane. */
export const CONTENT_MIN = 360;
/** Width of the sidebar as a rail, px. */
export const RAIL_WIDTH = 52;

/** Bounds and defaults of the two resizable panes, px. */
export const SIDEBAR = { min: 168, max: 400, initial: 232 } as const;
export const DETAIL = { min: 300, max: 720, initial: 400 } as const;

/** What is remembered. */
export interface PanePrefs {
  sidebarWidth: number;
  detailWidth: number;
  sidebarCollapsed: boolean;
  detailCollapsed: boolean;
}

/** The localStorage key. */
export const PANES_KEY = 'videodb-clips.panes';

const DEFAULTS: PanePrefs = {
  sidebarWidth: SIDEBAR.initial,
  detailWidth: DETAIL.initial,
  sidebarCollapsed: false,
  detailCollapsed: false,
};

/** Keep `n` within `[min, max]` (and a whole number). */
export function clamp(n: number, min: number, max: number): number {
  return Math.round(Math.min(max, Math.max(min, n)));
}

/** The remembered layout, or the defaults for what is missing or unreadable. */
export function loadPanePrefs(): PanePrefs {
  try {
    const raw = globalThis.localStorage?.getItem(PANES_KEY);
    const saved = raw ? (JSON.parse(raw) as Partial<PanePrefs>) : {};
    const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
    return {
      sidebarWidth: clamp(num(saved.sidebarWidth, DEFAULTS.sidebarWidth), SIDEBAR.min, SIDEBAR.max),
      detailWidth: clamp(num(saved.detailWidth, DEFAULTS.detailWidth), DETAIL.min, DETAIL.max),
      sidebarCollapsed: saved.sidebarCollapsed === true,
      detailCollapsed: saved.detailCollapsed === true,
    };
  } catch {
    return { ...DEFAULTS };
  }
}

/** Remember the layout; a full or refused storage only means it is not remembered. */
export function savePanePrefs(prefs: PanePrefs): void {
  try {
    globalThis.localStorage?.setItem(PANES_KEY, JSON.stringify(prefs));
  } catch {
    // Not remembered this time; the layout still works.
  }
}

const subscribeResize = (onChange: () => void) => {
  window.addEventListener('resize', onChange);
  return () => window.removeEventListener('resize', onChange);
};

/** The window's width, kept current. */
export function useWindowWidth(): number {
  return useSyncExternalStore(
    subscribeResize,
    () => window.innerWidth,
    () => 1280,
  );
}
