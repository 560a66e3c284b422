/**
 * A virtual window over a list of equal-height rows: which rows to draw for the scroll position,
 * the list's height, and bringing a row into view. Arithmetic only, nothing kept per row, so a
 * history scrolled through a hundred thousand clips holds in memory the rows on screen and no
 * more (issue 14 §3). TanStack Virtual, which the video grid uses, keeps a measurement object per
 * row of the list (about 40 bytes each: 4 MB at 100 000 rows, 40 MB at a million) because its
 * rows may differ in height; the history's rows never do.
 */
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** A row to draw: its index in the list and its offset from the list's top. */
export interface FixedRow {
  index: number;
  start: number;
}

/** The rows from `first` to `last` (inclusive) that the view at `top`, `height` px needs. */
export function rowRange(
  count: number,
  rowHeight: number,
  overscan: number,
  top: number,
  height: number,
): { first: number; last: number } {
  if (count <= 0) return { first: 0, last: -1 };
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((top + height) / rowHeight) - 1 + overscan);
  return { first, last: Math.max(first - 1, last) };
}

/** Where to scroll so row `index` is fully in view, moving as little as possible (null: it is). */
export function scrollTopFor(
  index: number,
  rowHeight: number,
  top: number,
  height: number,
): number | null {
  const start = index * rowHeight;
  const end = start + rowHeight;
  if (start < top) return start;
  if (end > top + height) return Math.max(0, end - height);
  return null;
}

/**
 * The window of the list whose scroll element is `scrollRef`. The element may mount late (after
 * an empty state) or be replaced: it is looked up again after every render, as TanStack does.
 */
export function useFixedRows(opts: {
  count: number;
  rowHeight: number;
  overscan: number;
  scrollRef: RefObject<HTMLElement | null>;
}): { items: FixedRow[]; totalSize: number; scrollToIndex(index: number): void } {
  const { count, rowHeight, overscan, scrollRef } = opts;
  const [view, setView] = useState({ top: 0, height: 0 });
  const attached = useRef<{ el: HTMLElement; off: () => void } | null>(null);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (attached.current?.el === el) return;
    attached.current?.off();
    attached.current = null;
    if (el === null) return;
    // Re-render only when the scroll position or height changes what is drawn: a row boundary.
    const edges = (top: number, height: number): string =>
      `${Math.floor(top / rowHeight)}:${Math.ceil((top + height) / rowHeight)}`;
    const read = (): void =>
      setView((v) =>
        edges(v.top, v.height) === edges(el.scrollTop, el.clientHeight)
          ? v
          : { top: el.scrollTop, height: el.clientHeight },
      );
    read();
    el.addEventListener('scroll', read, { passive: true });
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(read);
    ro?.observe(el);
    attached.current = {
      el,
      off: () => {
        el.removeEventListener('scroll', read);
        ro?.disconnect();
      },
    };
  });
  useLayoutEffect(
    () => () => {
      attached.current?.off();
      attached.current = null;
    },
    [],
  );

  const { first, last } = rowRange(count, rowHeight, overscan, view.top, view.height);
  const items: FixedRow[] = [];
  for (let i = first; i <= last; i++) items.push({ index: i, start: i * rowHeight });

  const scrollToIndex = useCallback(
    (index: number): void => {
      const el = scrollRef.current;
      if (el === null) return;
      const to = scrollTopFor(index, rowHeight, el.scrollTop, el.clientHeight);
      if (to !== null) el.scrollTop = to;
    },
    [scrollRef, rowHeight],
  );

  return { items, totalSize: Math.max(0, count) * rowHeight, scrollToIndex };
}
