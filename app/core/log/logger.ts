/**
 * The app's logger: one line per entry (`time LEVEL message {fields}`), its message and every
 * field value redacted before it reaches the sink or the file, so the API key cannot end up in a
 * log.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { redactFields, redactMessage } from './redact';
import type { RedactingLogger } from './redacting-logger';

export { redact } from './redact';
export type { RedactingLogger } from './redacting-logger';

/** Log levels, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Receives each finished line; default stderr (when no file is given). */
  sink?: (line: string) => void;
  /** Lowest level written; default 'info'. */
  level?: LogLevel;
  /** Also append each line to this file (its folder is created; rolled over past the limit). */
  file?: string;
  /** Size at which the file is rolled over to `<file>.1`; default {@link LOG_FILE_MAX_BYTES}. */
  maxFileBytes?: number;
}

function format(
  level: LogLevel,
  message: string,
  fields: Record<string, unknown> | undefined,
  secrets: Iterable<string>,
): string {
  // Redacted value by value, then serialised: redacting the JSON text could break it.
  let line = `${new Date().toISOString()} ${level.toUpperCase()} ${redactMessage(message, secrets)}`;
  const clean = redactFields(fields, secrets);
  if (clean && Object.keys(clean).length > 0) {
    try {
      line += ` ${JSON.stringify(clean)}`;
    } catch {
      line += ' {"fields":"unserialisable"}';
    }
  }
  return line;
}

/** A log file is rolled over to `<file>.1` (one generation kept) past this size. */
export const LOG_FILE_MAX_BYTES = 5 * 1024 * 1024;

/** Creates a logger whose every message and field value is redacted with the secrets it learnt. */
export function createLogger(opts: LoggerOptions = {}): RedactingLogger {
  const secrets = new Set<string>();
  const maxBytes = opts.maxFileBytes ?? LOG_FILE_MAX_BYTES;
  let fileBytes = 0;
  if (opts.file) {
    try {
      mkdirSync(dirname(opts.file), { recursive: true });
      fileBytes = statSync(opts.file, { throwIfNoEntry: false })?.size ?? 0;
    } catch {
      // Logging is best effort.
    }
  }
  const appendToFile = (file: string, line: string): void => {
    try {
      if (fileBytes + line.length + 1 > maxBytes && fileBytes > 0) {
        renameSync(file, `${file}.1`);
        fileBytes = 0;
      }
      appendFileSync(file, `${line}\n`);
      fileBytes += Buffer.byteLength(line) + 1;
    } catch {
      // A log file we cannot write must never take the app down.
    }
  };
  const min = RANK[opts.level ?? 'info'];
  const sink =
    opts.sink ?? (opts.file ? undefined : (line: string) => process.stderr.write(`${line}\n`));
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (RANK[level] < min) return;
    let line: string;
    try {
      line = format(level, message, fields, secrets);
    } catch {
      return; // A logger never throws; a line it cannot build is dropped.
    }
    try {
      sink?.(line);
    } catch {
      // A sink that throws (a closed stderr) must not fail the caller.
    }
    if (opts.file) appendToFile(opts.file, line);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    addSecret(secret) {
      if (typeof secret === 'string' && secret.length >= 4) secrets.add(secret);
    },
  };
}
