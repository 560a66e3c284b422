/**
 * The one guard logic both transports share (Electron IPC in main, the WebSocket in the preview):
 * the channel must be a contract call, the input must parse, and whatever happens the caller gets
 * a `Result`. Pure: the handlers and the error classifier come in as parameters.
 */
import { calls, type CallName, type Result } from './contract';
import { outputDrift } from './contract-check';
import type { AppErrorInfo } from './domain';

/** Any handler of a call, as the dispatcher sees it (input already parsed). */
export type AnyHandler = (input: never) => Promise<unknown>;

/** A handler per call name; main and the preview merge core and transport handlers into this. */
export type HandlerMap = { readonly [C in CallName]: AnyHandler };

/** Message for a call that is not in the contract. */
export const UNKNOWN_CHANNEL_MESSAGE = 'This action is not available.';

/** True when `name` is a call of the contract (and not an inherited property like `toString`). */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

/**
 * Parse `input` with the contract schema of `channel`, call its handler and wrap the outcome
 * (with `checkOutput`, the answer is checked against the output schema too).
 * Never throws: refusals are `validation`/`forbidden` results, handler failures go through
 * `toError` (the core's classifier, which keeps keys out of messages).
 */
export async function dispatch(
  handlers: HandlerMap,
  channel: unknown,
  input: unknown,
  toError: (err: unknown) => AppErrorInfo,
  opts: { checkOutput?: boolean } = {},
): Promise<Result<unknown>> {
  if (!isCallName(channel)) {
    return { ok: false, error: { code: 'forbidden', message: UNKNOWN_CHANNEL_MESSAGE } };
  }
  const parsed = calls[channel].input.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = issue?.message ?? 'Check what you entered.';
    const field = issue?.path.map(String).join('.') ?? '';
    return {
      ok: false,
      error:
        field === '' ? { code: 'validation', message } : { code: 'validation', message, field },
    };
  }
  try {
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    const value = await handler(parsed.data);
    // Tests and development: an answer that drifted from the contract is an error, loudly.
    const drifted = opts.checkOutput === true ? outputDrift(channel, value) : null;
    if (drifted !== null) {
      return {
        ok: false,
        error: { code: 'internal', message: `Contract drift: ${channel} answered ${drifted}` },
      };
    }
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toError(err) };
  }
}
