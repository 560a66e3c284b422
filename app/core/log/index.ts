/** Redacting logger. */
export { createLogger, redact } from './logger';
export type { LogLevel, LoggerOptions, RedactingLogger } from './logger';
export { REDACTED } from './redact';
