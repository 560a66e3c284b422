/**
 * Sending a file's bytes to its presigned upload address (no key goes there): asking the address
 * how much it holds (a resumable upload's status query, `PUT` with `Content-Range: bytes *\/size`),
 * the rest of the file in pieces to an address that keeps a session, or the whole file as one
 * multipart POST, as VideoDB's SDKs send it, to one that does not. Progress is counted as the
 * network takes the bytes. The engine (upload-engine.ts) decides when to ask, retry or start again.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Clock } from '../types';
import { VideoDbError } from '../videodb';
import type { Running, UploadRecord } from './upload-record';

const PROGRESS_EVERY_MS = 200;

/** What the transfer tells the engine as the bytes go. */
export interface TransferHooks {
  clock: Clock;
  /** Save the records (unless `force`, at most every so often). */
  save(force: boolean): void;
  /** Tell the window how the upload stands. */
  emit(rec: UploadRecord): void;
  /** Bytes per piece to an address that keeps a session (default {@link pieceSize}). */
  pieceBytes?: number | undefined;
}

/**
 * Ask the address how much of the file it holds (a resumable upload's status query): a byte
 * count, 'no-session' when it keeps none (then the file goes as one POST), 'gone' when the
 * address no longer takes uploads (expired).
 */
export async function askHeld(
  url: string,
  size: number,
  signal: AbortSignal,
): Promise<number | 'no-session' | 'gone'> {
  const res = await fetch(url, {
    method: 'PUT',
    headers: { 'content-range': `bytes */${size}` },
    signal,
    redirect: 'manual',
  });
  await res.body?.cancel().catch(() => undefined);
  if (res.status === 308) return rangeEnd(res.headers.get('range'));
  if (res.status === 200 || res.status === 201) return size;
  if (res.status === 404 || res.status === 410) return 'gone';
  return 'no-session';
}

/** Send the rest of the file in pieces; true when the address has all of it. */
export async function sendPieces(
  h: TransferHooks,
  rec: UploadRecord,
  run: Running,
  url: string,
  size: number,
): Promise<boolean> {
  const piece = h.pieceBytes ?? pieceSize(size);
  while (rec.bytesDone < size) {
    const start = rec.bytesDone;
    const end = Math.min(size, start + piece) - 1;
    const res = await fetch(url, {
      method: 'PUT',
      headers: {
        'content-range': `bytes ${start}-${end}/${size}`,
        'content-length': String(end - start + 1),
      },
      body: fileBody(h, rec, run, start, end),
      duplex: 'half',
      signal: run.controller.signal,
      redirect: 'manual',
    } as RequestInit);
    await res.body?.cancel().catch(() => undefined);
    if (res.status === 200 || res.status === 201) {
      rec.bytesDone = size;
      return true;
    }
    if (res.status === 308) {
      const held = rangeEnd(res.headers.get('range'));
      rec.bytesDone = held;
      h.save(false);
      continue;
    }
    if (res.status === 404 || res.status === 410 || res.status === 403) throw new AddressGone();
    if (res.status === 400 || res.status === 409 || res.status === 416) throw new OutOfStep();
    if (res.status >= 500 || res.status === 408 || res.status === 429)
      throw new Error(`the upload address answered ${res.status}`);
    throw new VideoDbError(
      'server',
      `The upload stopped: the address answered ${res.status}. Try again later.`,
    );
  }
  return true;
}

/** Send the file as one multipart POST (as VideoDB's SDKs do); true when it was taken. */
export async function sendWhole(
  h: TransferHooks,
  rec: UploadRecord,
  run: Running,
  url: string,
  size: number,
): Promise<boolean> {
  const boundary = `----videodb-clips-${randomBytes(12).toString('hex')}`;
  const fileName = basename(rec.path!).replace(/["\r\n]/g, '_');
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  rec.bytesDone = 0;
  const file = fileBody(h, rec, run, 0, size - 1);
  const body = streamOf(
    (async function* () {
      yield new Uint8Array(head);
      for await (const chunk of file) yield chunk;
      yield new Uint8Array(tail);
    })(),
  );
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + size + tail.length),
    },
    body,
    duplex: 'half',
    signal: run.controller.signal,
    redirect: 'manual',
  } as RequestInit);
  await res.body?.cancel().catch(() => undefined);
  if (res.status >= 200 && res.status < 300) return true;
  if (res.status === 404 || res.status === 410 || res.status === 403) throw new AddressGone();
  if (res.status >= 500 || res.status === 408 || res.status === 429)
    throw new Error(`the upload address answered ${res.status}`);
  throw new VideoDbError(
    'server',
    `The upload stopped: the address answered ${res.status}. Try again later.`,
  );
}

/** Bytes `start..end` of the file, counted as the network takes them. */
function fileBody(
  h: TransferHooks,
  rec: UploadRecord,
  run: Running,
  start: number,
  end: number,
): ReadableStream<Uint8Array> {
  const stream = createReadStream(rec.path!, { start, end, highWaterMark: 256 * 1024 });
  let lastEmit = 0;
  let trailing: ReturnType<typeof setTimeout> | null = null;
  const announce = (): void => {
    trailing = null;
    lastEmit = Date.now();
    rec.updatedAt = h.clock.now();
    h.save(false);
    h.emit(rec);
  };
  const taken = (position: number): void => {
    rec.bytesDone = position;
    const now = Date.now();
    run.speed.add(position, now);
    // At most every PROGRESS_EVERY_MS, and the last count is always said (a burst of reads
    // followed by a slow network must not leave the bar behind).
    if (now - lastEmit >= PROGRESS_EVERY_MS) announce();
    else
      trailing ??= setTimeout(() => {
        if (run.reason === null && rec.status === 'uploading') announce();
        else trailing = null;
      }, PROGRESS_EVERY_MS);
  };
  return streamOf(
    (async function* () {
      let position = start;
      for await (const chunk of stream) {
        const bytes = chunk as Buffer;
        yield new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
        position += bytes.length;
        taken(position);
      }
    })(),
  );
}

/** The upload address no longer takes this upload (expired): a new one is asked for. */
export class AddressGone extends Error {}

/** A piece was refused: the address holds a different count of bytes than the engine thought. */
export class OutOfStep extends VideoDbError {
  constructor() {
    super('server', 'The upload address did not take the next piece. Try again later.');
  }
}

/**
 * Piece size for a resumable address: about a hundredth of the file, in multiples of 256 KiB (what
 * resumable upload services require), between 1 and 16 MiB.
 */
export function pieceSize(fileBytes: number): number {
  const unit = 256 * 1024;
  const wanted = Math.ceil(fileBytes / 100 / unit) * unit;
  return Math.min(16 * 1024 * 1024, Math.max(1024 * 1024, wanted));
}

/** A web stream over an async generator (the request body fetch reads as the network takes it). */
function streamOf(gen: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await gen.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await gen.return(undefined);
    },
  });
}

/** `bytes=0-99` → 100 bytes held; none (no header) → 0. */
function rangeEnd(value: string | null): number {
  const m = /bytes=0-(\d+)/.exec(value ?? '');
  return m ? Number(m[1]) + 1 : 0;
}
