/** A JSON answer, still an object so faults can corrupt it before it is written. */
export interface JsonReply {
  kind: 'json';
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A non-JSON answer (media, HTML, SVG). */
export interface RawReply {
  kind: 'raw';
  status: number;
  body: string | Buffer;
  contentType: string;
  headers?: Record<string, string>;
}

/** What a route handler returns; the server writes it (or not, under a fault). */
export type Reply = JsonReply | RawReply;

/** Thrown by handlers to answer with an error envelope. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** `{success: true, data}` with HTTP 200. */
export function ok(data: unknown): JsonReply {
  return { kind: 'json', status: 200, body: { success: true, data } };
}

/** `{success: false, message}` with the given HTTP status. */
export function fail(status: number, message: string): JsonReply {
  return { kind: 'json', status, body: { success: false, message } };
}

/** Any JSON body with the given status. */
export function json(status: number, body: unknown, headers?: Record<string, string>): JsonReply {
  return headers ? { kind: 'json', status, body, headers } : { kind: 'json', status, body };
}

/** A raw body with a content type. */
export function raw(
  status: number,
  body: string | Buffer,
  contentType: string,
  headers?: Record<string, string>,
): RawReply {
  return headers
    ? { kind: 'raw', status, body, contentType, headers }
    : { kind: 'raw', status, body, contentType };
}
