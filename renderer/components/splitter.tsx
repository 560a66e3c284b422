/**
 * A window splitter (the WAI-ARIA pattern): a focusable separator between two panes. Drag it with
 * the mouse, or focus it and use ←/→ (Shift for bigger steps), Home/End for the smallest and
 * largest size, and Enter to collapse the pane.
 */
import { useRef } from 'react';

/** Props of {@link Splitter}. */
export interface SplitterProps {
  /** What it resizes, e.g. "Resize sidebar". */
  label: string;
  /** id of the pane it resizes. */
  controls: string;
  value: number;
  min: number;
  max: number;
  /** Which side of the splitter the pane is on: dragging towards it makes it smaller. */
  side: 'left' | 'right';
  onChange: (width: number) => void;
  onCollapse: () => void;
}

const STEP = 16;
const BIG_STEP = 64;

/** The splitter. */
export function Splitter({
  label,
  controls,
  value,
  min,
  max,
  side,
  onChange,
  onCollapse,
}: SplitterProps) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  const sign = side === 'left' ? 1 : -1;
  const set = (w: number) => onChange(Math.round(Math.min(max, Math.max(min, w))));

  const onKeyDown = (e: React.KeyboardEvent) => {
    const step = e.shiftKey ? BIG_STEP : STEP;
    switch (e.key) {
      case 'ArrowRight':
        set(value + sign * step);
        break;
      case 'ArrowLeft':
        set(value - sign * step);
        break;
      case 'Home':
        set(min);
        break;
      case 'End':
        set(max);
        break;
      case 'Enter':
        onCollapse();
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-controls={controls}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture?.(e.pointerId);
        drag.current = { x: e.clientX, width: value };
      }}
      onPointerMove={(e) => {
        if (drag.current === null) return;
        set(drag.current.width + sign * (e.clientX - drag.current.x));
      }}
      onPointerUp={() => {
        drag.current = null;
      }}
      onPointerCancel={() => {
        drag.current = null;
      }}
    />
  );
}
