/**
 * MP4 downloads of the local server (videodb-api.md §8): `POST /download` mints a link to a real
 * MP4, remuxed once by ffmpeg (`-c copy`) from the HLS fixture and cached, and
 * `GET /media/download/{token}/{name}.mp4?expires=…` serves it without the API key, as a presigned
 * link is, with HTTP Range (206 + Content-Range, 416 past the end, If-Range on the ETag). A link
 * expires on the server clock (`control.advanceTime` past {@link DOWNLOAD_LINK_TTL_MS} → 403), and
 * the switches `downloadBytesPerSecond` (throttle) and `downloadCutAfterBytes` (every answer's
 * connection is cut after that many body bytes) let tests pause, restart and resume mid-file.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HLS_FIXTURE_DIR } from './media';
import type { ServerSwitches } from './switches';

/** How long a minted download link stays valid (the API says about 24 hours). */
export const DOWNLOAD_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/** The path of every download link: `/media/download/{token}/{name}.mp4`. */
export const DOWNLOAD_PATH = /^\/media\/download\/([0-9a-f]{16})\/([^/]+\.mp4)$/;

const FIXTURE_SEGMENTS = ['segment-000.m2ts', 'segment-001.m2ts', 'segment-002.m2ts'];

/** A file name safe in a URL path: letters, digits, `-`, `_`, `.`; `clip` when nothing is left. */
function safeName(name: string): string {
  const cleaned = name
    .replace(/\.mp4$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return cleaned === '' ? 'clip' : cleaned;
}

/** A download link for a stream, valid until `now + DOWNLOAD_LINK_TTL_MS` on the server clock. */
export function downloadUrlFor(
  base: string,
  streamLink: string,
  name: string,
  now: number,
): string {
  const token = createHash('sha1').update(streamLink).digest('hex').slice(0, 16);
  return `${base}/media/download/${token}/${safeName(name)}.mp4?expires=${now + DOWNLOAD_LINK_TTL_MS}`;
}

let mp4: Promise<{ body: Buffer; etag: string; contentType: string }> | null = null;

function remux(out: string): Promise<boolean> {
  return new Promise((resolve) => {
    const input = `concat:${FIXTURE_SEGMENTS.join('|')}`;
    const ff = spawn(
      process.env['FFMPEG_PATH'] ?? 'ffmpeg',
      ['-v', 'error', '-y', '-i', input, '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', out],
      { cwd: HLS_FIXTURE_DIR, stdio: 'ignore' },
    );
    ff.on('error', () => resolve(false));
    ff.on('close', (code) => resolve(code === 0));
  });
}

/**
 * The MP4 every download link serves: the HLS fixture remuxed (no re-encode), cached in the temp
 * folder by the fixture's content. Without ffmpeg, the fixture's MPEG-TS bytes as they are.
 */
export function downloadFile(): Promise<{ body: Buffer; etag: string; contentType: string }> {
  mp4 ??= (async () => {
    const ts = Buffer.concat(FIXTURE_SEGMENTS.map((s) => readFileSync(join(HLS_FIXTURE_DIR, s))));
    const key = createHash('sha1').update(ts).digest('hex').slice(0, 12);
    const cached = join(tmpdir(), `videodb-clips-download-${key}.mp4`);
    if (!existsSync(cached)) {
      const part = `${cached}.${process.pid}.part`;
      if (!(await remux(part))) {
        const etag = `"ts-${key}"`;
        return { body: ts, etag, contentType: 'video/mp2t' };
      }
      renameSync(part, cached);
    }
    const body = readFileSync(cached);
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    return { body, etag, contentType: 'video/mp4' };
  })();
  return mp4;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Answers one download request on `res`, telling `onStatus` the status line it sent (the request
 * log's). Range `bytes=N-` / `bytes=N-M` → 206; unsatisfiable → 416.
 */
export async function serveDownload(
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
  now: number,
  switches: () => ServerSwitches,
  onStatus: (status: number) => void,
): Promise<void> {
  const expires = Number(query.get('expires'));
  const end = (status: number, message: string): void => {
    onStatus(status);
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0"?><Error><Message>${message}</Message></Error>`);
  };
  // Resolves when the piece is handed to the socket, or when the client has gone.
  const send = (piece: Buffer): Promise<void> =>
    new Promise<void>((resolve) => {
      if (res.destroyed) return resolve();
      res.once('close', resolve);
      res.write(piece, () => {
        res.off('close', resolve);
        resolve();
      });
    });
  if (!Number.isFinite(expires)) return end(403, 'Request is not signed');
  if (now > expires) return end(403, 'Request has expired');
  const file = await downloadFile();
  const size = file.body.length;
  let start = 0;
  let last = size - 1;
  let status = 200;
  const range = req.headers.range;
  const ifRange = req.headers['if-range'];
  if (range !== undefined && (ifRange === undefined || ifRange === file.etag)) {
    const m = /^bytes=(\d+)-(\d*)$/.exec(range.trim());
    if (m) {
      start = Number(m[1]);
      if (m[2] !== '') last = Math.min(size - 1, Number(m[2]));
      if (start >= size || start > last) {
        onStatus(416);
        res.writeHead(416, { 'content-range': `bytes */${size}` });
        res.end();
        return;
      }
      status = 206;
    }
  }
  const headers: Record<string, string | number> = {
    'content-type': file.contentType,
    'content-length': last - start + 1,
    'accept-ranges': 'bytes',
    etag: file.etag,
  };
  if (status === 206) headers['content-range'] = `bytes ${start}-${last}/${size}`;
  onStatus(status);
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const sw = switches();
  const chunk = 8 * 1024;
  let sent = 0;
  for (let at = start; at <= last; at += chunk) {
    if (res.destroyed) return;
    let piece = file.body.subarray(at, Math.min(last + 1, at + chunk));
    const cut = sw.downloadCutAfterBytes;
    if (cut !== null && sent + piece.length >= cut) {
      piece = piece.subarray(0, Math.max(0, cut - sent));
      await send(piece);
      // The bytes are out and read; then the connection drops before the rest, as on a flaky
      // network (cut at once, the client's unread buffer would go down with the socket).
      await sleep(150);
      res.socket?.destroy();
      return;
    }
    await send(piece);
    sent += piece.length;
    const bps = sw.downloadBytesPerSecond;
    if (bps !== null && bps > 0) await sleep((piece.length / bps) * 1000);
  }
  res.end();
}
