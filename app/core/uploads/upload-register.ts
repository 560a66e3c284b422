/**
 * Adding an uploaded file (or a public link) to the collection: `POST /collection/{id}/upload`
 * `{url, name, media_type}`, then polling VideoDB's import job until it says how it ended. The
 * request creates a video and has no idempotency key, so its "sent" mark is saved before it goes
 * out and an answer that never came makes the upload `uncertain`: never resent blindly.
 */
import { existingIdIn, VideoDbError, type VideoDbClient } from '../videodb';
import { WaitForNetwork, type UploadRecord } from './upload-record';

/** What registering needs from the engine. */
export interface RegisterHooks {
  client: () => VideoDbClient;
  /** Change the record, save it and tell the window. */
  set(rec: UploadRecord, patch: Partial<UploadRecord>): void;
  markUncertain(rec: UploadRecord): void;
  /** VideoDB added it as `videoId`. */
  finish(rec: UploadRecord, videoId: string): void;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Between polls of the import job; default 1 s. */
  pollIntervalMs?: number | undefined;
}

export async function register(
  h: RegisterHooks,
  rec: UploadRecord,
  signal: AbortSignal,
): Promise<void> {
  if (rec.registerSent) {
    // Sent before, no answer known: never again without the person's say-so.
    h.markUncertain(rec);
    return;
  }
  const url = rec.source === 'link' ? rec.link! : rec.uploadUrl!;
  // The mark is on disk before the request goes out (as the outbox's "sending" mark is).
  h.set(rec, { status: 'registering', registerSent: true, error: null });
  let answer: Awaited<ReturnType<VideoDbClient['registerUpload']>>;
  try {
    answer = await h
      .client()
      .registerUpload(rec.collectionId, { url, name: rec.name, mediaType: rec.mediaType }, signal);
  } catch (err) {
    signal.throwIfAborted();
    const existing = err instanceof VideoDbError ? existingIdIn(err.message) : null;
    if (existing !== null) return h.finish(rec, existing);
    if (err instanceof VideoDbError && err.ambiguous) {
      h.markUncertain(rec);
      return;
    }
    // Refused, or never sent (no connection): nothing was made, so it may be sent again.
    rec.registerSent = false;
    if (err instanceof VideoDbError && err.code === 'offline') throw new WaitForNetwork();
    throw err;
  }
  if ('media' in answer) return h.finish(rec, answer.media.id);
  h.set(rec, { status: 'processing', jobUrl: answer.job.outputUrl });
  await follow(h, rec, signal);
}

/** Poll the import job until VideoDB says how it ended. */
export async function follow(
  h: RegisterHooks,
  rec: UploadRecord,
  signal: AbortSignal,
): Promise<void> {
  if (rec.status !== 'processing') h.set(rec, { status: 'processing' });
  const client = h.client();
  for (;;) {
    await h.sleep(h.pollIntervalMs ?? 1000, signal);
    let poll: Awaited<ReturnType<VideoDbClient['poll']>>;
    try {
      poll = await client.poll(rec.jobUrl!, signal);
    } catch (err) {
      signal.throwIfAborted();
      if (err instanceof VideoDbError && (err.code === 'offline' || err.code === 'server'))
        continue;
      throw err;
    }
    if (poll.state === 'done') {
      const media = client.parseUploadResult(poll.data, rec.collectionId);
      return h.finish(rec, media.id);
    }
    if (poll.state === 'failed') throw poll.error;
  }
}
