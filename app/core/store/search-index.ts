/**
 * The history search's index upgrade (migration 14): the new pair of indexes, with prefix
 * indexes up to 8 letters, is filled a slice at a time below a moving mark, newest clips first,
 * while the app runs; then it replaces the old pair in one transaction. Clips at or above the
 * mark are already in the new pair and kept current by the triggers (search-triggers.ts); each
 * slice indexes the clips just below the mark, as they are then, and lowers the mark in the same
 * transaction, so no clip is indexed twice or missed. The search reads the old pair until the
 * swap: the same answers, only slower for long common prefixes.
 *
 * A small history (a new one, any test's) is done when the store opens; a large one in slices
 * (`runInBackground`), each its own transaction committed without waiting for the disk (a slice
 * lost to a power cut is a slice done again: the mark is in the same transaction).
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Logger } from '../types';
import { lightCommit, transaction } from './database';
import {
  SEARCH_FILL,
  SEARCH_NEXT,
  SEARCH_NOW,
  SEARCH_TRIGGERS,
  searchTriggersSql,
} from './search-triggers';

/** Histories with at most this many clips to index are done at once when the store opens. */
export const INDEX_AT_OPEN = 5000;

const COLS = '(rowid, prompt, video_name, segment_text)';
const TEXT = 'SELECT seq, prompt, video_name, segment_text FROM jobs_search_text';

type Row = Record<string, unknown>;

/** The upgrade of one database's search index. */
export class SearchIndexUpgrade {
  /** Seqs per slice; adapted so a slice takes about its time budget. */
  private span = 256;

  constructor(private readonly db: DatabaseSync) {}

  /** The fill's mark, or null when no upgrade is under way (done, or never needed). */
  private mark(): number | null {
    const table = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
      .get(SEARCH_FILL);
    if (table === undefined) return null;
    const row = this.db.prepare(`SELECT low FROM ${SEARCH_FILL}`).get() as Row | undefined;
    return row ? Number(row.low) : null;
  }

  /** The lowest clip still to index, or null when none is left. */
  private lowestBelow(low: number): number | null {
    const row = this.db.prepare('SELECT min(seq) AS m FROM jobs WHERE seq < ?').get(low) as Row;
    return row.m === null ? null : Number(row.m);
  }

  /** True while the new index is being filled. */
  pending(): boolean {
    return this.mark() !== null;
  }

  /** About how many clips are left to index (their seqs' span; 0 when none or done). */
  left(): number {
    const low = this.mark();
    if (low === null) return 0;
    const lowest = this.lowestBelow(low);
    return lowest === null ? 0 : low - lowest;
  }

  /**
   * Index one slice of about `budgetMs` of work; when nothing is left, swap the new pair in.
   * Returns about how many clips are left below the mark (`pending()` says when it is done).
   */
  step(budgetMs: number): number {
    const low = this.mark();
    if (low === null) return 0;
    const lowest = this.lowestBelow(low);
    if (lowest === null) {
      this.swap();
      return 0;
    }
    const from = Math.max(low - this.span, lowest);
    const t0 = performance.now();
    lightCommit(this.db, () =>
      transaction(this.db, () => {
        this.db
          .prepare(`INSERT INTO ${SEARCH_NEXT.fts} ${COLS} ${TEXT} WHERE seq >= ? AND seq < ?`)
          .run(from, low);
        this.db
          .prepare(
            `INSERT INTO ${SEARCH_NEXT.outOfOrder} ${COLS} ${TEXT}
             WHERE seq >= ? AND seq < ? AND seq IN (SELECT seq FROM jobs_out_of_order)`,
          )
          .run(from, low);
        this.db.prepare(`UPDATE ${SEARCH_FILL} SET low = ?`).run(from);
      }),
    );
    const took = Math.max(performance.now() - t0, 0.1);
    this.span = Math.round(Math.min(Math.max((this.span * budgetMs) / took, 16), 50_000));
    return from - lowest;
  }

  /** Fill what is left and swap, now (the store's open, for a small history). */
  finishNow(): void {
    while (this.pending()) this.step(1000);
  }

  /** The new pair replaces the old: its triggers and tables go, the new ones take their names. */
  private swap(): void {
    transaction(this.db, () => {
      for (const name of SEARCH_TRIGGERS) this.db.exec(`DROP TRIGGER IF EXISTS ${name}`);
      this.db.exec(`DROP TABLE ${SEARCH_NOW.fts}`);
      this.db.exec(`DROP TABLE ${SEARCH_NOW.outOfOrder}`);
      this.db.exec(`ALTER TABLE ${SEARCH_NEXT.fts} RENAME TO ${SEARCH_NOW.fts}`);
      this.db.exec(`ALTER TABLE ${SEARCH_NEXT.outOfOrder} RENAME TO ${SEARCH_NOW.outOfOrder}`);
      this.db.exec(`DROP TABLE ${SEARCH_FILL}`);
      this.db.exec(searchTriggersSql([SEARCH_NOW]));
    });
  }
}

/**
 * Fill the index a slice at a time (`budgetMs` of work, then `pauseMs` for everything else)
 * until it is swapped in or `stop` is called. A failure (a full disk, say) is logged and leaves
 * the old index in use; the next start carries on from the mark.
 */
export function runInBackground(
  upgrade: SearchIndexUpgrade,
  opts: { logger: Logger; budgetMs?: number; pauseMs?: number },
): { stop(): void; done: Promise<void> } {
  const budgetMs = opts.budgetMs ?? 25;
  const pauseMs = opts.pauseMs ?? 25;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  if (!upgrade.pending()) {
    finish();
    return { stop: () => undefined, done };
  }
  const started = performance.now();
  const total = upgrade.left();
  opts.logger.info('search index: upgrading in the background', { clips: total });
  const turn = (): void => {
    timer = null;
    if (stopped) return;
    try {
      upgrade.step(budgetMs);
    } catch (err) {
      opts.logger.warn('search index upgrade stopped; it goes on at the next start', {
        error: String(err),
      });
      finish();
      return;
    }
    if (!upgrade.pending()) {
      opts.logger.info('search index upgraded', {
        clips: total,
        seconds: Math.round((performance.now() - started) / 100) / 10,
      });
      finish();
      return;
    }
    timer = setTimeout(turn, pauseMs);
  };
  timer = setTimeout(turn, pauseMs);
  return {
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      finish();
    },
    done,
  };
}
