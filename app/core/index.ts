/**
 * Public surface of the core for the composition roots (app/main, app/preview) and tests.
 */
export { createCore } from './create-core';
export type {
  Clock,
  ClipboardWriter,
  ConnectivityHints,
  Core,
  CoreCallName,
  CoreDeps,
  CoreTuning,
  Logger,
  Notifier,
  SecretStore,
  TransportCall,
} from './types';
export { DEFAULT_TUNING, realClock, resolveTuning } from './engine';
export { DATABASE_FILE, SCHEMA_VERSION, StorageError, moveHistoryAside, openStore } from './store';
export type { Store } from './store';
export { AppError, CoreError, toAppError, type AppErrorOptions } from './errors';
export { VideoDbError, envProxyResolver, playerLinkFor } from './videodb';
export {
  SECRET_SERVICE,
  accountFor,
  createMemorySecretStore,
  createSecretStore,
  deferredSecretStore,
} from './secrets';
export { createLogger, redact } from './log';
export type { RedactingLogger } from './log';
export { formatClips, formatTimestamp } from './export';
