/**
 * Preload (bundled to out/preload/index.cjs so it runs with sandbox on): exposes `window.api`,
 * built from the contract, and nothing else. Listeners get the payload only, never the IPC event
 * (which would hand the page `sender`).
 */
import { contextBridge, ipcRenderer } from 'electron';
// Names only: channels.ts has no zod, so neither has this bundle (main validates every input).
import { EVENT_CHANNEL, buildApi } from '../shared/channels';
import type { CallName, Result } from '../shared/contract';
import { createEventHub } from '../shared/event-hub';

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
