/**
 * Adding media (videodb-api.md §8): `GET /collection/{id}/upload_url` → a presigned target the
 * uploads room sends the file to (without the key), then `POST /collection/{id}/upload` registers
 * it, or any public URL, as a video, audio or image of the collection; the answer is the media
 * object or a job whose finished data is. Registering creates something and has no idempotency
 * key, so it is never retried blindly (request kind `clip`: an ambiguous failure says so).
 */
import type { Video } from '../../shared/domain';
import type { VideoDbClient } from './client-types';
import { isJob, type MediaNote } from './endpoint-helpers';
import { VideoDbError } from './errors';
import { parseOrThrow, toVideo, VideoSchema } from './schemas';
import type { Transport } from './transport';

type UploadEndpoint = 'uploadUrl' | 'registerUpload' | 'parseUploadResult';

/** "… already exists with id X " (the API's words, trailing space and all) → X. */
export function existingIdIn(message: string): string | null {
  const m = /already exists with id\s+([A-Za-z0-9_-]+)/i.exec(message);
  return m ? (m[1] ?? null) : null;
}

/** The upload endpoints over `t`. */
export function uploadEndpoints(
  t: Transport,
  noteMedia: MediaNote,
): Pick<VideoDbClient, UploadEndpoint> {
  const self: Pick<VideoDbClient, UploadEndpoint> = {
    async uploadUrl(collectionId, name, signal) {
      const { data } = await t.send({
        method: 'GET',
        target: `/collection/${encodeURIComponent(collectionId)}/upload_url`,
        query: name === '' ? {} : { name },
        kind: 'read',
        signal,
      });
      const url =
        data && typeof data === 'object' ? (data as Record<string, unknown>)['upload_url'] : null;
      if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
        throw new VideoDbError('bad-response', 'VideoDB sent no address to upload the file to.');
      }
      return url;
    },

    async registerUpload(collectionId, media, signal) {
      const body: Record<string, string> = { url: media.url };
      if (media.name !== undefined && media.name !== '') body['name'] = media.name;
      if (media.description !== undefined && media.description !== '')
        body['description'] = media.description;
      if (media.mediaType !== undefined) body['media_type'] = media.mediaType;
      const { envelope, data } = await t.send({
        method: 'POST',
        target: `/collection/${encodeURIComponent(collectionId)}/upload`,
        body,
        kind: 'clip',
        signal,
      });
      if (isJob(data)) return { job: t.jobFrom(envelope, data) };
      return { media: self.parseUploadResult(data, collectionId) };
    },

    parseUploadResult(data, collectionId) {
      const v: Video = toVideo(parseOrThrow(VideoSchema, data, 'the new video'), collectionId);
      noteMedia(v.streamUrl);
      return v;
    },
  };
  return self;
}
