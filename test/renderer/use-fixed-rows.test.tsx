/**
 * The history's virtual window (renderer/lib/use-fixed-rows.ts): the rows drawn follow the scroll
 * position, nothing is kept per row of the list (a million rows draw as few as ten), the element
 * may mount after the first render, and bringing a row into view moves as little as possible.
 * In Chromium the history is read down 100 000 rows with the heap measured (bench figure 3).
 */
import { act, fireEvent, render } from '@testing-library/react';
import { useRef, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { rowRange, scrollTopFor, useFixedRows } from '../../renderer/lib/use-fixed-rows';

describe('rowRange and scrollTopFor', () => {
  it('draws the rows in view and the overscan on each side, within the list', () => {
    // 800 px of 64-px rows from the top: rows 0–12 are in view.
    expect(rowRange(1000, 64, 2, 0, 800)).toEqual({ first: 0, last: 14 });
    // Scrolled to row 100 exactly.
    expect(rowRange(1000, 64, 2, 6400, 800)).toEqual({ first: 98, last: 114 });
    // Near the end: never past the last row.
    expect(rowRange(105, 64, 2, 6400, 800)).toEqual({ first: 98, last: 104 });
    // Empty list, or a view not laid out yet.
    expect(rowRange(0, 64, 2, 0, 800)).toEqual({ first: 0, last: -1 });
    expect(rowRange(10, 64, 0, 0, 0)).toEqual({ first: 0, last: -1 });
  });

  it('scrolls a row into view only when it is not, by as little as possible', () => {
    expect(scrollTopFor(5, 64, 0, 800)).toBeNull();
    expect(scrollTopFor(20, 64, 0, 800)).toBe(21 * 64 - 800);
    expect(scrollTopFor(3, 64, 640, 800)).toBe(3 * 64);
  });
});

function List({ count, show = true }: { count: number; show?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const rows = useFixedRows({ count, rowHeight: 64, overscan: 2, scrollRef: ref });
  const [, rerender] = useState(0);
  return show ? (
    <div
      ref={ref}
      data-testid="list"
      data-size={rows.totalSize}
      onClick={() => rerender((n) => n + 1)}
    >
      {rows.items.map((r) => (
        <div key={r.index} data-testid="row" data-start={r.start}>
          {r.index}
        </div>
      ))}
      <button type="button" onClick={() => rows.scrollToIndex(500)}>
        to 500
      </button>
    </div>
  ) : (
    <p>empty</p>
  );
}

const drawn = (c: HTMLElement) =>
  [...c.querySelectorAll('[data-testid="row"]')].map((r) => Number(r.textContent));

describe('useFixedRows', () => {
  it('a million rows draw only the view: the rows follow the scroll', () => {
    // jsdom's elements are 800 px high (test/renderer/setup.ts).
    const { container, getByTestId, getByRole } = render(<List count={1_000_000} />);
    const list = getByTestId('list');
    expect(list.dataset.size).toBe(String(64_000_000));
    expect(drawn(container)).toEqual([...Array(15).keys()]);
    Object.defineProperty(list, 'scrollTop', {
      value: 64 * 700_000,
      configurable: true,
      writable: true,
    });
    fireEvent.scroll(list);
    const rows = drawn(container);
    expect(rows[0]).toBe(699_998);
    expect(rows).toHaveLength(17);
    expect(container.querySelector('[data-testid="row"]')!.getAttribute('data-start')).toBe(
      String(699_998 * 64),
    );
    // Bringing row 500 into view scrolls up to it.
    act(() => getByRole('button', { name: 'to 500' }).click());
    expect(list.scrollTop).toBe(500 * 64);
  });

  it('follows a scroll element that mounts after the first render', () => {
    const { container, rerender, getByTestId } = render(<List count={100} show={false} />);
    expect(drawn(container)).toEqual([]);
    rerender(<List count={100} show />);
    const list = getByTestId('list');
    Object.defineProperty(list, 'scrollTop', {
      value: 64 * 50,
      configurable: true,
      writable: true,
    });
    fireEvent.scroll(list);
    expect(drawn(container)[0]).toBe(48);
  });
});
