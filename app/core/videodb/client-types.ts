/**
 * What the VideoDB client offers and takes (videodb-api.md): the types shared by the transport,
 * the endpoints and the client that joins them.
 */
import type {
  Collection,
  ContentType,
  EditorFidelityItem,
  ModelTier,
  SceneIndex,
  Segment,
  Video,
} from '../../shared/domain';
import type { EditorTimeline } from './editor-endpoints';
import type { Logger } from '../types';
import type { VideoDbError } from './errors';
import type { ResolveProxy, TrustedCertificates } from './network-route';

/** Options of `createVideoDbClient` (client.ts). */
export interface VideoDbClientOptions {
  baseUrl: string;
  getApiKey: () => string | null | Promise<string | null>;
  /** Sent as `x-videodb-client`. */
  clientName?: string;
  timeouts?: { connectMs?: number; headersMs?: number; bodyMs?: number };
  /** Retries of reads only (GET and polls). */
  retry?: { maxRetries?: number; minDelayMs?: number; maxDelayMs?: number };
  /** Connectivity: called false on network-level failure, true on any HTTP answer. */
  onNetworkResult?: (ok: boolean) => void;
  logger?: Logger;
  /**
   * The system's proxy for the API origin (PAC result syntax, see {@link ResolveProxy}). Asked
   * before the first request and again on every probe, so a network change is followed. Without
   * it every request goes direct.
   */
  resolveProxy?: ResolveProxy;
  /** The certificate authorities to trust; default Node's own plus the OS store. */
  trustedCertificates?: TrustedCertificates;
  /** Called with every stream link an answer names (the media relay's allowlist learns hosts). */
  onMediaUrl?: (url: string) => void;
}

/** A server-side job to poll. */
export interface JobHandle {
  id: string;
  outputUrl: string;
  requestType: 'sync' | 'async';
}

/**
 * One poll of a job's output URL. A job that failed on the server (`success: false` anywhere, with
 * or without a status), or that the server no longer knows (404), is `failed`; transport trouble
 * (offline, 5xx, timeouts) and unreadable answers are thrown instead, since the job may still be fine.
 */
export type PollResult =
  | { state: 'running'; percentage: number | null }
  | { state: 'done'; data: unknown }
  | { state: 'failed'; error: VideoDbError };

/** A finished clip job, parsed. */
export interface ClipResult {
  segments: Segment[];
  /** The `stream_url` the API gives for the result (first result), when any. */
  sourceStreamUrl: string | null;
  videoTitle: string | null;
}

/** A video as the list API gives it; searchableBy* are null (the list API does not say). */
export type ApiVideo = Video;

/** The VideoDB API, as the engine uses it. Every method takes an optional AbortSignal. */
export interface VideoDbClient {
  readonly baseUrl: string;
  listCollections(
    signal?: AbortSignal,
  ): Promise<{ collections: Collection[]; defaultCollectionId: string | null }>;
  listVideosPage(
    collectionId: string,
    pageIndex: number,
    count: number,
    signal?: AbortSignal,
  ): Promise<Video[]>;
  /** Pages with page_index/count until a short page. onPage lets callers store as they go. */
  listAllVideos(
    collectionId: string,
    opts?: {
      pageSize?: number;
      onPage?: (videos: Video[], pageIndex: number) => void | Promise<void>;
      signal?: AbortSignal;
    },
  ): Promise<Video[]>;
  getVideo(videoId: string, collectionId: string, signal?: AbortSignal): Promise<Video>;
  listSceneIndexes(videoId: string, signal?: AbortSignal): Promise<SceneIndex[]>;
  /** Transcript, or a job when the API has none yet (see api doc). */
  getTranscript(
    videoId: string,
    signal?: AbortSignal,
  ): Promise<
    | { kind: 'ready'; text: string; words: Array<{ start: number; end: number; text: string }> }
    | { kind: 'job'; job: JobHandle }
  >;
  indexSpokenWords(
    videoId: string,
    opts?: { force?: boolean; languageCode?: string; signal?: AbortSignal },
  ): Promise<JobHandle | { alreadyExists: true }>;
  indexScenes(
    videoId: string,
    opts?: {
      extractionType?: 'shot' | 'time';
      prompt?: string;
      name?: string;
      signal?: AbortSignal;
    },
  ): Promise<{ sceneIndexId: string | null; job: JobHandle | null }>;
  /**
   * POST /video/{id}/clip. NEVER retried. Any failure that does not prove the job was not made
   * (cut or timeout after sending, a 5xx or gateway page, an unreadable answer) throws with
   * ambiguous=true; only refusals (4xx but 408, see clipAnswerProvesRefusal) and failures to
   * connect are not.
   */
  clip(
    videoId: string,
    request: {
      prompt: string;
      contentType: ContentType;
      modelName: ModelTier;
      sceneIndexId?: string;
      callbackUrl?: string;
    },
    signal?: AbortSignal,
  ): Promise<JobHandle>;
  /**
   * GET output_url exactly as given (only if it is on the configured base URL's origin; otherwise
   * refuse — the key is never sent elsewhere). The answer is read by {@link interpretPollAnswer}
   * (every shape of videodb-api.md §5); a 404 → failed with not-found.
   */
  poll(outputUrl: string, signal?: AbortSignal): Promise<PollResult>;
  /**
   * Why this client will never poll `outputUrl` (unreadable, another origin, http vs https), in
   * plain words; null when it can be polled. Nothing is sent.
   */
  pollRefusal(outputUrl: string): string | null;
  /** Parse a finished clip job's data into segments (validates; bad shape → VideoDbError 'bad-response'). */
  parseClipResult(data: unknown): ClipResult;
  compile(
    items: Array<{ videoId: string; collectionId: string; shots: Array<[number, number]> }>,
    signal?: AbortSignal,
  ): Promise<{ streamUrl: string; playerUrl: string | null }>;
  streamSegments(
    videoId: string,
    timeline: Array<[number, number]>,
    signal?: AbortSignal,
  ): Promise<{ streamUrl: string; playerUrl: string | null }>;
  /**
   * POST /download `{stream_link, name}` (videodb-api.md §8): the MP4's link (valid about a day)
   * at once, or a job to poll whose finished data carries it (read with
   * {@link VideoDbClient.parseDownloadResult}).
   */
  requestDownload(
    streamLink: string,
    name: string,
    signal?: AbortSignal,
  ): Promise<{ downloadUrl: string } | { job: JobHandle }>;
  /** The MP4 link in a finished download job's data; 'bad-response' when there is none. */
  parseDownloadResult(data: unknown): string;
  /**
   * POST /collection/{id}/search (semantic): which videos of the collection match `query`, best
   * first, with their best score (used to narrow a prompt across a collection).
   */
  searchCollection(
    collectionId: string,
    query: string,
    indexType: 'spoken_word' | 'scene',
    signal?: AbortSignal,
  ): Promise<Array<{ videoId: string; maxScore: number | null }>>;
  /**
   * GET /billing/usage (videodb-api.md §8): the account's credit balance and use, where the
   * account exposes them; null when it does not (404) or says nothing the app can read.
   */
  accountUsage(signal?: AbortSignal): Promise<AccountUsage | null>;
  /** POST editor/export (format nle): start VideoDB's editor bundle job; retried safely by `clientRef`. */
  startEditorExport(
    timeline: EditorTimeline,
    clientRef: string,
    signal?: AbortSignal,
  ): Promise<{ timelineId: string; jobId: string }>;
  /** GET editor/export/{timeline}/{job}: where the bundle job stands. */
  editorExportStatus(
    timelineId: string,
    jobId: string,
    signal?: AbortSignal,
  ): Promise<
    | { state: 'queued' | 'rendering' | 'converting' | 'packaging' }
    | { state: 'error'; message: string }
    | {
        state: 'done';
        bundleUrl: string;
        fidelity: { level: string | null; items: EditorFidelityItem[] };
      }
  >;
  /** GET /collection/{id}/upload_url: a presigned address to send a file to (no key goes there). */
  uploadUrl(collectionId: string, name: string, signal?: AbortSignal): Promise<string>;
  /**
   * POST /collection/{id}/upload: register an uploaded file (its upload URL) or a public link.
   * NEVER retried: an ambiguous failure throws with ambiguous=true, as a clip POST does.
   */
  registerUpload(
    collectionId: string,
    media: {
      url: string;
      name?: string;
      description?: string;
      mediaType?: 'video' | 'audio' | 'image';
    },
    signal?: AbortSignal,
  ): Promise<{ media: Video } | { job: JobHandle }>;
  /** The media object in `/upload`'s answer or its finished job's data. */
  parseUploadResult(data: unknown, collectionId: string): Video;
  /** Cheap authenticated call (GET /collection) with the given key or the stored one: resolves, or throws 'auth' / 'offline' / ... */
  checkKey(apiKey?: string, signal?: AbortSignal): Promise<void>;
  /** Reachability probe: true when the API host answers at all (any HTTP status), false on network failure/timeout. Short timeout, no retries. */
  probe(signal?: AbortSignal): Promise<boolean>;
  close(): Promise<void>;
}

/** What `GET /billing/usage` said, read leniently (its shape is not documented). */
export interface AccountUsage {
  /** Credits left; null when the answer does not say. */
  balance: number | null;
  /** Credits spent; null when the answer does not say. */
  used: number | null;
}
