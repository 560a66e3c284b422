/** Reading the local server's request log. */
import type { RequestLogEntry } from './index';

/**
 * The most requests that were open at once, as the server saw them (arrival to the end of the
 * answer). The connectivity probe (`GET /`) is left out: it goes around the app's request limit
 * on purpose, to tell a slow API from a lost network.
 */
export function mostInFlight(log: readonly RequestLogEntry[]): number {
  const edges = log
    .filter((r) => r.endedAt !== undefined && r.path !== '/')
    .flatMap((r) => [
      { t: r.at, d: 1 },
      { t: r.endedAt!, d: -1 },
    ]);
  edges.sort((a, b) => a.t - b.t || a.d - b.d);
  let open = 0;
  let most = 0;
  for (const e of edges) {
    open += e.d;
    most = Math.max(most, open);
  }
  return most;
}
