import { describe, expect, it } from 'vitest';
import { interpretPollAnswer } from '../../../app/core/videodb/poll-answer';

// Every poll answer shape of ../shared/videodb-api.md §5, read without a server.

const RESULT = {
  results: [{ video_id: 'm-1', docs: [{ start: 1, end: 2, text: 'x', score: 0.5 }] }],
};

describe('poll answer: running', () => {
  for (const status of ['processing', 'in progress', 'pending', 'queued', 'running']) {
    it(`'${status}' is running, in any case`, () => {
      expect(interpretPollAnswer(200, { success: true, status, data: { percentage: 40 } })).toEqual(
        {
          state: 'running',
          percentage: 40,
        },
      );
      expect(interpretPollAnswer(200, { success: true, status: status.toUpperCase() })).toEqual({
        state: 'running',
        percentage: null,
      });
    });
  }

  it('reads the percentage as a number or numeric string, clamped, and without data', () => {
    const p = (data: unknown) =>
      interpretPollAnswer(200, { success: true, status: 'processing', data });
    expect(p({ percentage: '12.5' })).toEqual({ state: 'running', percentage: 12.5 });
    expect(p({ percentage: 180 })).toEqual({ state: 'running', percentage: 100 });
    expect(p({ percentage: 'soon' })).toEqual({ state: 'running', percentage: null });
    expect(p(undefined)).toEqual({ state: 'running', percentage: null });
    expect(p(null)).toEqual({ state: 'running', percentage: null });
    expect(interpretPollAnswer(200, { status: 'In_Progress' })).toEqual({
      state: 'running',
      percentage: null,
    });
  });

  it('a running status in shape (b) reads the percentage inside response', () => {
    expect(
      interpretPollAnswer(200, {
        status: 'processing',
        response: { success: true, data: { percentage: 70 } },
      }),
    ).toEqual({ state: 'running', percentage: 70 });
  });

  it('an unknown status word keeps the job running and names the word', () => {
    expect(
      interpretPollAnswer(200, { success: true, status: 'Rendering', data: { percentage: 5 } }),
    ).toEqual({ state: 'running', percentage: 5, unknownStatus: 'rendering' });
  });
});

describe('poll answer: finished', () => {
  it('(a) {success, status: "done", data}', () => {
    expect(interpretPollAnswer(200, { success: true, status: 'done', data: RESULT })).toEqual({
      state: 'done',
      data: RESULT,
    });
  });

  it('(b) {status: "done", response: {success, data}} and response.result', () => {
    expect(
      interpretPollAnswer(200, { status: 'done', response: { success: true, data: RESULT } }),
    ).toEqual({ state: 'done', data: RESULT });
    expect(
      interpretPollAnswer(200, { status: 'done', response: { success: true, result: RESULT } }),
    ).toEqual({ state: 'done', data: RESULT });
  });

  for (const status of ['completed', 'complete', 'COMPLETED', 'success', 'Done']) {
    it(`(c) the docs' vocabulary: {success, status: "${status}", result}`, () => {
      expect(interpretPollAnswer(200, { success: true, status, result: RESULT })).toEqual({
        state: 'done',
        data: RESULT,
      });
    });
  }

  it('no status but success: true with a payload is finished (envelope shape 1)', () => {
    expect(interpretPollAnswer(200, { success: true, data: RESULT })).toEqual({
      state: 'done',
      data: RESULT,
    });
    expect(interpretPollAnswer(200, { response: { success: true, result: RESULT } })).toEqual({
      state: 'done',
      data: RESULT,
    });
  });

  it('finished without any payload is unreadable (poll again), not done', () => {
    expect(interpretPollAnswer(200, { success: true, status: 'done' }).state).toBe('unreadable');
    expect(
      interpretPollAnswer(200, { success: true, status: 'completed', result: null }).state,
    ).toBe('unreadable');
  });
});

describe('poll answer: failed', () => {
  it('{success: false, status: "failed", message} (a)', () => {
    expect(
      interpretPollAnswer(200, { success: false, status: 'failed', message: 'No index' }),
    ).toEqual({ state: 'failed', message: 'No index' });
  });

  it('(b) failure only inside response, with the inner message', () => {
    expect(
      interpretPollAnswer(200, {
        status: 'failed',
        response: { success: false, message: 'Inner words' },
      }),
    ).toEqual({ state: 'failed', message: 'Inner words' });
    expect(
      interpretPollAnswer(200, { status: 'done', response: { success: false }, message: 'Outer' }),
    ).toEqual({ state: 'failed', message: 'Outer' });
  });

  it('a bare {success: false, message} (no status) is a failed job', () => {
    expect(interpretPollAnswer(200, { success: false, message: 'It broke' })).toEqual({
      state: 'failed',
      message: 'It broke',
    });
    expect(interpretPollAnswer(200, { success: false })).toEqual({
      state: 'failed',
      message: null,
    });
  });

  it('the success flag decides over the status word', () => {
    for (const status of ['done', 'completed', 'processing', 'success']) {
      expect(
        interpretPollAnswer(200, { success: false, status, data: RESULT, message: 'm' }),
      ).toEqual({ state: 'failed', message: 'm' });
    }
    expect(
      interpretPollAnswer(200, {
        success: true,
        status: 'done',
        response: { success: false, message: 'inner says no' },
      }),
    ).toEqual({ state: 'failed', message: 'inner says no' });
  });

  it("a 'failed' or 'error' status without a success flag is failed", () => {
    expect(interpretPollAnswer(200, { status: 'error', message: 'x' })).toEqual({
      state: 'failed',
      message: 'x',
    });
    expect(interpretPollAnswer(200, { status: 'FAILED' })).toEqual({
      state: 'failed',
      message: null,
    });
  });
});

describe('poll answer: not found and unreadable', () => {
  it('404 is not-found whatever the body', () => {
    expect(interpretPollAnswer(404, { success: false, message: 'Job not found' })).toEqual({
      state: 'not-found',
    });
    expect(interpretPollAnswer(404, undefined)).toEqual({ state: 'not-found' });
  });

  it('bodies that are not an envelope are unreadable, never a verdict', () => {
    for (const body of [undefined, null, 'text', [1, 2], 42, {}, { data: RESULT }]) {
      expect(interpretPollAnswer(200, body).state).toBe('unreadable');
    }
    expect(interpretPollAnswer(502, { success: false }).state).toBe('unreadable');
  });
});
