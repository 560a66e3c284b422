/**
 * Preload (bundled to out/preload/index.cjs so it runs with sandbox on): exposes `window.api`,
 * built from the contract, and `window.files` (the paths of files the person dropped or chose,
 * for "Add videos…"), and nothing else. Listeners get the payload only, never the IPC event
 * (which would hand the page `sender`).
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
// Names only: channels.ts has no zod, so neither has this bundle (main validates every input).
import { EVENT_CHANNEL, buildApi } from '../shared/channels';
import type { CallName, Result } from '../shared/contract';
import { createEventHub } from '../shared/event-hub';
import type { FilesBridge } from '../shared/files-bridge';

const hub = createEventHub((err) => console.error('An event listener failed', err));

ipcRenderer.on(EVENT_CHANNEL, (_event, message: unknown) => hub.dispatch(message));

async function invoke(channel: CallName, input: unknown): Promise<Result<unknown>> {
  try {
    return (await ipcRenderer.invoke(channel, input)) as Result<unknown>;
  } catch {
    return {
      ok: false,
      error: { code: 'internal', message: 'The app did not answer. Try again.' },
    };
  }
}

contextBridge.exposeInMainWorld('api', buildApi(invoke, hub.subscribe));

// Electron (web-utils docs): getPathForFile gives a dropped or chosen File's path ('' for a File
// the page made itself). Main still checks every path it is handed (a regular media file).
const files: FilesBridge<globalThis.File> = {
  pathsFor: async (list) =>
    list.map((f) => {
      try {
        return webUtils.getPathForFile(f);
      } catch {
        return '';
      }
    }),
};
contextBridge.exposeInMainWorld('files', files);
