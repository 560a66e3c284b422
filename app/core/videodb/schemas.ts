/**
 * zod schemas of every answer the client reads, written to accept each variant the API doc lists
 * (videodb-api.md §4–5): `length` as string or number, `thumbnail` or `thumbnail_url`,
 * `stream_link` or `stream_url`, transcript times as strings. Mappers turn them into domain types.
 */
import { z } from 'zod';
import type { Collection, SceneIndex, Segment, Video } from '../../shared/domain';
import { VideoDbError } from './errors';

/** A number, or a string holding one (the API sends seconds as strings). */
const numeric = z.union([
  z.number().refine(Number.isFinite, 'expected a finite number'),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, 'expected a number')
    .transform(Number),
]);
const optText = z.string().nullish();

/** The outer envelope (§2). Unknown fields are ignored. */
export const EnvelopeSchema = z.object({
  success: z.boolean().optional(),
  data: z.unknown().optional(),
  message: z.unknown().optional(),
  status: z.unknown().optional(),
  request_type: z.unknown().optional(),
  response: z.unknown().optional(),
});
/** The outer envelope. */
export type Envelope = z.infer<typeof EnvelopeSchema>;

export const JobDataSchema = z.object({
  id: z.string().min(1),
  output_url: z.string().min(1),
});

export const CollectionListSchema = z.object({
  collections: z.array(z.object({ id: z.string().min(1), name: z.string(), description: optText })),
  default_collection: z.string().nullish(),
});

export const VideoSchema = z.object({
  id: z.string().min(1),
  collection_id: z.string().min(1).optional(),
  name: z.string(),
  description: optText,
  length: numeric.nullish(),
  thumbnail_url: optText,
  thumbnail: optText,
  stream_url: optText,
  stream_link: optText,
  player_url: optText,
  created_at: optText,
});
export const VideoListSchema = z.object({ videos: z.array(VideoSchema) });

export const SceneIndexListSchema = z.object({
  scene_indexes: z.array(
    z.object({
      scene_index_id: z.string().min(1),
      name: z.string().nullish(),
      status: z.string().nullish(),
    }),
  ),
});

export const TranscriptSchema = z.object({
  text: z.string().nullish(),
  word_timestamps: z.array(z.object({ start: numeric, end: numeric, text: z.string() })),
});

export const StreamSchema = z.object({
  stream_url: z.string().min(1),
  player_url: optText,
});

export const SceneIndexCreatedSchema = z.object({
  scene_index_id: z.string().min(1).nullish(),
  id: z.string().nullish(),
  output_url: z.string().nullish(),
});

/**
 * A relevance score, or null when it cannot be read (a word, NaN, an object…): an unreadable score
 * drops that score only, never the whole result.
 */
const lenientScore = z.unknown().transform((v): number | null => {
  const r = numeric.safeParse(v);
  return r.success ? r.data : null;
});

export const ClipResultSchema = z.object({
  results: z.array(
    z.object({
      video_id: z.string().nullish(),
      collection_id: z.string().nullish(),
      title: z.string().nullish(),
      stream_url: optText,
      docs: z.array(
        z.object({
          start: numeric,
          end: numeric,
          text: z.string().nullish(),
          score: lenientScore.optional(),
          // Each may be an explicit null (videodb-api.md §8).
          stream_link: optText,
          stream_url: optText,
          player_url: optText,
          scene_index_id: optText,
          scene_index_name: optText,
        }),
      ),
    }),
  ),
});

/**
 * Validates `value`, or throws a 'bad-response' error naming what was wrong (paths and expected
 * types only: values may be huge, or echo something private).
 */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const where = first && first.path.length > 0 ? first.path.map(String).join('.') : 'the answer';
  const why = first ? first.message : 'unexpected shape';
  throw new VideoDbError(
    'bad-response',
    `VideoDB sent ${what} the app could not read (${where}: ${why}).`.slice(0, 400),
    { transient: false },
  );
}

/** API video → library video. searchableBy* are unknown from the list API. */
export function toVideo(v: z.output<typeof VideoSchema>, collectionId: string): Video {
  const length = typeof v.length === 'number' && Number.isFinite(v.length) ? v.length : null;
  return {
    id: v.id,
    collectionId: v.collection_id ?? collectionId,
    name: v.name,
    description: v.description ?? null,
    length,
    thumbnailUrl: v.thumbnail_url ?? v.thumbnail ?? null,
    streamUrl: v.stream_url ?? v.stream_link ?? null,
    playerUrl: v.player_url ?? null,
    createdAt: v.created_at ?? null,
    searchableBySpeech: null,
    searchableByScenes: null,
  };
}

/** API collections → domain collections. */
export function toCollections(d: z.output<typeof CollectionListSchema>): {
  collections: Collection[];
  defaultCollectionId: string | null;
} {
  const defaultCollectionId = d.default_collection ?? null;
  return {
    defaultCollectionId,
    collections: d.collections.map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description ?? null,
      isDefault: c.id === defaultCollectionId,
    })),
  };
}

/** API scene indexes → domain scene indexes (anything not finished counts as processing). */
export function toSceneIndexes(d: z.output<typeof SceneIndexListSchema>): SceneIndex[] {
  return d.scene_indexes.map((s) => ({
    id: s.scene_index_id,
    name: s.name ?? 'Scene index',
    status: s.status === 'done' ? 'done' : 'processing',
  }));
}

/**
 * Clip result docs → segments (all results flattened, in the server's order). A result may be of
 * several videos: each segment keeps the video (and collection) of its result, when it says.
 */
export function toSegments(d: z.output<typeof ClipResultSchema>): Segment[] {
  return d.results.flatMap((r) =>
    r.docs.map((doc) => {
      const seg: Segment = {
        start: doc.start,
        end: doc.end,
        text: doc.text ?? '',
        score: doc.score ?? null,
        streamUrl: doc.stream_link ?? doc.stream_url ?? null,
      };
      if (r.video_id != null) seg.videoId = r.video_id;
      if (r.collection_id != null) seg.collectionId = r.collection_id;
      if (doc.scene_index_id != null) seg.sceneIndexId = doc.scene_index_id;
      if (doc.scene_index_name != null) seg.sceneIndexName = doc.scene_index_name;
      return seg;
    }),
  );
}
