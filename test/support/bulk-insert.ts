/**
 * Write a large history quickly, in any state (tests of the history list, the renderer's seeded
 * stores, the benchmarks). The rows go through the store's own {@link jobWriter}, the statements
 * `JobsRepo.insertQueued` uses, so they cannot drift from what the app writes.
 */
import { jobWriter, transaction, type JobRow, type Store } from '../../app/core/store';

/** A row of a bulk-written history: a job in any state (no outbox row). */
export type BulkJob = JobRow;

/** Insert `jobs` into the store's database in one transaction; returns how many. */
export function bulkInsert(store: Pick<Store, 'db'>, jobs: Iterable<BulkJob>): number {
  const write = jobWriter(store.db);
  let n = 0;
  transaction(store.db, () => {
    for (const j of jobs) {
      write.job(j);
      n++;
    }
  });
  return n;
}
