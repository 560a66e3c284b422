/**
 * The library cache: collections, videos, scene indexes and "make searchable" tasks, each list
 * with the time it was fetched, so the library can be browsed offline.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type {
  AppErrorInfo,
  Collection,
  ErrorCode,
  IndexingTask,
  SceneIndex,
  Video,
} from '../../shared/domain';
import { statementCache, transaction } from './database';

type Row = Record<string, SQLInputValue>;

/** A stored "make searchable" task with its poll bookkeeping. */
export interface IndexingTaskRecord extends IndexingTask {
  collectionId: string;
  outputUrl: string | null;
  sceneIndexId: string | null;
  nextPollAt: number | null;
  pollIntervalMs: number | null;
  lastProgressAt: number | null;
  createdAt: number;
  updatedAt: number;
}

function triBool(v: unknown): boolean | null {
  return v === null || v === undefined ? null : Number(v) === 1;
}
function triInt(v: boolean | null | undefined): number | null {
  return v === null || v === undefined ? null : v ? 1 : 0;
}
function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}
function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function rowToVideo(r: Row): Video {
  return {
    id: String(r.id),
    collectionId: String(r.collection_id),
    name: String(r.name),
    description: str(r.description),
    length: num(r.length),
    thumbnailUrl: str(r.thumbnail_url),
    streamUrl: str(r.stream_url),
    playerUrl: str(r.player_url),
    createdAt: str(r.created_at),
    searchableBySpeech: triBool(r.searchable_by_speech),
    searchableByScenes: triBool(r.searchable_by_scenes),
  };
}

function rowToTask(r: Row): IndexingTaskRecord {
  const code = str(r.error_code);
  const error: AppErrorInfo | null = code
    ? { code: code as ErrorCode, message: String(r.error_message ?? '') }
    : null;
  return {
    videoId: String(r.video_id),
    collectionId: String(r.collection_id),
    kind: String(r.kind) as IndexingTask['kind'],
    status: String(r.status) as IndexingTask['status'],
    progress: num(r.progress),
    error,
    outputUrl: str(r.output_url),
    sceneIndexId: str(r.scene_index_id),
    nextPollAt: num(r.next_poll_at),
    pollIntervalMs: num(r.poll_interval_ms),
    lastProgressAt: num(r.last_progress_at),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** The public view of a task. */
export function toIndexingTask(t: IndexingTaskRecord): IndexingTask {
  return {
    videoId: t.videoId,
    kind: t.kind,
    status: t.status,
    progress: t.progress,
    error: t.error,
  };
}

// A known speech flag carries the time it was learned; an unknown one keeps what was known.
const UPSERT_VIDEO_SQL = `
  INSERT INTO videos (id, collection_id, name, description, length, thumbnail_url, stream_url,
    player_url, created_at, searchable_by_speech, searchable_by_scenes, ord, fetched_at,
    speech_checked_at)
  VALUES (:id, :collection_id, :name, :description, :length, :thumbnail_url, :stream_url,
    :player_url, :created_at, :speech, :scenes, :ord, :fetched_at,
    CASE WHEN :speech IS NULL THEN NULL ELSE :fetched_at END)
  ON CONFLICT (collection_id, id) DO UPDATE SET
    name = excluded.name, description = excluded.description, length = excluded.length,
    thumbnail_url = excluded.thumbnail_url, stream_url = excluded.stream_url,
    player_url = excluded.player_url, created_at = excluded.created_at,
    speech_checked_at = CASE WHEN excluded.searchable_by_speech IS NULL
      THEN videos.speech_checked_at ELSE excluded.fetched_at END,
    searchable_by_speech = coalesce(excluded.searchable_by_speech, videos.searchable_by_speech),
    searchable_by_scenes = coalesce(excluded.searchable_by_scenes, videos.searchable_by_scenes),
    ord = coalesce(:keep_ord, excluded.ord), fetched_at = excluded.fetched_at`;

/** Repository of the library cache. */
export class LibraryRepo {
  private readonly st: (sql: string) => StatementSync;

  constructor(private readonly db: DatabaseSync) {
    this.st = statementCache(db);
  }

  private meta(key: string): number | null {
    const r = this.st('SELECT fetched_at FROM cache_meta WHERE key = ?').get(key) as
      Row | undefined;
    return r ? Number(r.fetched_at) : null;
  }

  private setMeta(key: string, at: number): void {
    this.st(
      'INSERT INTO cache_meta (key, fetched_at) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET fetched_at = excluded.fetched_at',
    ).run(key, at);
  }

  /** Replace the cached collections. */
  saveCollections(collections: readonly Collection[], now: number): void {
    transaction(this.db, () => {
      this.db.exec('DELETE FROM collections');
      const ins = this.st(
        'INSERT INTO collections (id, name, description, is_default, ord, fetched_at) VALUES (?, ?, ?, ?, ?, ?)',
      );
      collections.forEach((c, i) =>
        ins.run(c.id, c.name, c.description, c.isDefault ? 1 : 0, i, now),
      );
      this.setMeta('collections', now);
    });
  }

  /** Cached collections and when they were fetched (null: never). */
  collections(): { collections: Collection[]; fetchedAt: number | null } {
    const rows = this.st('SELECT * FROM collections ORDER BY ord').all() as Row[];
    return {
      collections: rows.map((r) => ({
        id: String(r.id),
        name: String(r.name),
        description: str(r.description),
        isDefault: Number(r.is_default) === 1,
      })),
      fetchedAt: this.meta('collections'),
    };
  }

  /** Store one page of a collection's videos as it arrives. */
  saveVideosPage(videos: readonly Video[], firstOrd: number, now: number): void {
    transaction(this.db, () => {
      const up = this.st(UPSERT_VIDEO_SQL);
      videos.forEach((v, i) => up.run(this.videoParams(v, firstOrd + i, now, false)));
    });
  }

  private videoParams(v: Video, ord: number, now: number, keepOrd: boolean) {
    return {
      id: v.id,
      collection_id: v.collectionId,
      name: v.name,
      description: v.description,
      length: v.length,
      thumbnail_url: v.thumbnailUrl,
      stream_url: v.streamUrl,
      player_url: v.playerUrl,
      created_at: v.createdAt,
      speech: triInt(v.searchableBySpeech),
      scenes: triInt(v.searchableByScenes),
      ord,
      fetched_at: now,
      keep_ord: keepOrd ? ord : null,
    };
  }

  /** After a full fetch that started at `startedAt`: drop videos it no longer listed. */
  finishVideosFetch(collectionId: string, startedAt: number, now: number): void {
    transaction(this.db, () => {
      this.st('DELETE FROM videos WHERE collection_id = ? AND fetched_at < ?').run(
        collectionId,
        startedAt,
      );
      this.setMeta(`videos:${collectionId}`, now);
    });
  }

  /** When the collection's videos were last fully fetched (null: never). */
  videosFetchedAt(collectionId: string): number | null {
    return this.meta(`videos:${collectionId}`);
  }

  /** A page of cached videos, optionally filtered by name, with the total. */
  listVideos(
    collectionId: string,
    search: string | undefined,
    offset: number,
    limit: number,
  ): { videos: Video[]; total: number } {
    let clause = 'WHERE collection_id = ?';
    const params: SQLInputValue[] = [collectionId];
    const term = search?.trim();
    if (term) {
      clause += " AND name LIKE ? ESCAPE '\\'";
      params.push(`%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    const total = Number(
      (this.st(`SELECT count(*) AS n FROM videos ${clause}`).get(...params) as Row).n,
    );
    const rows = this.st(`SELECT * FROM videos ${clause} ORDER BY ord, id LIMIT ? OFFSET ?`).all(
      ...params,
      limit,
      offset,
    ) as Row[];
    return { videos: rows.map(rowToVideo), total };
  }

  /**
   * Forget "not searchable by speech" learned before `before` (or never stamped), of one video or
   * of a collection's videos: it becomes unknown again. Returns how many videos changed.
   */
  forgetStaleSpeech(before: number, where: { videoId: string } | { collectionId: string }): number {
    const [column, value] =
      'videoId' in where ? ['id', where.videoId] : ['collection_id', where.collectionId];
    const res = this.st(
      `UPDATE videos SET searchable_by_speech = NULL, speech_checked_at = NULL
         WHERE ${column} = ? AND searchable_by_speech = 0 AND coalesce(speech_checked_at, 0) < ?`,
    ).run(value, before);
    return Number(res.changes);
  }

  /** One cached video (by id, in the given collection when known). */
  getVideo(videoId: string, collectionId?: string): { video: Video; fetchedAt: number } | null {
    const r = (
      collectionId
        ? this.st('SELECT * FROM videos WHERE id = ? AND collection_id = ?').get(
            videoId,
            collectionId,
          )
        : this.st('SELECT * FROM videos WHERE id = ? LIMIT 1').get(videoId)
    ) as Row | undefined;
    return r ? { video: rowToVideo(r), fetchedAt: Number(r.fetched_at) } : null;
  }

  /** Store one video fetched on its own (keeps its place in the list). */
  saveVideo(video: Video, now: number): void {
    const existing = this.st('SELECT ord FROM videos WHERE id = ? AND collection_id = ?').get(
      video.id,
      video.collectionId,
    ) as Row | undefined;
    const ord = existing
      ? Number(existing.ord)
      : Number(
          (
            this.st(
              'SELECT coalesce(max(ord), -1) + 1 AS o FROM videos WHERE collection_id = ?',
            ).get(video.collectionId) as Row
          ).o,
        );
    this.st(UPSERT_VIDEO_SQL).run(this.videoParams(video, ord, now, true));
  }

  /**
   * Record what is known about a video's searchability (undefined: leave as is); `now` is when
   * the speech flag was learned.
   */
  setSearchable(
    videoId: string,
    flags: { speech?: boolean | null; scenes?: boolean | null },
    now: number,
  ): void {
    if (flags.speech !== undefined)
      this.st('UPDATE videos SET searchable_by_speech = ?, speech_checked_at = ? WHERE id = ?').run(
        triInt(flags.speech),
        flags.speech === null ? null : now,
        videoId,
      );
    if (flags.scenes !== undefined)
      this.st('UPDATE videos SET searchable_by_scenes = ? WHERE id = ?').run(
        triInt(flags.scenes),
        videoId,
      );
  }

  /** Replace a video's cached scene indexes. */
  saveSceneIndexes(videoId: string, indexes: readonly SceneIndex[], now: number): void {
    transaction(this.db, () => {
      this.st('DELETE FROM scene_indexes WHERE video_id = ?').run(videoId);
      const ins = this.st(
        'INSERT INTO scene_indexes (video_id, id, name, status, fetched_at) VALUES (?, ?, ?, ?, ?)',
      );
      for (const s of indexes) ins.run(videoId, s.id, s.name, s.status, now);
      this.setMeta(`scenes:${videoId}`, now);
    });
  }

  /** Cached scene indexes of a video; `fetchedAt` null when never fetched. */
  sceneIndexes(videoId: string): { sceneIndexes: SceneIndex[]; fetchedAt: number | null } {
    const rows = this.st('SELECT * FROM scene_indexes WHERE video_id = ? ORDER BY rowid').all(
      videoId,
    ) as Row[];
    return {
      sceneIndexes: rows.map((r) => ({
        id: String(r.id),
        name: String(r.name),
        status: String(r.status) as SceneIndex['status'],
      })),
      fetchedAt: this.meta(`scenes:${videoId}`),
    };
  }

  /** Create or replace a task. */
  saveTask(t: IndexingTaskRecord): void {
    this.st(
      `INSERT INTO indexing_tasks (video_id, collection_id, kind, status, progress, error_code,
           error_message, output_url, scene_index_id, next_poll_at, poll_interval_ms,
           last_progress_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (video_id, kind) DO UPDATE SET collection_id = excluded.collection_id,
           status = excluded.status, progress = excluded.progress,
           error_code = excluded.error_code, error_message = excluded.error_message,
           output_url = excluded.output_url, scene_index_id = excluded.scene_index_id,
           next_poll_at = excluded.next_poll_at, poll_interval_ms = excluded.poll_interval_ms,
           last_progress_at = excluded.last_progress_at, created_at = excluded.created_at,
           updated_at = excluded.updated_at`,
    ).run(
      t.videoId,
      t.collectionId,
      t.kind,
      t.status,
      t.progress,
      t.error?.code ?? null,
      t.error?.message ?? null,
      t.outputUrl,
      t.sceneIndexId,
      t.nextPollAt,
      t.pollIntervalMs,
      t.lastProgressAt,
      t.createdAt,
      t.updatedAt,
    );
  }

  /** One task. */
  task(videoId: string, kind: IndexingTask['kind']): IndexingTaskRecord | null {
    const r = this.st('SELECT * FROM indexing_tasks WHERE video_id = ? AND kind = ?').get(
      videoId,
      kind,
    ) as Row | undefined;
    return r ? rowToTask(r) : null;
  }

  /** Tasks of a video. */
  tasksFor(videoId: string): IndexingTaskRecord[] {
    return (
      this.st('SELECT * FROM indexing_tasks WHERE video_id = ? ORDER BY kind').all(videoId) as Row[]
    ).map(rowToTask);
  }

  /** Tasks still running (to resume polling at start). */
  runningTasks(): IndexingTaskRecord[] {
    return (this.st("SELECT * FROM indexing_tasks WHERE status = 'running'").all() as Row[]).map(
      rowToTask,
    );
  }
}
