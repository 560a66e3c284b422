/**
 * The one error hierarchy (issue 13 §4): AppError is the base; the HTTP client's VideoDbError and
 * the engine's CoreError/StorageError are siblings under it, and all of them reach the UI as an
 * AppErrorInfo through toAppError unchanged. Refused input names its field.
 */
import { describe, expect, it } from 'vitest';
import { AppError, CoreError, StorageError, toAppError, VideoDbError } from '../../../app/core';
import { dispatch, type HandlerMap } from '../../../app/shared/dispatch';
import { AppErrorInfo } from '../../../app/shared/domain';

describe('the error hierarchy', () => {
  it('makes the engine errors and the HTTP error siblings under AppError', () => {
    const core = new CoreError('not-found', 'This clip is no longer in your history.');
    const http = new VideoDbError('server', 'VideoDB had a problem.', { status: 502 });
    const storage = new StorageError('read-only', 'The history is read-only.', true, 'f.db');
    for (const e of [core, http, storage]) expect(e).toBeInstanceOf(AppError);
    expect(core).not.toBeInstanceOf(VideoDbError);
    expect(storage).not.toBeInstanceOf(VideoDbError);
    expect(storage).toBeInstanceOf(CoreError);
    expect(http.transient).toBe(true);
    expect([core.name, http.name, storage.name]).toEqual([
      'CoreError',
      'VideoDbError',
      'StorageError',
    ]);
  });

  it('passes code and message of any AppError to the UI, and hides everything else', () => {
    expect(toAppError(new CoreError('offline', 'Not saved for offline use.'))).toEqual({
      code: 'offline',
      message: 'Not saved for offline use.',
    });
    expect(toAppError(new VideoDbError('auth', 'The key was refused.'))).toEqual({
      code: 'auth',
      message: 'The key was refused.',
    });
    expect(toAppError(new AppError('validation', 'Too long.', { field: 'prompt' }))).toEqual({
      code: 'validation',
      message: 'Too long.',
      field: 'prompt',
    });
    const hidden = toAppError(new Error('SQLITE_CORRUPT at /home/someone/history.db'));
    expect(hidden.code).toBe('internal');
    expect(hidden.message).not.toContain('/home');
  });

  it('keeps the field in JSON and parses against the contract schema', () => {
    const e = new CoreError('validation', 'Choose a scene index.', { field: 'sceneIndexId' });
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({
      code: 'validation',
      field: 'sceneIndexId',
    });
    expect(AppErrorInfo.parse(e.toInfo())).toEqual(e.toInfo());
    // An answer without a field (an older core, a renderer-made error) still parses.
    expect(AppErrorInfo.parse({ code: 'offline', message: 'x' })).toEqual({
      code: 'offline',
      message: 'x',
    });
  });
});

describe('dispatch refusals name the field', () => {
  const handlers = new Proxy({} as HandlerMap, {
    get: () => async () => 'handled',
  });

  it('joins zod’s issue path with dots, nested paths included', async () => {
    const top = await dispatch(handlers, 'jobs:get', { id: 7 }, toAppError);
    expect(top).toMatchObject({ ok: false, error: { code: 'validation', field: 'id' } });
    const prompt = await dispatch(
      handlers,
      'jobs:submit',
      { videoId: 'm-1', collectionId: 'c-1', prompt: '   ' },
      toAppError,
    );
    expect(prompt).toEqual({
      ok: false,
      error: { code: 'validation', message: 'Write what you are looking for.', field: 'prompt' },
    });
    const nested = await dispatch(
      handlers,
      'clipboard:copy',
      { jobIds: ['a', 7], format: 'srt' },
      toAppError,
    );
    expect(nested).toMatchObject({ ok: false, error: { code: 'validation', field: 'jobIds.1' } });
  });

  it('leaves the field out when the whole input is wrong', async () => {
    const whole = await dispatch(handlers, 'jobs:get', 'not an object', toAppError);
    expect(whole).toEqual({
      ok: false,
      error: { code: 'validation', message: expect.any(String) },
    });
    expect(whole.ok || 'field' in whole.error).toBe(false);
  });
});
