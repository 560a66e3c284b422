/**
 * The one helper behind every paged list of the window (the library's videos, the history's
 * clips): a page is asked for once while it loads, and an answer that comes back after the query
 * changed (another collection, search or filter) is dropped instead of mixing two queries' rows.
 * What a page holds and how it is stored stays with each slice.
 */
import type { Outcome } from './result';

/** A paged query's bookkeeping (see the module comment). */
export interface PagedQuery {
  /**
   * Load `page` unless `have` says it is there or it is already loading: `fetch` asks main,
   * `apply` gets the answer only if the query is still the one that asked.
   */
  ensure<T>(
    page: number,
    have: boolean,
    fetch: () => Promise<Outcome<T>>,
    apply: (answer: Outcome<T>) => void,
  ): Promise<void>;
  /** A new query (or a reload of this one): answers still on their way are dropped. */
  reset(): void;
  /** Whether `page` is loading for the current query. */
  isLoading(page: number): boolean;
}

/** A fresh paged query. */
export function pagedQuery(): PagedQuery {
  let generation = 0;
  const loading = new Set<number>();
  return {
    async ensure(page, have, fetch, apply) {
      if (have || loading.has(page)) return;
      const mine = generation;
      loading.add(page);
      let answer;
      try {
        answer = await fetch();
      } finally {
        if (mine === generation) loading.delete(page);
      }
      if (mine !== generation) return;
      apply(answer);
    },
    reset() {
      generation++;
      loading.clear();
    },
    isLoading: (page) => loading.has(page),
  };
}
