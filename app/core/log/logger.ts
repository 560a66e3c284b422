/**
 * The app's logger: one line per entry (`time LEVEL message {fields}`), every line redacted
 * before it reaches the sink or the file, so the API key cannot end up in a log.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../types';
import { redact } from './redact';

export { redact } from './redact';

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

/** A logger that also learns secrets to redact. */
export type RedactingLogger = Logger & { addSecret(secret: string): void };

/** Plain JSON-safe copy of a field value (errors keep name/code/message only, no causes). */
function plain(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) };
  }
  if (depth > 4) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => plain(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value).slice(0, 50)) out[k] = plain(v, depth + 1);
    return out;
  }
  if (typeof value === 'bigint') return String(value);
  return value;
}

function format(
  level: LogLevel,
  message: string,
  fields: Record<string, unknown> | undefined,
): string {
  let line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}`;
  if (fields && Object.keys(fields).length > 0) {
    try {
      line += ` ${JSON.stringify(plain(fields))}`;
    } catch {
      line += ' {"fields":"unserialisable"}';
    }
  }
  return line;
}

/** A log file is rolled over to `<file>.1` (one generation kept) past this size. */
export const LOG_FILE_MAX_BYTES = 5 * 1024 * 1024;

/** Creates a logger whose every line passes through {@link redact} with the secrets it learnt. */
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
    const line = redact(format(level, message, fields), secrets);
    sink?.(line);
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
