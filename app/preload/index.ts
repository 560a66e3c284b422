/**
 * Preload (bundled to out/preload/index.cjs so it runs with sandbox on): exposes `window.api`,
 * built from the contract, and nothing else. Listeners get the payload only, never the IPC event
 * (which would hand the page `sender`).
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  EVENT_CHANNEL,
  EVENT_NAMES,
  buildApi,
  type CallName,
  type EventName,
  type Result,
} from '../shared/contract';

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, message: unknown) => {
  if (typeof message !== 'object' || message === null) return;
  const { name, payload } = message as { name?: unknown; payload?: unknown };
  if (typeof name !== 'string' || !(EVENT_NAMES as readonly string[]).includes(name)) return;
  for (const listener of listeners.get(name as EventName) ?? []) {
    try {
      listener(payload);
    } catch (err) {
      console.error('An event listener failed', err);
    }
  }
});

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

function subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
  let set = listeners.get(event);
  if (set === undefined) {
    set = new Set();
    listeners.set(event, set);
  }
  // Wrap so subscribing the same function twice gives two independent subscriptions.
  const entry = (payload: unknown): void => listener(payload);
  set.add(entry);
  return () => {
    set.delete(entry);
  };
}

contextBridge.exposeInMainWorld('api', buildApi(invoke, subscribe));
