import { CALL_NAMES, EVENT_CHANNEL, type EventName, type Handlers } from '../../shared/contract';
import { dispatch, type HandlerMap } from '../../shared/dispatch';
import type { AppErrorInfo } from '../../shared/domain';
import type { Core, Logger, TransportCall } from '../../core/types';
import { createEventRelay, type EventMessage, type EventRelay } from './event-relay';
import type { SenderEventLike } from './trusted-sender';

/**
 * A listener as ipcMain calls it. Declared through a method so Electron's own listener type (with
 * its richer event) is accepted: the guard reads only the {@link SenderEventLike} parts.
 */
type IpcListener = {
  method(event: SenderEventLike, ...args: unknown[]): unknown;
}['method'];

/** The parts of `ipcMain` registration uses (a fake one in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: IpcListener): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: IpcListener): unknown;
  removeAllListeners(channel?: string): unknown;
}

/** Where events go: our window's webContents (null while there is no window). */
export interface EventTargetLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** Handlers of the calls the transport answers itself rather than the core. */
export type TransportHandlers = Pick<Handlers, TransportCall>;

/** Options of {@link registerIpc}. */
export interface RegisterIpcOptions {
  ipcMain: IpcMainLike;
  core: Pick<Core, 'handlers' | 'onAny'>;
  /** The sender check, bound to our window and origins (see `isTrustedSender`). */
  isTrustedSender: (event: SenderEventLike) => boolean;
  transportHandlers: TransportHandlers;
  /** Our window's webContents, or null when there is none right now. */
  getEventTarget: () => EventTargetLike | null;
  /** The core's classifier (`toAppError`): keeps keys and internals out of messages. */
  toError: (err: unknown) => AppErrorInfo;
  /** Check every answer against the contract (tests, development); default from VIDEODB_CHECK_CONTRACT. */
  checkContract?: boolean;
  logger?: Logger;
}

/** What registration hands back to the composition root. */
export interface IpcRegistration {
  /** Push an event of main's own (e.g. `app:focus-job`, `app:menu`) through the same queue. */
  emit(name: EventName, payload: unknown): void;
  /** The event queue (reset it when the page reloads). */
  relay: EventRelay;
  /** Remove every handler and listener (on shutdown). */
  dispose(): void;
}

/** Result given to a sender that is not our window's main frame. */
export const REFUSED_SENDER: { ok: false; error: AppErrorInfo } = {
  ok: false,
  error: { code: 'forbidden', message: 'This request did not come from the app window.' },
};

/**
 * Register one `ipcMain.handle` per contract call, each behind the sender guard and the shared
 * dispatcher (parse, call, wrap). Nothing else is registered; a message on the event channel
 * (which only main may send on) is refused and logged. Core events are forwarded to the window,
 * held back until the renderer called `app:ready`.
 */
export function registerIpc(opts: RegisterIpcOptions): IpcRegistration {
  const { ipcMain, core, transportHandlers, toError, logger } = opts;
  const checkOutput = opts.checkContract ?? process.env['VIDEODB_CHECK_CONTRACT'] === '1';
  const handlers: HandlerMap = { ...core.handlers, ...transportHandlers };

  const relay = createEventRelay((message: EventMessage) => {
    const target = opts.getEventTarget();
    if (target === null || target.isDestroyed()) return false;
    try {
      target.send(EVENT_CHANNEL, message);
    } catch (err) {
      // Electron refuses what structured clone cannot copy (a function, a class with private
      // state…). Such an event can never be sent: drop it, or it would block every later one.
      logger?.error('An event could not be sent to the window', {
        event: message.name,
        error: String(err),
      });
    }
    return true;
  });

  for (const name of CALL_NAMES) {
    ipcMain.handle(name, async (event: SenderEventLike, input?: unknown) => {
      if (!opts.isTrustedSender(event)) {
        logger?.warn('Refused a call from an untrusted sender', {
          channel: name,
          url: event.senderFrame?.url ?? null,
        });
        return REFUSED_SENDER;
      }
      const result = await dispatch(handlers, name, input, toError, { checkOutput });
      if (name === 'app:ready' && result.ok) relay.ready();
      return result;
    });
  }

  // Only main sends on the event channel; anything arriving on it is refused.
  const refuse = (event: SenderEventLike): typeof REFUSED_SENDER => {
    logger?.warn('Refused a message on the event channel', {
      url: event.senderFrame?.url ?? null,
    });
    return REFUSED_SENDER;
  };
  ipcMain.handle(EVENT_CHANNEL, refuse);
  ipcMain.on(EVENT_CHANNEL, refuse);

  const unsubscribe = core.onAny((name, payload) => relay.push(name, payload));

  return {
    emit: (name, payload) => relay.push(name, payload),
    relay,
    dispose() {
      unsubscribe();
      for (const name of CALL_NAMES) ipcMain.removeHandler(name);
      ipcMain.removeHandler(EVENT_CHANNEL);
      ipcMain.removeAllListeners(EVENT_CHANNEL);
    },
  };
}
