import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, redact, REDACTED } from '../../../app/core/log';
import { toAppError, VideoDbError } from '../../../app/core';

describe('redact', () => {
  it('removes given secrets, key-shaped strings and x-access-token values', () => {
    const secret = 'my-very-private-token-123';
    const out = redact(
      `a ${secret} b ${encodeURIComponent('x/' + secret)} sk-abcdef123456 "x-access-token":"zzz999" x-access-token: qqq777`,
      [secret],
    );
    expect(out).not.toContain(secret);
    expect(out).not.toContain('sk-abcdef123456');
    expect(out).not.toContain('zzz999');
    expect(out).not.toContain('qqq777');
    expect(out).toContain(REDACTED);
    expect(redact('nothing here', ['ab'])).toBe('nothing here');
  });
});

describe('createLogger', () => {
  it('redacts every line, honours the level, and writes the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-'));
    try {
      const file = join(dir, 'app.log');
      const lines: string[] = [];
      const log = createLogger({ sink: (l) => lines.push(l), level: 'info', file });
      const key = 'private-key-without-prefix-42';
      log.addSecret(key);
      log.debug('hidden', { key });
      log.info(`using ${key}`, {
        nested: { header: `x-access-token: ${key}` },
        err: new Error(`failed with ${key}`),
      });
      log.error('plain');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^\S+ INFO using \[redacted\] /);
      for (const l of lines) expect(l).not.toContain(key);
      const text = readFileSync(file, 'utf8');
      expect(text.trim().split('\n')).toEqual(lines);
      expect(text).not.toContain(key);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('toAppError', () => {
  it('passes classified errors through and hides anything else', () => {
    expect(toAppError(new VideoDbError('credits', 'Out of credits.'))).toEqual({
      code: 'credits',
      message: 'Out of credits.',
    });
    const hidden = toAppError(new Error('ENOENT /home/me/secret-path sk-zzzzzzzz'));
    expect(hidden.code).toBe('internal');
    expect(hidden.message).not.toMatch(/secret-path|sk-/);
    expect(toAppError('a string').code).toBe('internal');
  });

  it('creates the log folder and rolls the file over past its size limit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-'));
    try {
      const file = join(dir, 'logs', 'main.log');
      const log = createLogger({ sink: () => undefined, file, maxFileBytes: 2000 });
      for (let i = 0; i < 100; i++) log.info(`line ${i} ${'x'.repeat(40)}`);
      expect(existsSync(`${file}.1`)).toBe(true);
      expect(statSync(file).size).toBeLessThanOrEqual(2000);
      expect(statSync(`${file}.1`).size).toBeLessThanOrEqual(2000);
      expect(readFileSync(file, 'utf8')).toContain('line 99 ');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
