/**
 * Messages of the preview WebSocket, shared by the server (app/preview) and the page script.
 * Types and constants only.
 */

/** Path of the WebSocket endpoint. */
export const WS_PATH = '/__preview/ws';
/** Path of the page script the server injects into index.html. */
export const CLIENT_SCRIPT_PATH = '/__preview/client.js';
/** Query parameter that carries the per-run token (in the page URL and the socket URL). */
export const TOKEN_PARAM = 'token';
/** Close code for refused connections (RFC 6455 "policy violation"). */
export const POLICY_VIOLATION = 1008;

/** Page → server: authenticate (when the token was not in the socket URL). */
export interface AuthMessage {
  type: 'auth';
  token: string;
}

/** Page → server: one call. */
export interface CallMessage {
  id: number;
  channel: string;
  input: unknown;
}

/** Server → page: the socket is authenticated; calls may flow. */
export interface HelloMessage {
  type: 'hello';
}

/** Server → page: the result of call `id`. */
export interface ReplyMessage {
  type: 'reply';
  id: number;
  result: unknown;
}

/** Server → page: a pushed event. */
export interface EventMessage {
  type: 'event';
  name: string;
  payload: unknown;
}

/** Anything the server sends. */
export type ServerMessage = HelloMessage | ReplyMessage | EventMessage;
