/**
 * A fake {@link Clock} for the core: time moves only when the benchmark says so, and the local
 * server's clock is moved by the same amount, so a 30-minute job takes no wall time while the
 * real poller, with its real schedule, makes real requests.
 */
import type { Clock } from '../../app/core/types';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

/** A clock whose timers fire only from {@link FakeClock.fireNext}. */
export interface FakeClock extends Clock {
  /** Increases whenever a timer is added or cleared (the benchmark watches it to know the core settled). */
  readonly generation: number;
  /** Due time of the earliest timer, or null when none is pending. */
  nextDue(): number | null;
  /** Move time to the earliest timer (calling `onAdvance` with the step) and run it. */
  fireNext(onAdvance: (ms: number) => void): boolean;
  /** Move time forward without running timers that are not yet due. */
  advanceTo(t: number, onAdvance: (ms: number) => void): void;
  pending(): number;
}

/** A fake clock starting at `start` (ms). */
export function createFakeClock(start: number): FakeClock {
  let now = start;
  let seq = 0;
  let generation = 0;
  const timers = new Map<number, Timer>();
  const earliest = (): Timer | undefined => {
    let best: Timer | undefined;
    for (const t of timers.values())
      if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    return best;
  };
  return {
    get generation() {
      return generation;
    },
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { id, due: now + Math.max(0, ms), fn });
      generation++;
      return id;
    },
    clearTimeout(handle) {
      if (timers.delete(handle as number)) generation++;
    },
    nextDue: () => earliest()?.due ?? null,
    pending: () => timers.size,
    fireNext(onAdvance) {
      const t = earliest();
      if (!t) return false;
      if (t.due > now) {
        onAdvance(t.due - now);
        now = t.due;
      }
      timers.delete(t.id);
      generation++;
      t.fn();
      return true;
    },
    advanceTo(t, onAdvance) {
      if (t > now) {
        onAdvance(t - now);
        now = t;
      }
    },
  };
}

/**
 * Resolves once the core settled: neither its timers (`clock.generation`) nor the server's
 * request count moved over two short waits (at most 500 waits). `requestCount`, not a copy of
 * the server's log: copying it on every wait would be the harness's cost, not the core's.
 */
export async function whenSettled(
  clock: Pick<FakeClock, 'generation'>,
  requestCount: () => number,
  waitMs = 6,
): Promise<void> {
  let last = '';
  for (let stable = 0, i = 0; stable < 2 && i < 500; i++) {
    await new Promise((r) => setTimeout(r, waitMs));
    const sig = `${clock.generation}:${requestCount()}`;
    stable = sig === last ? stable + 1 : 0;
    last = sig;
  }
}
