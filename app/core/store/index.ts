/** The SQLite store: database file, migrations, repositories. */
export {
  DATABASE_FILE,
  moveHistoryAside,
  openDatabase,
  transaction,
  type OpenedDatabase,
} from './database';
export { salvage, type SalvageReport } from './salvage';
export { StorageError, type StorageProblem } from './storage-error';
export { MIGRATIONS, SCHEMA_VERSION } from './migrations';
export { toJob, toJobSummary, type JobRecord, type NewJob } from './job-record';
export { jobWriter, type JobRow, type JobWriter } from './job-writer';
export {
  COUNT_CAP,
  filterSql,
  JobsRepo,
  ftsQuery,
  type JobListQuery,
  type JobPage,
  type JobSummaryRecord,
  type JobPatch,
  type OutboxRow,
} from './jobs-repo';
export { LibraryRepo, toIndexingTask, type IndexingTaskRecord } from './library-repo';
export { SettingsRepo } from './settings-repo';
export { MultiClipRepo, type MultiClipRecord, type PrepKind } from './multiclip-repo';
export { CompareRepo, type ComparisonRecord } from './compare-repo';
export { openStore, type Store } from './store';
export { INDEX_AT_OPEN, runInBackground, SearchIndexUpgrade } from './search-index';
