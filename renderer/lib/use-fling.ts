/**
 * Whether a scroll container is being flung: scrolled more than half its height a frame. While
 * it is, lists draw light rows (no thumbnails to fetch, decode and paint), so every frame is ready
 * in time however fast the person throws the list (issue 14 §6); the full rows come back as soon
 * as the scroll slows to reading speed or stops.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

/** Faster than this share of the view per 60 Hz frame is a fling… */
export const FLING_ENTER_SHARE = 0.5;
/** …and it ends below this share (hysteresis: no flicker around one speed)… */
export const FLING_LEAVE_SHARE = 0.2;
/** …or when no scroll event came for this long. */
export const FLING_SETTLE_MS = 120;

const FRAME_MS = 1000 / 60;
/** Scroll events closer than this belong to one continuous scroll (a drawn frame brings one). */
const CONTINUOUS_MS = 100;

/**
 * How far one scroll event moved, as pixels per drawn frame: while the scroll is continuous each
 * event is one frame's move, however long a busy machine takes to draw that frame (what costs is
 * how much of the view is new in each frame); after a pause, the distance over the time since,
 * per 60 Hz frame (one key press after reading is not a fling).
 */
export function pxPerFrame(dy: number, dtMs: number): number {
  return dtMs <= CONTINUOUS_MS ? Math.abs(dy) : (Math.abs(dy) * FRAME_MS) / dtMs;
}

/**
 * `fling` is true while the element whose scroll events reach `onScroll` is flung (see the module
 * comment). A handler rather than a listener on a ref: the list may mount its scroll element late
 * (after an empty state) and remount it.
 */
export function useFling(): { fling: boolean; onScroll: (e: React.UIEvent<HTMLElement>) => void } {
  const [fling, setFling] = useState(false);
  const state = useRef({
    top: 0,
    at: 0,
    flinging: false,
    settle: undefined as ReturnType<typeof setTimeout> | undefined,
  });
  useEffect(() => () => clearTimeout(state.current.settle), []);
  const onScroll = useCallback((e: React.UIEvent<HTMLElement>): void => {
    const el = e.currentTarget;
    const s = state.current;
    const now = performance.now();
    const speed = s.at === 0 ? 0 : pxPerFrame(el.scrollTop - s.top, now - s.at);
    s.top = el.scrollTop;
    s.at = now;
    const set = (on: boolean): void => {
      if (on === s.flinging) return;
      s.flinging = on;
      setFling(on);
    };
    const view = el.clientHeight || 1;
    if (speed > view * FLING_ENTER_SHARE) set(true);
    else if (speed < view * FLING_LEAVE_SHARE) set(false);
    clearTimeout(s.settle);
    if (s.flinging) {
      s.settle = setTimeout(() => {
        s.at = 0;
        set(false);
      }, FLING_SETTLE_MS);
    }
  }, []);
  return { fling, onScroll };
}
