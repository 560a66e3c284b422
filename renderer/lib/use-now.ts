/** A clock for elapsed times: one re-render per tick, only while `active`. */
import { useEffect, useState } from 'react';

/** `Date.now()`, refreshed every `intervalMs` while active. */
export function useNow(active: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [active, intervalMs]);
  return now;
}
