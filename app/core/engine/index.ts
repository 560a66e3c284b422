/**
 * The shared engine parts every room that runs work over time uses, written once: the clock,
 * the request limit, the poll scheduler, the typed event bus, the backoff and poll timing, and
 * the default tuning; and what long transfers share (an abortable wait, speed, a JSON list).
 */
export { fullJitterBackoffMs, nextPollInterval, outboxBackoffMs, pollDelayMs } from './backoff';
export { EventBus } from './event-bus';
export { GatheredAnnouncer, KeyedQueue } from './job-group';
export { Limiter } from './limiter';
export { PollScheduler } from './poll-scheduler';
export { realClock } from './real-clock';
export { DEFAULT_TUNING, resolveTuning } from './tuning';
export {
  JsonRecordFile,
  TransferSpeed,
  runningTransfer,
  sleepUnless,
  stopTransfer,
  type RunningTransfer,
} from './transfer';
