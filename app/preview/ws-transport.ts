/**
 * The preview's WebSocket endpoint: the contract over a loopback socket. A connection must come
 * from the preview's own origin and present the per-run token (in the URL or as its first
 * message); anything else is closed with "policy violation". Calls go through the same
 * dispatcher as Electron IPC; events go to every authenticated socket.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Logger } from '../core';
import { EVENT_NAMES, type EventName, type Result } from '../shared/contract';
import { dispatch, type HandlerMap } from '../shared/dispatch';
import type { AppErrorInfo } from '../shared/domain';
import { POLICY_VIOLATION, TOKEN_PARAM, WS_PATH, type ServerMessage } from './client/wire';

/** How long a socket without a token in its URL may take to send `{type:'auth'}`. */
const AUTH_TIMEOUT_MS = 5000;
/** Largest message accepted (a bulk delete of 10 000 ids fits easily). */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Options of {@link createWsTransport}. */
export interface WsTransportOptions {
  /** `http://127.0.0.1:PORT`: the only accepted Origin. */
  origin: string;
  token: string;
  handlers: HandlerMap;
  toError: (err: unknown) => AppErrorInfo;
  /** Check every answer against the contract (tests, development); default from VIDEODB_CHECK_CONTRACT. */
  checkContract?: boolean;
  logger?: Logger;
}

/** The endpoint, attached to the HTTP server's `upgrade` event. */
export interface WsTransport {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Send an event to every authenticated socket. */
  broadcast(name: EventName, payload: unknown): void;
  /** Number of authenticated sockets. */
  clientCount(): number;
  close(): Promise<void>;
}

/** Constant-time comparison of a presented token with the real one. */
export function tokenMatches(presented: unknown, token: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(token, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Create the endpoint. */
export function createWsTransport(opts: WsTransportOptions): WsTransport {
  const { origin, token, handlers, toError, logger } = opts;
  const checkOutput = opts.checkContract ?? process.env['VIDEODB_CHECK_CONTRACT'] === '1';
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const authed = new Set<WebSocket>();

  const send = (ws: WebSocket, message: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const refuse = (ws: WebSocket, why: string): void => {
    logger?.warn('Preview refused a connection', { reason: why });
    ws.close(POLICY_VIOLATION, why);
  };

  const onCall = async (ws: WebSocket, raw: RawData): Promise<void> => {
    let message: unknown;
    try {
      message = JSON.parse(raw.toString());
    } catch {
      return refuse(ws, 'Malformed message');
    }
    const { id, channel, input } = (message ?? {}) as {
      id?: unknown;
      channel?: unknown;
      input?: unknown;
    };
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) return refuse(ws, 'Malformed message');
    const result: Result<unknown> = await dispatch(handlers, channel, input, toError, {
      checkOutput,
    });
    send(ws, { type: 'reply', id, result });
  };

  const accept = (ws: WebSocket): void => {
    authed.add(ws);
    send(ws, { type: 'hello' });
  };

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    ws.on('error', (err) => logger?.warn('Preview socket error', { error: String(err) }));
    ws.on('close', () => authed.delete(ws));
    if (req.headers.origin !== origin) return refuse(ws, 'Wrong origin');

    const query = new URL(req.url ?? '/', origin).searchParams.get(TOKEN_PARAM);
    let timer: NodeJS.Timeout | null = null;
    if (query !== null && query !== '') {
      if (!tokenMatches(query, token)) return refuse(ws, 'Wrong token');
      accept(ws);
    } else {
      timer = setTimeout(() => refuse(ws, 'No token'), AUTH_TIMEOUT_MS);
      ws.once('close', () => {
        if (timer !== null) clearTimeout(timer);
      });
    }
    ws.on('message', (raw) => {
      if (ws.readyState !== ws.OPEN) return;
      if (authed.has(ws)) {
        void onCall(ws, raw).catch((err: unknown) =>
          logger?.error('Preview call failed unexpectedly', { error: String(err) }),
        );
        return;
      }
      // Not authenticated yet: the only message accepted is `{type: 'auth', token}`.
      if (timer !== null) clearTimeout(timer);
      let msg: unknown;
      try {
        msg = JSON.parse(raw.toString());
      } catch {
        return refuse(ws, 'No token');
      }
      const m = (msg ?? {}) as { type?: unknown; token?: unknown };
      if (m.type !== 'auth' || !tokenMatches(m.token, token)) return refuse(ws, 'Wrong token');
      accept(ws);
    });
  });

  return {
    handleUpgrade(req, socket, head) {
      const path = new URL(req.url ?? '/', origin).pathname;
      if (path !== WS_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    broadcast(name, payload) {
      if (!(EVENT_NAMES as readonly string[]).includes(name)) return;
      for (const ws of authed) send(ws, { type: 'event', name, payload });
    },
    clientCount: () => authed.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
