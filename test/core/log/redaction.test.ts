import { describe, expect, it } from 'vitest';
import {
  createLogger,
  MAX_LOGGED_STRING,
  REDACTED,
  redactFields,
  redactingLogger,
  redactMessage,
  redactValue,
} from '../../../app/core/log';
import type { Logger } from '../../../app/core/types';

const CRAFTED = '","st';
const KEY = 'private-key-without-prefix-42';

/** A logger that keeps what it was given, as given. */
function captureLogger(): Logger & { calls: Array<[string, string, unknown]> } {
  const calls: Array<[string, string, unknown]> = [];
  const at = (level: string) => (m: string, f?: Record<string, unknown>) =>
    void calls.push([level, m, f]);
  return { calls, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('redactValue', () => {
  it('redacts values, not serialised text: a crafted secret leaves the structure alone', () => {
    const fields = { request: 'GET /collection', status: 401, ms: 3 };
    expect(JSON.stringify(fields)).toContain(CRAFTED);
    expect(redactValue(fields, [CRAFTED])).toEqual(fields);
    expect(redactValue({ said: `a${CRAFTED}b` }, [CRAFTED])).toEqual({ said: `a${REDACTED}b` });
  });

  it('redacts every string inside: nested values, keys, arrays, errors, maps and sets', () => {
    const out = redactValue(
      {
        nested: { deep: [`x ${KEY} y`, { header: `x-access-token: abc123` }] },
        [`k-${KEY}`]: 1,
        err: Object.assign(new Error(`failed with ${KEY}`), { code: KEY }),
        map: new Map([[KEY, KEY]]),
        set: new Set([KEY]),
        url: `https://h/x?key=${encodeURIComponent(KEY + '/')}`,
        sk: 'sk-abcdef123456',
      },
      [KEY],
    );
    const text = JSON.stringify(out);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('sk-abcdef123456');
    expect(out).toMatchObject({ err: { name: 'Error', message: `failed with ${REDACTED}` } });
  });

  it('replaces the values of fields named like secrets, whatever they look like', () => {
    expect(
      redactValue({ apiKey: 'abc', 'x-access-token': 'q', api_key: 'z', other: 'abc' }, []),
    ).toEqual({ apiKey: REDACTED, 'x-access-token': REDACTED, api_key: REDACTED, other: 'abc' });
  });

  it('never throws and always serialises: cycles, BigInt, throwing getters, proxies, functions', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic['self'] = cyclic;
    const getter = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('proxy');
        },
      },
    );
    const badError = new Error('x');
    Object.defineProperty(badError, 'message', {
      get() {
        throw new Error('message getter');
      },
    });
    let deep: Record<string, unknown> = { end: true };
    for (let i = 0; i < 1000; i++) deep = { deep };
    const out = redactValue(
      {
        cyclic,
        big: 12345678901234567890n,
        getter,
        proxy,
        badError,
        fn: () => 1,
        sym: Symbol('s'),
        deep,
        when: new Date(0),
        bad: new Date(NaN),
      },
      [KEY],
    ) as Record<string, unknown>;
    expect(() => JSON.stringify(out)).not.toThrow();
    expect(out['cyclic']).toEqual({ name: 'a', self: '[cycle]' });
    expect(out['big']).toBe('12345678901234567890');
    expect(out['getter']).toBe('[unreadable]');
    expect(out['proxy']).toBe('[unreadable]');
    expect(out['badError']).toBe('[unreadable]');
    expect(out['fn']).toBe('[function]');
    expect(out['sym']).toBe('Symbol(s)');
    expect(out['when']).toBe('1970-01-01T00:00:00.000Z');
    expect(out['bad']).toBe('Invalid Date');
    // A proxy whose every trap throws, as the whole value.
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('get');
        },
        getPrototypeOf() {
          throw new Error('proto');
        },
        ownKeys() {
          throw new Error('keys');
        },
      },
    );
    expect(() => redactValue(hostile, [KEY])).not.toThrow();
    expect(() => JSON.stringify(redactFields({ hostile }, [KEY]))).not.toThrow();
  });

  it('cuts huge strings after redacting, so a secret across the cut does not leak', () => {
    const huge = 'a'.repeat(MAX_LOGGED_STRING - 5) + KEY + 'b'.repeat(5_000_000);
    const out = redactValue(huge, [KEY]) as string;
    expect(out.length).toBeLessThan(MAX_LOGGED_STRING + 100);
    expect(out).not.toContain(KEY.slice(0, 5));
    expect(out).toContain(`${huge.length} characters, cut`);
    const msg = redactMessage(`${'c'.repeat(MAX_LOGGED_STRING - 3)}sk-abcdefghijkl`, []);
    expect(msg).not.toContain('sk-ab');
  });

  it('ignores secrets too short to redact safely and anything that is not a string', () => {
    expect(redactValue({ a: 'abc' }, ['ab', '', 42 as unknown as string])).toEqual({ a: 'abc' });
    expect(redactFields(undefined, [KEY])).toBeUndefined();
  });
});

describe('redactingLogger', () => {
  it('passes redacted copies on; a crafted secret keeps every field intact', () => {
    const inner = captureLogger();
    const log = redactingLogger(inner);
    log.addSecret(CRAFTED);
    log.addSecret(KEY);
    log.debug('videodb request', { request: 'GET /collection', status: 401, ms: 3 });
    log.warn(`using ${KEY}`, { nested: { key: KEY } });
    log.info('plain');
    expect(inner.calls).toEqual([
      ['debug', 'videodb request', { request: 'GET /collection', status: 401, ms: 3 }],
      ['warn', `using ${REDACTED}`, { nested: { key: REDACTED } }],
      ['info', 'plain', undefined],
    ]);
  });

  it('never throws: not when the inner logger throws, nor on fields it cannot read', () => {
    const boom = (): void => {
      throw new Error('sink gone');
    };
    const log = redactingLogger({ debug: boom, info: boom, warn: boom, error: boom });
    log.addSecret(CRAFTED);
    const cyclic: Record<string, unknown> = {};
    cyclic['me'] = cyclic;
    expect(() => log.error('x', { cyclic, big: 1n })).not.toThrow();
    expect(() => log.info(undefined as unknown as string)).not.toThrow();
    const throwingAdd = { ...captureLogger(), addSecret: boom };
    expect(() => redactingLogger(throwingAdd).addSecret(KEY)).not.toThrow();
  });

  it('teaches its secrets to an inner logger that learns secrets, so its own lines are clean', () => {
    const lines: string[] = [];
    const inner = createLogger({ sink: (l) => lines.push(l), level: 'debug' });
    redactingLogger(inner).addSecret(KEY);
    inner.info('outside the core', { error: `failed with ${KEY}` });
    expect(lines.join('\n')).not.toContain(KEY);
  });
});

describe('createLogger', () => {
  it('writes fields as valid JSON even with a crafted secret, and never throws from its sink', () => {
    const lines: string[] = [];
    const log = createLogger({ sink: (l) => lines.push(l), level: 'debug' });
    log.addSecret(CRAFTED);
    log.debug('videodb request', { request: 'GET /collection', status: 200 });
    const json = lines[0]!.slice(lines[0]!.indexOf('{'));
    expect(JSON.parse(json)).toEqual({ request: 'GET /collection', status: 200 });
    const throwing = createLogger({
      sink: () => {
        throw new Error('stderr closed');
      },
    });
    expect(() => throwing.error('x', { big: 2n })).not.toThrow();
  });
});
