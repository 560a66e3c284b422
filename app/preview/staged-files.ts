/**
 * The preview's stand-in for a file's path: a browser page hands over a `File`, never its path,
 * so the page script PUTs the file here and the preview keeps a copy in its own data folder
 * (`staged/<random>/<name>`), answering with that copy's path for `uploads:add-files`. Only this
 * page may (same origin, the run's token), a name cannot leave its folder, and a copy is bounded.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { STAGE_TOKEN_HEADER } from '../shared/files-bridge';

/** The largest file the preview keeps a copy of. */
export const MAX_STAGED_BYTES = 4 * 1024 ** 3;

/** A file name safe as one path segment (no folders, no dot names). */
export function stagedName(raw: string): string {
  const name = [...basename(raw.replace(/\\/g, '/'))]
    .map((ch) => (ch.charCodeAt(0) < 32 || '<>:"|?*'.includes(ch) ? '_' : ch))
    .join('')
    .trim()
    .slice(0, 200);
  return name === '' || name === '.' || name === '..' ? 'file' : name;
}

/** Answer one PUT of the page: keep the body as a file and say where. */
export async function stageFile(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { dataDir: string; token: string; headers: (type: string) => Record<string, string> },
): Promise<void> {
  const answer = (status: number, body: unknown): void => {
    res.writeHead(status, opts.headers('application/json; charset=utf-8'));
    res.end(JSON.stringify(body));
  };
  const site = req.headers['sec-fetch-site'];
  if (
    req.headers[STAGE_TOKEN_HEADER] !== opts.token ||
    (site !== undefined && site !== 'same-origin')
  ) {
    req.resume();
    return answer(403, { error: 'Forbidden' });
  }
  const length = Number(req.headers['content-length']);
  if (Number.isFinite(length) && length > MAX_STAGED_BYTES) {
    req.resume();
    return answer(413, { error: 'The file is too large for the preview.' });
  }
  const url = new URL(req.url ?? '/', 'http://preview');
  const folder = join(opts.dataDir, 'staged', randomUUID());
  const path = join(folder, stagedName(url.searchParams.get('name') ?? 'file'));
  await mkdir(folder, { recursive: true });
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_STAGED_BYTES) req.destroy(new Error('too large'));
  });
  try {
    await pipeline(req, createWriteStream(path));
  } catch {
    await rm(folder, { recursive: true, force: true });
    if (!res.headersSent && !res.destroyed)
      answer(400, { error: 'The file did not arrive whole.' });
    return;
  }
  answer(200, { path });
}
