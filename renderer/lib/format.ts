/** Formatting for people: durations, timestamps, elapsed time. */
import { formatTimestamp } from '../../app/shared/time-format';

/** `75.4` → `1:15`, `3725` → `1:02:05`; null → `—`. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  return formatTimestamp(seconds);
}

/** Elapsed time in a short form: `45 s`, `3 min`, `2 h 5 min`. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

// Made once, on first use (not at start-up, where the locale data would delay the first paint):
// a new Intl formatter per call, which is what toLocaleString does, costs far more than the
// formatting itself, and the history list formats a date for every row it draws.
let formatters: { time: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat } | null = null;
function dateFormatters() {
  formatters ??= {
    time: new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }),
    dateTime: new Intl.DateTimeFormat(undefined, {
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }),
  };
  return formatters;
}

/** A time of day for today, else a short date with time. */
export function formatWhen(epochMs: number, now = Date.now()): string {
  const d = new Date(epochMs);
  const today = new Date(now);
  const sameDay =
    d.getFullYear() === today.getFullYear() &&
    d.getMonth() === today.getMonth() &&
    d.getDate() === today.getDate();
  const f = dateFormatters();
  return sameDay ? f.time.format(d) : f.dateTime.format(d);
}

/** True on macOS, where shortcuts use ⌘ instead of Ctrl. */
export const IS_MAC = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

/** A size for people: `512 B`, `3.4 KB`, `13 MB`, `1.2 GB` (1 KB = 1000 bytes, as file managers show). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i += 1;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[i]}`;
}
