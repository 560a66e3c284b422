/**
 * Contract drift (issue 13 §6): in tests and development every answer and every event is checked
 * against its contract schema, so a handler that drifts fails a test instead of the page.
 */
import { describe, expect, it } from 'vitest';
import { dispatch, type HandlerMap } from '../../app/shared/dispatch';
import { eventDrift, outputDrift } from '../../app/shared/contract-check';
import { EventBus } from '../../app/core/engine';

const toError = () => ({ code: 'internal' as const, message: 'boom' });
const handlers = (value: unknown) =>
  ({ 'connectivity:status': async () => value }) as unknown as HandlerMap;
const goodState = { online: true, queued: 0, paused: false, lastCheckedAt: null, version: 1 };

describe('contract drift checks', () => {
  it('an answer that drifted is an internal error naming the call and the field', async () => {
    const bad = { ...goodState, queued: 'none' };
    const checked = await dispatch(handlers(bad), 'connectivity:status', {}, toError, {
      checkOutput: true,
    });
    expect(checked).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: expect.stringMatching(/^Contract drift: connectivity:status answered queued: /),
      },
    });
    // Off (a packaged app): the answer goes through as it is.
    expect(await dispatch(handlers(bad), 'connectivity:status', {}, toError)).toEqual({
      ok: true,
      value: bad,
    });
    expect(
      await dispatch(handlers(goodState), 'connectivity:status', {}, toError, {
        checkOutput: true,
      }),
    ).toEqual({ ok: true, value: goodState });
  });

  it('an event that drifted throws before any listener hears it', () => {
    const heard: unknown[] = [];
    const bus = new EventBus(undefined, true);
    bus.onAny((_n, p) => heard.push(p));
    expect(() => bus.emit('jobs:removed', { ids: [1, 2] } as never)).toThrow(
      /Contract drift: event jobs:removed: ids\.0/,
    );
    bus.emit('jobs:removed', { ids: ['a'] });
    expect(heard).toEqual([{ ids: ['a'] }]);
    expect(eventDrift('settings:changed', { apiBaseUrl: 'x', notifications: true })).toBeNull();
    expect(outputDrift('app:ready', { ok: true })).toBeNull();
  });

  it('is on for this test run', () => {
    expect(process.env['VIDEODB_CHECK_CONTRACT']).toBe('1');
  });
});
