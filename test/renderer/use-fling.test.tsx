/**
 * The fling detector behind the light cards of the video grid (issue 14 §6): more than half the
 * view a frame is a fling, below a fifth of it or after a pause it is over. Scroll events and the
 * clock are driven by hand; the grid itself is measured flinging in Chromium
 * (test/e2e/app-problems.spec.ts and bench figure 3).
 */
import { act, fireEvent, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FLING_SETTLE_MS, pxPerFrame, useFling } from '../../renderer/lib/use-fling';

function Probe() {
  const { fling, onScroll } = useFling();
  return (
    <div data-testid="list" data-fling={fling ? 'yes' : 'no'} onScroll={onScroll}>
      rows
    </div>
  );
}

let now = 1000;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  vi.spyOn(performance, 'now').mockImplementation(() => now);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A list 800 px high, scrolled to `top` one frame (16.7 ms) after the last event. */
function scrollTo(el: HTMLElement, top: number, afterMs = 1000 / 60): void {
  now += afterMs;
  Object.defineProperty(el, 'scrollTop', { value: top, configurable: true });
  fireEvent.scroll(el);
}

function list(): HTMLElement {
  const { getByTestId } = render(<Probe />);
  const el = getByTestId('list');
  Object.defineProperty(el, 'clientHeight', { value: 800, configurable: true });
  return el;
}

describe('useFling', () => {
  it('speed is the move of one event while the scroll is continuous, per 60 Hz frame after a pause', () => {
    expect(pxPerFrame(640, 1000 / 60)).toBe(640);
    // A busy machine drawing a frame every 50 ms: each frame still brings 640 px of new rows.
    expect(pxPerFrame(-640, 50)).toBe(640);
    // A key press half a second after the last scroll: 800 px over 30 frames.
    expect(pxPerFrame(800, 500)).toBeCloseTo(800 / 30);
  });

  it('a fling on a busy machine (a frame every 50 ms) is still a fling', () => {
    const el = list();
    scrollTo(el, 0);
    for (let i = 1; i <= 5; i++) scrollTo(el, i * 640, 50);
    expect(el.dataset.fling).toBe('yes');
  });

  it('reading speed (120 px a frame) is not a fling', () => {
    const el = list();
    for (let i = 1; i <= 30; i++) scrollTo(el, i * 120);
    expect(el.dataset.fling).toBe('no');
  });

  it('80 % of the view a frame is a fling, until the scroll slows to reading speed', () => {
    const el = list();
    scrollTo(el, 0);
    scrollTo(el, 640);
    expect(el.dataset.fling).toBe('yes');
    for (let i = 2; i <= 10; i++) scrollTo(el, i * 640);
    expect(el.dataset.fling).toBe('yes');
    // Between the two thresholds it stays a fling (no flicker at one speed)…
    scrollTo(el, 6400 + 300);
    expect(el.dataset.fling).toBe('yes');
    // …and below a fifth of the view it is over.
    scrollTo(el, 6400 + 300 + 100);
    expect(el.dataset.fling).toBe('no');
  });

  it('a fling that stops dead ends after a short pause', () => {
    const el = list();
    scrollTo(el, 0);
    scrollTo(el, 700);
    scrollTo(el, 1400);
    expect(el.dataset.fling).toBe('yes');
    act(() => {
      vi.advanceTimersByTime(FLING_SETTLE_MS + 1);
    });
    expect(el.dataset.fling).toBe('no');
    // The next slow scroll after the pause is not taken for a fling (its time is not one frame).
    scrollTo(el, 1500, 2000);
    expect(el.dataset.fling).toBe('no');
  });
});
