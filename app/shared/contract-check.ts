/**
 * Contract drift checks: does what the app sends the page (an answer, an event) still have the
 * shape the contract promises? Run in tests and development builds (VIDEODB_CHECK_CONTRACT=1, or
 * the dev server), so a handler or event that drifts from its schema fails a test instead of
 * surprising the page. Pure.
 */
import { calls, events, type CallName, type EventName } from './contract';

/** The first mismatch between a value and a schema, in words; null when it fits. */
function drift(
  schema: {
    safeParse(v: unknown): {
      success: boolean;
      error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
    };
  },
  value: unknown,
): string | null {
  const r = schema.safeParse(value);
  if (r.success) return null;
  const issue = r.error?.issues[0];
  if (issue === undefined) return 'does not fit';
  const at = issue.path.map(String).join('.');
  return `${at === '' ? '(the value)' : at}: ${issue.message}`;
}

/** Why the answer of `channel` does not fit its output schema, or null. */
export function outputDrift(channel: CallName, value: unknown): string | null {
  return drift(calls[channel].output, value);
}

/** Why an event's payload does not fit its schema, or null. */
export function eventDrift(name: EventName, payload: unknown): string | null {
  return drift(events[name], payload);
}
