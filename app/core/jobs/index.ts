/** Clip jobs: submit, outbox, poller, resume, stuck detection. */
export { JobEngine, type JobEngineDeps, type JobLibraryHooks } from './job-engine';
export { fingerprint, normalisePrompt } from './fingerprint';
