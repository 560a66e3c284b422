/**
 * Quitting within a bound: the engine gets a few seconds to finish its writes, then the app goes
 * anyway (a hung request must not keep a hidden app alive). Pure; main-process.ts wires it.
 */

/** How long quitting waits for the engine before forcing the exit. */
export const QUIT_DEADLINE_MS = 5_000;

/**
 * Wait for `work`, at most `ms`. Says whether it finished (its failure counts as finished: there
 * is nothing more to wait for) or the time ran out.
 */
export function finishWithin(
  work: Promise<unknown>,
  ms: number,
  timers: { set: typeof setTimeout; clear: typeof clearTimeout } = {
    set: setTimeout,
    clear: clearTimeout,
  },
): Promise<'finished' | 'timed-out'> {
  return new Promise((resolve) => {
    const timer = timers.set(() => resolve('timed-out'), ms);
    const done = (): void => {
      timers.clear(timer);
      resolve('finished');
    };
    work.then(done, done);
  });
}
