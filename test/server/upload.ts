/**
 * Uploads of the local server (videodb-api.md §8): `GET /collection/{id}/upload_url` hands out a
 * presigned target `/upload-target/{token}` (no API key, as a presigned link is), the target takes
 * the file, and `POST /collection/{id}/upload` `{url, name?, description?, media_type?}` registers
 * it (or any public URL) as a new video, audio or image of the collection.
 *
 * The target speaks two protocols, as real ones do:
 * - one multipart POST with a `file` field, as VideoDB's SDKs send it (no resume: a cut upload
 *   leaves nothing, and a later POST starts the object again);
 * - a resumable session (the switch `uploadTarget: 'resumable'`, the default), in the style of a
 *   cloud storage resumable upload: `PUT` with `Content-Range: bytes a-b/total` appends a piece and
 *   answers `308` with `Range: bytes=0-n` until the last byte, then `200`; `PUT` with an empty body
 *   and `Content-Range: bytes *\/total` asks how much arrived. With `uploadTarget: 'plain'` a `PUT`
 *   answers 405, so a client learns the target cannot resume.
 * The switch `uploadCutAfterBytes` cuts every upload request's connection after that many body
 * bytes; with a resumable target the bytes received before the cut are kept. The switch
 * `uploadBytesPerSecond` slows the target down (read at every chunk, so it can change mid-file).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerSwitches } from './switches';

/** The path of every upload target: `/upload-target/{token}`. */
export const UPLOAD_TARGET_PATH = /^\/upload-target\/([0-9a-f]{24})$/;

/** Largest file a target takes (the server keeps it in memory). */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

/** One presigned target and what arrived at it. */
export interface UploadTarget {
  token: string;
  collectionId: string;
  name: string;
  /** Bytes received so far, in order. */
  chunks: Buffer[];
  received: number;
  /** The size the client announced (Content-Range total or the multipart file's size). */
  total: number | null;
  complete: boolean;
  /** How many requests reached the target (tests read it to see a restart or a resume). */
  requests: number;
}

/** The server's upload targets and the URLs it has registered (so a repeat is refused). */
export class UploadTargets {
  private readonly targets = new Map<string, UploadTarget>();
  /** Registered URL → media id: registering the same URL twice answers "already exists". */
  readonly registered = new Map<string, string>();

  create(collectionId: string, name: string): UploadTarget {
    const t: UploadTarget = {
      token: randomBytes(12).toString('hex'),
      collectionId,
      name,
      chunks: [],
      received: 0,
      total: null,
      complete: false,
      requests: 0,
    };
    this.targets.set(t.token, t);
    return t;
  }

  get(token: string): UploadTarget | undefined {
    return this.targets.get(token);
  }

  /** The target a URL of this server names, if it is one. */
  fromUrl(url: string): UploadTarget | undefined {
    try {
      const m = UPLOAD_TARGET_PATH.exec(new URL(url).pathname);
      return m ? this.targets.get(m[1] ?? '') : undefined;
    } catch {
      return undefined;
    }
  }

  list(): UploadTarget[] {
    return [...this.targets.values()];
  }

  clear(): void {
    this.targets.clear();
    this.registered.clear();
  }
}

/** `bytes a-b/total` → {start, end, total}; `bytes *\/total` → {start: null, total}. */
function parseContentRange(
  value: string | undefined,
): { start: number; end: number; total: number } | { start: null; total: number } | null {
  const m = /^bytes (?:(\d+)-(\d+)|\*)\/(\d+)$/.exec(value?.trim() ?? '');
  if (!m) return null;
  const total = Number(m[3]);
  if (m[1] === undefined) return { start: null, total };
  return { start: Number(m[1]), end: Number(m[2]), total };
}

/**
 * Read a request body, cutting the connection after `cutAfter` bytes (null: never); resolves with
 * the bytes received and whether the connection was cut.
 */
function receive(
  req: IncomingMessage,
  cutAfter: number | null,
  limit: number,
  bytesPerSecond: () => number | null = () => null,
): Promise<{ body: Buffer; cut: boolean; tooLarge: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (cut: boolean, tooLarge = false) => {
      if (settled) return;
      settled = true;
      resolve({ body: Buffer.concat(chunks), cut, tooLarge });
    };
    req.on('data', (c: Buffer) => {
      if (settled) return;
      if (cutAfter !== null && size + c.length >= cutAfter) {
        chunks.push(c.subarray(0, Math.max(0, cutAfter - size)));
        size = cutAfter;
        req.socket.destroy();
        finish(true);
        return;
      }
      size += c.length;
      if (size > limit) {
        finish(false, true);
        return;
      }
      chunks.push(c);
      // Throttled: take the next chunk only when this one's share of a second has passed.
      const rate = bytesPerSecond();
      if (rate !== null) {
        req.pause();
        setTimeout(() => req.resume(), Math.ceil((c.length / rate) * 1000));
      }
    });
    req.on('end', () => finish(false));
    req.on('error', () => finish(true));
    req.on('close', () => finish(true));
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): number {
  if (res.destroyed || res.headersSent) return 0;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text === '' ? {} : { 'content-type': 'application/json' }),
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
  return status;
}

/** `Range: bytes=0-n` of what a resumable target holds (absent when it holds nothing). */
function rangeHeader(t: UploadTarget): Record<string, string> {
  return t.received > 0 ? { range: `bytes=0-${t.received - 1}` } : {};
}

/**
 * Answer one request to an upload target; returns the status sent (0 when the connection was
 * cut), for the request log.
 */
export async function serveUploadTarget(
  req: IncomingMessage,
  res: ServerResponse,
  target: UploadTarget | undefined,
  switches: () => ServerSwitches,
): Promise<number> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (!target) {
    req.resume();
    return send(res, 404, { success: false, message: 'No such upload target (or it expired).' });
  }
  target.requests += 1;
  const sw = switches();

  if (method === 'POST') {
    // The SDKs' way: one multipart POST with a `file` field; nothing survives a cut.
    const got = await receive(
      req,
      sw.uploadCutAfterBytes,
      MAX_UPLOAD_BYTES + 64 * 1024,
      () => switches().uploadBytesPerSecond,
    );
    if (got.cut) return 0;
    if (got.tooLarge) return send(res, 413, { success: false, message: 'File too large' });
    let file: unknown;
    try {
      const form = await new Response(new Uint8Array(got.body), {
        headers: { 'content-type': req.headers['content-type'] ?? '' },
      }).formData();
      file = form.get('file');
    } catch {
      return send(res, 400, { success: false, message: 'Expected multipart/form-data' });
    }
    if (!(file instanceof Blob))
      return send(res, 400, { success: false, message: 'The form needs a `file` field' });
    const bytes = Buffer.from(await file.arrayBuffer());
    target.chunks = [bytes];
    target.received = bytes.length;
    target.total = bytes.length;
    target.complete = true;
    return send(res, 200, { success: true });
  }

  if (method === 'PUT') {
    if (sw.uploadTarget !== 'resumable') {
      req.resume();
      return send(res, 405, { success: false, message: 'This upload target takes one POST.' });
    }
    const range = parseContentRange(req.headers['content-range']);
    if (range === null || range.total > MAX_UPLOAD_BYTES) {
      req.resume();
      return send(res, 400, {
        success: false,
        message: 'A resumable upload needs Content-Range: bytes a-b/total or bytes */total',
      });
    }
    if (target.total !== null && target.total !== range.total) {
      req.resume();
      return send(res, 400, { success: false, message: 'The total size changed mid-upload' });
    }
    target.total = range.total;
    if (range.start === null) {
      // "How much arrived?"
      req.resume();
      if (target.complete) return send(res, 200, { success: true });
      return send(res, 308, undefined, rangeHeader(target));
    }
    if (target.complete) {
      req.resume();
      return send(res, 200, { success: true });
    }
    if (range.start !== target.received || range.end >= range.total || range.end < range.start) {
      req.resume();
      return send(res, 400, {
        success: false,
        message: `Content-Range starts at ${range.start}; the upload holds ${target.received} bytes`,
      });
    }
    const want = range.end - range.start + 1;
    const got = await receive(
      req,
      sw.uploadCutAfterBytes,
      want,
      () => switches().uploadBytesPerSecond,
    );
    // What arrived before a cut is kept: the client asks and continues from there.
    const piece = got.body.subarray(0, want);
    target.chunks.push(piece);
    target.received += piece.length;
    if (got.cut) return 0;
    if (got.tooLarge || piece.length !== want)
      return send(res, 400, { success: false, message: 'The body does not match Content-Range' });
    if (target.received === target.total) {
      target.complete = true;
      return send(res, 200, { success: true });
    }
    return send(res, 308, undefined, rangeHeader(target));
  }

  req.resume();
  return send(res, 405, { success: false, message: `Method ${method} not allowed` });
}
