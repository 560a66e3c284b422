/**
 * Shared pieces of the hard-case suite: one temp root for every data folder and log file the
 * suite writes (the key-hygiene test scans it at the end), a logger that writes real log files,
 * short engine timings, and a helper to build a core against a local server.
 */
import { appendFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core, CoreTuning, Logger } from '../../app/core/types';
import { ERROR_CODES, type ErrorCode } from '../../app/shared/domain';
import { loadCore, memorySecretStore, recordingClipboard } from '../bench/core-loader';

/** Root of every folder the suite writes; kept until the key-hygiene test has scanned it. */
export const HARD_ROOT = mkdtempSync(join(tmpdir(), 'videodb-hard-'));

/** A fresh folder under {@link HARD_ROOT}. */
export function dataDir(name: string): string {
  const dir = join(HARD_ROOT, `${name}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A logger that appends JSON lines to `file` (the core wraps it with key redaction). */
export function fileLogger(file: string): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    appendFileSync(file, `${JSON.stringify({ level, message, ...fields })}\n`);
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** Engine timings shrunk so a soak of hundreds of jobs runs in seconds. */
export const SHORT_TUNING: Partial<CoreTuning> = {
  firstPollMs: 40,
  pollBackoff: 1.5,
  pollMaxMs: 250,
  stuckAfterMs: 60_000,
  probeOfflineMs: 60,
  probeOnlineMs: 400,
  maxConcurrentRequests: 6,
  outboxBaseDelayMs: 30,
  outboxMaxDelayMs: 300,
  outboxMaxAttempts: 12,
  connectTimeoutMs: 1000,
  headersTimeoutMs: 1200,
  bodyTimeoutMs: 1500,
};

/** True when `code` is one of the classified error codes. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}

/** A core on `baseUrl` with the key set, started; its log goes to `<dir>/core.log`. */
export async function startCore(opts: {
  name: string;
  baseUrl: string;
  apiKey: string;
  tuning?: Partial<CoreTuning>;
}): Promise<{ core: Core; dir: string } | { missing: string }> {
  const loaded = await loadCore();
  if ('missing' in loaded) return loaded;
  const dir = dataDir(opts.name);
  const core = await loaded.createCore({
    dataDir: dir,
    secretStore: memorySecretStore(),
    clipboard: recordingClipboard(),
    logger: fileLogger(join(dir, 'core.log')),
    defaultApiBaseUrl: opts.baseUrl,
    tuning: opts.tuning ?? SHORT_TUNING,
  });
  await core.handlers['secrets:set-api-key']({ apiKey: opts.apiKey });
  await core.start();
  return { core, dir };
}

/** Wait until `check` is true (polling every `everyMs`), or throw after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string | (() => string),
  everyMs = 25,
): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) {
      throw new Error(
        `timed out after ${timeoutMs} ms: ${typeof what === 'string' ? what : what()}`,
      );
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
