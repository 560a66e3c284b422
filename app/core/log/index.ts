/** Redacting logger. The one redaction module every logger of the app goes through. */
export { createLogger, redact } from './logger';
export type { LogLevel, LoggerOptions } from './logger';
export { redactingLogger } from './redacting-logger';
export type { RedactingLogger } from './redacting-logger';
export { MAX_LOGGED_STRING, REDACTED, redactFields, redactMessage, redactValue } from './redact';
