/**
 * Library endpoints of the VideoDB API (videodb-api.md §2–§4): collections, videos, scene
 * indexes, transcripts, and the jobs that make a video searchable.
 */
import type { Video } from '../../shared/domain';
import type { VideoDbClient } from './client-types';
import { isJob, type MediaNote } from './endpoint-helpers';
import { VideoDbError } from './errors';
import {
  CollectionListSchema,
  SceneIndexCreatedSchema,
  SceneIndexListSchema,
  TranscriptSchema,
  VideoListSchema,
  VideoSchema,
  parseOrThrow,
  toCollections,
  toSceneIndexes,
  toVideo,
} from './schemas';
import { apiPath, type Transport } from './transport';

/** Most videos the API returns per page (spec limit). */
const MAX_PAGE_SIZE = 5000;

/** Names of the library endpoints. */
export type LibraryEndpoint =
  | 'listCollections'
  | 'listVideosPage'
  | 'listAllVideos'
  | 'getVideo'
  | 'listSceneIndexes'
  | 'getTranscript'
  | 'indexSpokenWords'
  | 'indexScenes'
  | 'searchCollection'
  | 'accountUsage';

/** Field names `/billing/usage` might carry a balance or a use under (undocumented shape). */
const BALANCE_FIELDS = [
  'credit_balance',
  'credits_remaining',
  'remaining_credits',
  'balance',
  'credits',
];
const USED_FIELDS = ['credits_used', 'used_credits', 'used', 'usage'];

function firstNumber(o: Record<string, unknown>, names: readonly string[]): number | null {
  for (const n of names) {
    const v = o[n];
    const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof x === 'number' && Number.isFinite(x)) return x;
  }
  return null;
}

/** The library endpoints over `t`; stream links of videos go to `noteMedia`. */
export function libraryEndpoints(
  t: Transport,
  noteMedia: MediaNote,
): Pick<VideoDbClient, LibraryEndpoint> {
  const seenVideo = (v: Video): Video => {
    noteMedia(v.streamUrl);
    return v;
  };
  const self: Pick<VideoDbClient, LibraryEndpoint> = {
    async searchCollection(collectionId, query, indexType, signal) {
      const { data } = await t.send({
        method: 'POST',
        target: `/collection/${encodeURIComponent(collectionId)}/search`,
        body: { query, search_type: 'semantic', index_type: indexType, result_threshold: 100 },
        // A search changes nothing: safe to retry.
        kind: 'read',
        signal,
      });
      const results = (data as { results?: unknown } | null)?.results;
      if (!Array.isArray(results))
        throw new VideoDbError(
          'bad-response',
          'VideoDB answered the search in a way the app cannot read.',
        );
      return results.flatMap((r: unknown) => {
        const x = (r ?? {}) as Record<string, unknown>;
        const id = x['video_id'];
        const score = Number(x['max_score']);
        return typeof id === 'string' && id !== ''
          ? [{ videoId: id, maxScore: Number.isFinite(score) ? score : null }]
          : [];
      });
    },

    async accountUsage(signal) {
      try {
        const { data } = await t.send({
          method: 'GET',
          target: '/billing/usage',
          kind: 'read',
          signal,
        });
        if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
        const o = data as Record<string, unknown>;
        const balance = firstNumber(o, BALANCE_FIELDS);
        const used = firstNumber(o, USED_FIELDS);
        return balance === null && used === null ? null : { balance, used };
      } catch (err) {
        // An account that does not expose usage is not an error the person can act on.
        if (err instanceof VideoDbError && err.code === 'not-found') return null;
        throw err;
      }
    },

    async listCollections(signal) {
      const { data } = await t.send({ method: 'GET', target: '/collection', kind: 'read', signal });
      return toCollections(parseOrThrow(CollectionListSchema, data, 'the list of collections'));
    },

    async listVideosPage(collectionId, pageIndex, count, signal) {
      const size = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(count)));
      const { data } = await t.send({
        method: 'GET',
        target: '/video',
        query: {
          collection_id: collectionId,
          page_index: Math.max(0, Math.floor(pageIndex)),
          count: size,
        },
        kind: 'read',
        signal,
      });
      return parseOrThrow(VideoListSchema, data, 'the list of videos').videos.map((v) =>
        seenVideo(toVideo(v, collectionId)),
      );
    },

    async listAllVideos(collectionId, opts = {}) {
      const size = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(opts.pageSize ?? MAX_PAGE_SIZE)));
      const all: Video[] = [];
      const seen = new Set<string>();
      // The API says nothing about more pages; a short page is the end. The cap guards against a
      // server that ignores page_index and repeats the first page forever.
      for (let page = 0; page < 10_000; page++) {
        const videos = await self.listVideosPage(collectionId, page, size, opts.signal);
        const fresh = videos.filter((v) => !seen.has(v.id));
        for (const v of fresh) seen.add(v.id);
        all.push(...fresh);
        if (fresh.length > 0) await opts.onPage?.(fresh, page);
        if (videos.length < size || fresh.length === 0) break;
      }
      return all;
    },

    async getVideo(videoId, collectionId, signal) {
      const { data } = await t.send({
        method: 'GET',
        target: apiPath`/video/${videoId}`,
        query: { collection_id: collectionId },
        kind: 'read',
        signal,
      });
      return seenVideo(toVideo(parseOrThrow(VideoSchema, data, 'a video'), collectionId));
    },

    async listSceneIndexes(videoId, signal) {
      const { data } = await t.send({
        method: 'GET',
        target: apiPath`/video/${videoId}/index/scene`,
        kind: 'read',
        signal,
      });
      return toSceneIndexes(parseOrThrow(SceneIndexListSchema, data, 'the scene indexes'));
    },

    async getTranscript(videoId, signal) {
      const { envelope, data } = await t.send({
        method: 'GET',
        target: apiPath`/video/${videoId}/transcription`,
        query: { segmenter: 'word' },
        kind: 'read',
        signal,
      });
      if (isJob(data)) return { kind: 'job', job: t.jobFrom(envelope, data) };
      const tr = parseOrThrow(TranscriptSchema, data, 'a transcript');
      return { kind: 'ready', text: tr.text ?? '', words: tr.word_timestamps };
    },

    async indexSpokenWords(videoId, opts = {}) {
      const body: Record<string, unknown> = { index_type: 'spoken_word' };
      if (opts.languageCode !== undefined) body['language_code'] = opts.languageCode;
      if (opts.force !== undefined) body['force'] = opts.force;
      try {
        const { envelope, data } = await t.send({
          method: 'POST',
          target: apiPath`/video/${videoId}/index`,
          body,
          kind: 'write',
          signal: opts.signal,
        });
        return t.jobFrom(envelope, data);
      } catch (err) {
        if (
          err instanceof VideoDbError &&
          err.code === 'validation' &&
          /already exists/i.test(err.message)
        ) {
          return { alreadyExists: true };
        }
        throw err;
      }
    },

    async indexScenes(videoId, opts = {}) {
      const body: Record<string, unknown> = { extraction_type: opts.extractionType ?? 'shot' };
      if (opts.prompt !== undefined) body['prompt'] = opts.prompt;
      if (opts.name !== undefined) body['name'] = opts.name;
      const { envelope, data } = await t.send({
        method: 'POST',
        target: apiPath`/video/${videoId}/index/scene`,
        body,
        kind: 'write',
        signal: opts.signal,
      });
      const d = parseOrThrow(SceneIndexCreatedSchema, data, 'a scene index');
      const job = isJob(data) ? t.jobFrom(envelope, data) : null;
      if (!job && !d.scene_index_id) {
        throw new VideoDbError(
          'bad-response',
          'VideoDB accepted the request but sent neither a scene index nor a job.',
        );
      }
      return { sceneIndexId: d.scene_index_id ?? null, job };
    },
  };
  return self;
}
