/**
 * Clip endpoints of the VideoDB API (videodb-api.md §5–§8): the clip request, its job's polls
 * (interpreted by poll-answer.ts), the compiled stream, and MP4 downloads.
 */
import { MODEL_TIERS, type ContentType } from '../../shared/domain';
import {
  asAmbiguous,
  clipAnswerIsAmbiguous,
  cleanServerMessage,
  errorForMessage,
} from './classify';
import type { PollResult, VideoDbClient } from './client-types';
import { isJob, type MediaNote } from './endpoint-helpers';
import { VideoDbError } from './errors';
import { interpretPollAnswer } from './poll-answer';
import { ClipResultSchema, StreamSchema, parseOrThrow, toSegments, type Envelope } from './schemas';
import { apiPath, type Transport } from './transport';

const CONTENT_TYPES: readonly ContentType[] = ['spoken', 'visual', 'multimodal'];
/** Poll answers with these statuses are read, not thrown: a 404 is the job's own verdict. */
const PASS_404: ReadonlySet<number> = new Set([404]);

/** Names of the clip endpoints. */
export type ClipEndpoint =
  | 'clip'
  | 'poll'
  | 'pollRefusal'
  | 'parseClipResult'
  | 'requestDownload'
  | 'parseDownloadResult'
  | 'compile'
  | 'streamSegments';

/** The clip endpoints over `t`; stream links of results go to `noteMedia`. */
export function clipEndpoints(
  t: Transport,
  noteMedia: MediaNote,
): Pick<VideoDbClient, ClipEndpoint> {
  /** Poll status words the app did not know, each logged once. */
  const unknownStatuses = new Set<string>();
  const failedPoll = (message: unknown): PollResult => {
    const m = cleanServerMessage(message);
    return { state: 'failed', error: errorForMessage(m === null ? null : t.clean(m), 200) };
  };
  const self: Pick<VideoDbClient, ClipEndpoint> = {
    async clip(videoId, request, signal) {
      // Validated here too: the vendor's examples show values the API rejects.
      if (!CONTENT_TYPES.includes(request.contentType)) {
        throw new VideoDbError(
          'validation',
          `Unknown content type "${String(request.contentType)}".`,
        );
      }
      if (!(MODEL_TIERS as readonly string[]).includes(request.modelName)) {
        throw new VideoDbError('validation', `Unknown model "${String(request.modelName)}".`);
      }
      if (request.prompt.trim() === '')
        throw new VideoDbError('validation', 'Write what you are looking for.');
      const body: Record<string, unknown> = {
        prompt: request.prompt,
        content_type: request.contentType,
        model_name: request.modelName,
      };
      if (request.sceneIndexId !== undefined) body['scene_index_id'] = request.sceneIndexId;
      if (request.callbackUrl !== undefined) body['callback_url'] = request.callbackUrl;
      let answer: { envelope: Envelope; data: unknown };
      try {
        answer = await t.send({
          method: 'POST',
          target: apiPath`/video/${videoId}/clip`,
          body,
          kind: 'clip',
          signal,
        });
      } catch (err) {
        // An unreadable 2xx answer means the server took the request: the job may exist. So may
        // it after any HTTP answer that is not the API's own refusal (a gateway's 502/504 page,
        // a 503): only a refusal may be retried; the rest is the user's call.
        if (err instanceof VideoDbError && !err.ambiguous && clipAnswerIsAmbiguous(err)) {
          throw asAmbiguous(err);
        }
        throw err;
      }
      try {
        return t.jobFrom(answer.envelope, answer.data);
      } catch (err) {
        if (err instanceof VideoDbError) {
          throw new VideoDbError(err.code, err.message, {
            status: err.status,
            ambiguous: true,
            transient: false,
          });
        }
        throw err;
      }
    },

    async poll(outputUrl, signal) {
      const target = t.pollTarget(outputUrl);
      if (typeof target === 'string') {
        throw new VideoDbError('bad-response', target, { transient: false });
      }
      const answer = await t.sendRaw({
        method: 'GET',
        target,
        kind: 'read',
        signal,
        passStatuses: PASS_404,
      });
      const verdict = interpretPollAnswer(answer.status, answer.json);
      switch (verdict.state) {
        case 'running':
          if (verdict.unknownStatus !== undefined && !unknownStatuses.has(verdict.unknownStatus)) {
            unknownStatuses.add(verdict.unknownStatus);
            t.logger?.warn('job poll: status word not known; treated as still running', {
              status: t.clean(verdict.unknownStatus).slice(0, 80),
            });
          }
          return { state: 'running', percentage: verdict.percentage };
        case 'done':
          return { state: 'done', data: verdict.data };
        case 'failed':
          return failedPoll(verdict.message);
        case 'not-found':
          return {
            state: 'failed',
            error: new VideoDbError(
              'not-found',
              'This job has expired or no longer exists on VideoDB.',
              { status: answer.status },
            ),
          };
        case 'unreadable':
          throw new VideoDbError(
            'bad-response',
            verdict.reason.endsWith('.')
              ? verdict.reason
              : 'VideoDB sent a job answer the app could not read.',
            { status: answer.status, transient: true },
          );
      }
    },

    pollRefusal(outputUrl) {
      const target = t.pollTarget(outputUrl);
      return typeof target === 'string' ? target : null;
    },

    parseClipResult(data) {
      const d = parseOrThrow(ClipResultSchema, data, 'a clip result');
      const first = d.results[0];
      const segments = toSegments(d);
      noteMedia(first?.stream_url, ...segments.map((seg) => seg.streamUrl));
      return {
        segments,
        sourceStreamUrl: first?.stream_url ?? null,
        videoTitle: first?.title ?? null,
      };
    },

    async requestDownload(streamLink, name, signal) {
      const { envelope, data } = await t.send({
        method: 'POST',
        target: '/download',
        body: { stream_link: streamLink, name },
        kind: 'write',
        signal,
      });
      if (isJob(data)) return { job: t.jobFrom(envelope, data) };
      return { downloadUrl: self.parseDownloadResult(data) };
    },

    parseDownloadResult(data) {
      const url =
        data && typeof data === 'object' ? (data as Record<string, unknown>)['download_url'] : null;
      if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
        throw new VideoDbError('bad-response', 'VideoDB sent no link to download the clip from.');
      }
      return url;
    },

    async compile(items, signal) {
      if (items.length === 0)
        throw new VideoDbError('validation', 'There is nothing to put in the clip.');
      const body = items.map((i) => ({
        video_id: i.videoId,
        collection_id: i.collectionId,
        shots: i.shots,
      }));
      const { data } = await t.send({
        method: 'POST',
        target: '/compile',
        body,
        kind: 'write',
        signal,
      });
      const d = parseOrThrow(StreamSchema, data, 'a stream');
      noteMedia(d.stream_url);
      return { streamUrl: d.stream_url, playerUrl: d.player_url ?? null };
    },

    async streamSegments(videoId, timeline, signal) {
      if (timeline.length === 0)
        throw new VideoDbError('validation', 'There is nothing to put in the clip.');
      const length = timeline.reduce((sum, [s, e]) => sum + Math.max(0, e - s), 0);
      const { data } = await t.send({
        method: 'POST',
        target: apiPath`/video/${videoId}/stream`,
        body: { timeline, length: Math.round(length * 1000) / 1000 },
        kind: 'write',
        signal,
      });
      const d = parseOrThrow(StreamSchema, data, 'a stream');
      return { streamUrl: d.stream_url, playerUrl: d.player_url ?? null };
    },
  };
  return self;
}
