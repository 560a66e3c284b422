/**
 * The only place `ipcMain` is imported: binds {@link registerIpc} to Electron's ipcMain.
 */
import { ipcMain } from 'electron';
import { registerIpc, type IpcRegistration, type RegisterIpcOptions } from './register-ipc';

export { registerIpc, REFUSED_SENDER } from './register-ipc';
export type {
  IpcMainLike,
  IpcRegistration,
  RegisterIpcOptions,
  TransportHandlers,
  EventTargetLike,
} from './register-ipc';
export { isTrustedSender, originOf } from './trusted-sender';
export type { FrameLike, SenderEventLike, OwnContentsLike } from './trusted-sender';
export { createEventRelay } from './event-relay';
export type { EventRelay, EventMessage } from './event-relay';

/** {@link registerIpc} on Electron's own ipcMain. */
export function registerMainIpc(opts: Omit<RegisterIpcOptions, 'ipcMain'>): IpcRegistration {
  return registerIpc({ ...opts, ipcMain });
}
