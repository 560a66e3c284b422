/** Clip jobs: submit, outbox, poller, resume, stuck detection. */
export { JobEngine, type JobEngineDeps, type JobLibraryHooks } from './job-engine';
export { EventBus } from './event-bus';
export { Limiter } from './limiter';
export { PollScheduler } from './poll-scheduler';
export { fingerprint, normalisePrompt } from './fingerprint';
export { nextPollInterval, outboxBackoffMs, pollDelayMs } from './backoff';
export { DEFAULT_TUNING, resolveTuning } from './tuning';
export { realClock } from './real-clock';
