/** Clip jobs: submit, outbox, poller, resume, stuck detection. */
export {
  JobEngine,
  type EngineServices,
  type JobEngineDeps,
  type JobLibraryHooks,
  saysNotSearchableBySpeech,
} from './job-engine';
export { fingerprint, normalisePrompt } from './fingerprint';
export { createJobsHandlers, type JobsCallName } from './jobs-handlers';
export { OUTBOX_PAUSED_KEY, createOutboxHandlers, type OutboxHandlerDeps } from './outbox-handlers';
export { Outbox, type OutboxDeps } from './outbox';
