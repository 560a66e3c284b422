/**
 * Window size and position remembered between runs in a small JSON file in the app data folder.
 * Pure parts (parse, fit to the screens) are separate from the file access.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Saved bounds; x/y are absent when the OS should place the window. */
export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** A screen's usable area. */
export interface WorkArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Bounds of the first run. */
export const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 820, maximized: false };

/** File name in the app data folder. */
export const WINDOW_STATE_FILE = 'window-state.json';

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Saved bounds from JSON text, or the defaults when the text is missing or malformed. */
export function parseWindowState(text: string | null): WindowBounds {
  if (text === null) return { ...DEFAULT_BOUNDS };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ...DEFAULT_BOUNDS };
  }
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_BOUNDS };
  const r = raw as Record<string, unknown>;
  if (!isInt(r['width']) || !isInt(r['height'])) return { ...DEFAULT_BOUNDS };
  const bounds: WindowBounds = {
    width: r['width'],
    height: r['height'],
    maximized: r['maximized'] === true,
  };
  if (isInt(r['x']) && isInt(r['y'])) {
    bounds.x = r['x'];
    bounds.y = r['y'];
  }
  return bounds;
}

/**
 * Keep the window usable: sizes clamped to the min and to the largest screen, and the position
 * dropped (OS places it) unless the window's title bar area lands on one of the current screens —
 * a monitor that was unplugged must not leave the window off-screen.
 */
export function fitToDisplays(
  bounds: WindowBounds,
  areas: readonly WorkArea[],
  min: { width: number; height: number },
): WindowBounds {
  const maxW = Math.max(min.width, ...areas.map((a) => a.width));
  const maxH = Math.max(min.height, ...areas.map((a) => a.height));
  const fitted: WindowBounds = {
    width: Math.min(Math.max(bounds.width, min.width), maxW),
    height: Math.min(Math.max(bounds.height, min.height), maxH),
    maximized: bounds.maximized,
  };
  if (bounds.x === undefined || bounds.y === undefined) return fitted;
  const { x, y } = bounds;
  // A 100×40 strip at the top-left of the window must be visible to grab and move it.
  const grabbable = areas.some(
    (a) => x + 100 > a.x && x < a.x + a.width - 40 && y >= a.y && y + 40 <= a.y + a.height,
  );
  if (grabbable) {
    fitted.x = x;
    fitted.y = y;
  }
  return fitted;
}

/** Read the saved bounds (defaults when there are none). */
export async function loadWindowState(dataDir: string): Promise<WindowBounds> {
  try {
    return parseWindowState(await readFile(join(dataDir, WINDOW_STATE_FILE), 'utf8'));
  } catch {
    return parseWindowState(null);
  }
}

/** Save the bounds (write then rename, so a crash never leaves half a file). */
export async function saveWindowState(dataDir: string, bounds: WindowBounds): Promise<void> {
  const file = join(dataDir, WINDOW_STATE_FILE);
  const tmp = `${file}.tmp`;
  await writeFile(tmp, JSON.stringify(bounds), 'utf8');
  await rename(tmp, file);
}

/**
 * Save the bounds before returning (write then rename). Used on `close` and when quitting: an
 * asynchronous write started there may never finish, because the process exits first.
 */
export function saveWindowStateSync(dataDir: string, bounds: WindowBounds): void {
  const file = join(dataDir, WINDOW_STATE_FILE);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(bounds), 'utf8');
  renameSync(tmp, file);
}
