/**
 * The history search's index upgrade (migration 14), done while the app runs, a slice at a time:
 * 1. fill: the new pair of indexes (prefixes up to 8 letters) is filled below a moving mark,
 *    newest clips first. Clips at or above the mark are already in it and kept current by the
 *    triggers (search-triggers.ts); each slice indexes the clips just below the mark, as they are
 *    then, and lowers the mark in the same transaction, so no clip is indexed twice or missed;
 * 2. merge: the new pair's many small segments are merged into one, as a rebuild would leave it;
 * 3. swap: in one transaction the new pair takes the old pair's names, and the old pair is
 *    renamed `_old` and emptied a slice at a time, then dropped.
 * The search reads the old pair until the swap: the same answers, only slower for long common
 * prefixes. A small history (a new one, any test's) is done when the store opens; a large one
 * by `runInBackground`. Each slice is its own transaction committed without waiting for the disk
 * (a slice lost to a power cut is done again: its progress is in the same transaction).
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

/** What is left of an upgrade: filling the new pair, merging it, dropping the old pair. */
type Phase = 'fill' | 'merge' | 'drop';

/** The old pair's name once the new one has taken theirs, until dropped a slice at a time. */
const OLD = { fts: 'jobs_fts_old', outOfOrder: 'jobs_out_of_order_fts_old' } as const;

/** The upgrade of one database's search index. */
export class SearchIndexUpgrade {
  /** Seqs per fill slice, pages per merge slice, rows per drop slice: each adapted so a slice
   * takes about its time budget. */
  private span = 256;
  private pages = 64;
  private rows = 2000;

  constructor(private readonly db: DatabaseSync) {}

  private exists(table: string): boolean {
    return (
      this.db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
        .get(table) !== undefined
    );
  }

  /** The fill's mark, or null when no fill is under way. */
  private mark(): number | null {
    if (!this.exists(SEARCH_FILL)) return null;
    const row = this.db.prepare(`SELECT low FROM ${SEARCH_FILL}`).get() as Row | undefined;
    return row ? Number(row.low) : null;
  }

  /** The lowest clip still to index, or null when none is left. */
  private lowestBelow(low: number): number | null {
    const row = this.db.prepare('SELECT min(seq) AS m FROM jobs WHERE seq < ?').get(low) as Row;
    return row.m === null ? null : Number(row.m);
  }

  /** What is left, with the fill's mark and its lowest clip when filling (read once a slice). */
  private where():
    { phase: 'fill'; low: number; lowest: number } | { phase: Exclude<Phase, 'fill'> | null } {
    const low = this.mark();
    if (low !== null) {
      const lowest = this.lowestBelow(low);
      return lowest === null ? { phase: 'merge' } : { phase: 'fill', low, lowest };
    }
    return { phase: this.exists(OLD.fts) || this.exists(OLD.outOfOrder) ? 'drop' : null };
  }

  private phase(): Phase | null {
    return this.where().phase;
  }

  /** True until the upgrade is done (the new pair filled, merged and in use, the old dropped). */
  pending(): boolean {
    return this.phase() !== null;
  }

  /** About how many clips are left to index (their seqs' span; 0 once filled). */
  left(): number {
    const low = this.mark();
    if (low === null) return 0;
    const lowest = this.lowestBelow(low);
    return lowest === null ? 0 : low - lowest;
  }

  /** Do one slice of about `budgetMs` of the upgrade's work. */
  step(budgetMs: number): void {
    const t0 = performance.now();
    const took = (): number => Math.max(performance.now() - t0, 0.1);
    const adapt = (n: number, min: number, max: number): number =>
      Math.round(Math.min(Math.max((n * budgetMs) / took(), min), max));
    const at = this.where();
    switch (at.phase) {
      case 'fill':
        this.fillSlice(at.low, at.lowest);
        this.span = adapt(this.span, 16, 50_000);
        break;
      case 'merge':
        if (this.mergeSlice()) this.pages = adapt(this.pages, 8, 10_000);
        else this.swap();
        break;
      case 'drop':
        this.dropSlice();
        this.rows = adapt(this.rows, 100, 200_000);
        break;
      case null:
        break;
    }
  }

  /** Do everything left now (the store's open, for a small history). */
  finishNow(): void {
    while (this.pending()) this.step(1000);
  }

  /** Index the clips just below the mark, as they are now, and lower the mark past them. */
  private fillSlice(low: number, lowest: number): void {
    const from = Math.max(low - this.span, lowest);
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
  }

  /**
   * Merge the new pair's segments towards one (FTS5's incremental 'merge' with a negative page
   * count, as 'optimize' would but a slice at a time). The fill wrote thousands of small
   * segments; a search would read a term's list in each. False when there was nothing to merge.
   */
  private mergeSlice(): boolean {
    const changes = (): number =>
      Number((this.db.prepare('SELECT total_changes() AS n').get() as Row).n);
    let worked = false;
    lightCommit(this.db, () =>
      transaction(this.db, () => {
        for (const table of [SEARCH_NEXT.fts, SEARCH_NEXT.outOfOrder]) {
          const before = changes();
          this.db
            .prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('merge', ?)`)
            .run(-this.pages);
          // FTS5's own test of "no more work": fewer than two rows written by the command.
          if (changes() - before >= 2) worked = true;
        }
      }),
    );
    return worked;
  }

  /**
   * The new pair replaces the old in one transaction: the triggers go, the old pair takes the
   * `_old` names (dropped later a slice at a time: dropping it at once stops the app for seconds
   * at a million clips), the new pair takes the names the search reads, the triggers come back
   * writing to it alone.
   */
  private swap(): void {
    transaction(this.db, () => {
      for (const name of SEARCH_TRIGGERS) this.db.exec(`DROP TRIGGER IF EXISTS ${name}`);
      this.db.exec(`ALTER TABLE ${SEARCH_NOW.fts} RENAME TO ${OLD.fts}`);
      this.db.exec(`ALTER TABLE ${SEARCH_NOW.outOfOrder} RENAME TO ${OLD.outOfOrder}`);
      this.db.exec(`ALTER TABLE ${SEARCH_NEXT.fts} RENAME TO ${SEARCH_NOW.fts}`);
      this.db.exec(`ALTER TABLE ${SEARCH_NEXT.outOfOrder} RENAME TO ${SEARCH_NOW.outOfOrder}`);
      this.db.exec(`DROP TABLE ${SEARCH_FILL}`);
      this.db.exec(searchTriggersSql([SEARCH_NOW]));
    });
  }

  /**
   * Empty the old pair's two large storage tables a slice at a time, then drop the pair (quick
   * once they are empty). Nothing reads or writes the old pair any more; its storage tables are
   * written directly, which SQLite's defensive mode forbids, so it is lifted for this slice only.
   */
  private dropSlice(): void {
    const live = [OLD.fts, OLD.outOfOrder].filter((t) => this.exists(t));
    this.db.enableDefensive(false);
    try {
      lightCommit(this.db, () =>
        transaction(this.db, () => {
          for (const table of live) {
            for (const part of [`${table}_data`, `${table}_docsize`]) {
              const res = this.db
                .prepare(`DELETE FROM ${part} WHERE rowid IN (SELECT rowid FROM ${part} LIMIT ?)`)
                .run(this.rows);
              if (Number(res.changes) > 0) return;
            }
          }
          for (const table of live) this.db.exec(`DROP TABLE ${table}`);
        }),
      );
    } finally {
      this.db.enableDefensive(true);
    }
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
