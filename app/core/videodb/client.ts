/**
 * The VideoDB HTTP client (videodb-api.md): the {@link Transport} (pool, retries, key and origin
 * guard, proxy) and the endpoints by resource (library, clip and upload endpoints), joined
 * into one {@link VideoDbClient} per API base URL. Every answer is validated with zod; every
 * failure is a classified {@link VideoDbError} whose message never contains the key.
 */
import { clipEndpoints } from './clip-endpoints';
import type { VideoDbClient, VideoDbClientOptions } from './client-types';
import { mediaNote } from './endpoint-helpers';
import { VideoDbError } from './errors';
import { libraryEndpoints } from './library-endpoints';
import { CollectionListSchema, parseOrThrow } from './schemas';
import { createTransport } from './transport';
import { uploadEndpoints } from './upload-endpoints';
import { editorEndpoints } from './editor-endpoints';

export type {
  AccountUsage,
  ApiVideo,
  ClipResult,
  JobHandle,
  PollResult,
  VideoDbClient,
  VideoDbClientOptions,
} from './client-types';
export { apiPath } from './transport';

/** Player link for a stream, as in the API doc: https://console.videodb.io/player?url=<stream_url>. */
export function playerLinkFor(streamUrl: string): string {
  return `https://console.videodb.io/player?url=${encodeURIComponent(streamUrl)}`;
}

/** Build a client for one API base URL. */
export function createVideoDbClient(options: VideoDbClientOptions): VideoDbClient {
  const transport = createTransport(options);
  const noteMedia = mediaNote(options.onMediaUrl);
  return {
    baseUrl: transport.baseUrl,
    ...libraryEndpoints(transport, noteMedia),
    ...clipEndpoints(transport, noteMedia),
    ...uploadEndpoints(transport, noteMedia),
    ...editorEndpoints(transport),
    async checkKey(apiKey, signal) {
      if (apiKey !== undefined && apiKey.trim() === '') {
        throw new VideoDbError('validation', 'Paste your VideoDB API key first.');
      }
      const { data } = await transport.send({
        method: 'GET',
        target: '/collection',
        kind: 'read',
        signal,
        apiKey: apiKey?.trim(),
      });
      parseOrThrow(CollectionListSchema, data, 'the list of collections');
    },
    probe: (signal) => transport.probe(signal),
    close: () => transport.close(),
  };
}
