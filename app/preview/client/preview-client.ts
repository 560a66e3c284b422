/**
 * The preview's page script: gives the unchanged renderer the same `window.api` as preload does,
 * over the preview WebSocket. Injected by the preview server before the app's own scripts.
 *
 * - Calls made while (re)connecting wait and go out once the socket is authenticated.
 * - Events are held until the page calls `app:ready`, like main does.
 * - After `clipboard:copy` succeeds the copied text is also written to the browser's clipboard
 *   (the preview's core has no system clipboard of its own); when the browser refuses, the call
 *   fails with that reason, so the page never says "Copied" for nothing.
 * - `app:open-external` opens the approved link in a new tab.
 */
import {
  EVENT_NAMES,
  buildApi,
  type CallName,
  type EventName,
  type Result,
} from '../../shared/contract';
import { createEventHub } from '../../shared/event-hub';
import { STAGE_FILE_PATH, STAGE_TOKEN_HEADER, type FilesBridge } from '../../shared/files-bridge';
import { TOKEN_PARAM, WS_PATH, type CallMessage, type ServerMessage } from './wire';

type Pending = { resolve: (r: Result<unknown>) => void; message: CallMessage };

const token = new URLSearchParams(location.search).get(TOKEN_PARAM) ?? '';
const socketUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;

let socket: WebSocket | null = null;
let open = false;
let nextId = 1;
let retryMs = 250;
const waiting: Pending[] = [];
const inFlight = new Map<number, Pending>();
const hub = createEventHub((err) => console.error('An event listener failed', err));
const heldEvents: Array<{ name: EventName; payload: unknown }> = [];
let pageReady = false;

function deliver(name: EventName, payload: unknown): void {
  hub.dispatch({ name, payload });
}

function sendPending(p: Pending): void {
  inFlight.set(p.message.id, p);
  socket?.send(JSON.stringify(p.message));
}

function connect(): void {
  const ws = new WebSocket(socketUrl);
  socket = ws;
  ws.addEventListener('message', (e: MessageEvent) => {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(String(e.data)) as ServerMessage;
    } catch {
      return;
    }
    if (msg.type === 'hello') {
      open = true;
      retryMs = 250;
      while (waiting.length > 0) sendPending(waiting.shift()!);
    } else if (msg.type === 'reply') {
      const p = inFlight.get(msg.id);
      if (p === undefined) return;
      inFlight.delete(msg.id);
      p.resolve(msg.result as Result<unknown>);
    } else if (msg.type === 'event') {
      if (!(EVENT_NAMES as readonly string[]).includes(msg.name)) return;
      const name = msg.name as EventName;
      if (pageReady) deliver(name, msg.payload);
      else heldEvents.push({ name, payload: msg.payload });
    }
  });
  ws.addEventListener('close', (e: CloseEvent) => {
    open = false;
    if (socket !== ws) return;
    socket = null;
    if (e.code === 1008) {
      // Refused (wrong token or origin): retrying cannot help.
      const refusal: Result<unknown> = {
        ok: false,
        error: {
          code: 'forbidden',
          message: 'The preview refused this page. Open the link it printed.',
        },
      };
      for (const p of [...inFlight.values(), ...waiting]) p.resolve(refusal);
      inFlight.clear();
      waiting.length = 0;
      return;
    }
    // Calls that were on the wire may or may not have run: say so rather than send them twice.
    const dropped: Result<unknown> = {
      ok: false,
      error: { code: 'offline', message: 'The connection to the app dropped. Try again.' },
    };
    for (const p of inFlight.values()) p.resolve(dropped);
    inFlight.clear();
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 5000);
  });
}

async function invoke(channel: CallName, input: unknown): Promise<Result<unknown>> {
  const result = await new Promise<Result<unknown>>((resolve) => {
    const p: Pending = { resolve, message: { id: nextId++, channel, input } };
    if (open && socket !== null) sendPending(p);
    else waiting.push(p);
  });
  if (result.ok) return (await afterCall(channel, input, result.value)) ?? result;
  return result;
}

const CLIPBOARD_REFUSED: Result<unknown> = {
  ok: false,
  error: {
    code: 'forbidden',
    message:
      'The browser did not let the page use the clipboard. Allow clipboard access for this page and copy again.',
  },
};

/**
 * What the browser does on the page's side after some calls succeed; a result to answer instead
 * when that part failed.
 */
async function afterCall(
  channel: CallName,
  input: unknown,
  value: unknown,
): Promise<Result<unknown> | null> {
  if (channel === 'app:ready') {
    pageReady = true;
    for (const e of heldEvents.splice(0)) deliver(e.name, e.payload);
  } else if (channel === 'clipboard:copy' || channel === 'multiclip:copy') {
    const { text, count } = value as { text?: unknown; count?: unknown };
    if (typeof text === 'string' && count !== 0) {
      try {
        await navigator.clipboard.writeText(text);
      } catch (err) {
        console.warn('The browser did not allow writing to the clipboard', err);
        return CLIPBOARD_REFUSED;
      }
    }
  } else if (channel === 'app:open-external') {
    const url = (input as { url?: unknown }).url;
    if (typeof url === 'string') window.open(url, '_blank', 'noopener,noreferrer');
  }
  return null;
}

/** A browser never learns a file's path: the preview keeps a copy and answers with its path. */
async function stagedPath(file: File): Promise<string> {
  const res = await fetch(`${STAGE_FILE_PATH}?name=${encodeURIComponent(file.name)}`, {
    method: 'PUT',
    headers: { [STAGE_TOKEN_HEADER]: token },
    body: file,
  });
  if (!res.ok) throw new Error(`The preview could not take ${file.name} (${res.status}).`);
  const { path } = (await res.json()) as { path?: unknown };
  if (typeof path !== 'string') throw new Error(`The preview could not take ${file.name}.`);
  return path;
}

const files: FilesBridge<globalThis.File> = {
  pathsFor: (list) => Promise.all(list.map(stagedPath)),
};
Object.defineProperty(window, 'files', { value: Object.freeze(files), writable: false });

Object.defineProperty(window, 'api', {
  value: Object.freeze(buildApi(invoke, hub.subscribe)),
  writable: false,
  configurable: false,
});
connect();
