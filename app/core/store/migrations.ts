/**
 * Versioned schema migrations. `PRAGMA user_version` holds how many of them ran; each entry runs
 * once, inside a transaction, in order. Never edit a released entry: append a new one.
 */
import {
  SEARCH_TRIGGERS,
  searchTableSql,
  searchTriggersSql,
  SEARCH_FILL,
  SEARCH_NEXT,
  SEARCH_NOW,
} from './search-triggers';

/** Every migration, oldest first. The schema version is `MIGRATIONS.length`. */
export const MIGRATIONS: readonly string[] = [
  // 1: jobs, results, outbox, search, library cache, settings.
  `
  CREATE TABLE jobs (
    -- A stable integer rowid: the full-text table points at it (a TEXT primary key's hidden
    -- rowid may change on VACUUM).
    seq               INTEGER PRIMARY KEY,
    id                TEXT NOT NULL UNIQUE,
    request           TEXT NOT NULL,
    video_id          TEXT NOT NULL,
    collection_id     TEXT NOT NULL,
    prompt            TEXT NOT NULL,
    content_type      TEXT NOT NULL,
    video_name        TEXT NOT NULL DEFAULT '',
    fingerprint       TEXT NOT NULL,
    status            TEXT NOT NULL,
    progress          REAL,
    stuck             INTEGER NOT NULL DEFAULT 0,
    tracking          INTEGER NOT NULL DEFAULT 1,
    favourite         INTEGER NOT NULL DEFAULT 0,
    error_code        TEXT,
    error_message     TEXT,
    attempts          INTEGER NOT NULL DEFAULT 1,
    output_url        TEXT,
    remote_job_id     TEXT,
    request_type      TEXT,
    clip_stream_url   TEXT,
    clip_player_url   TEXT,
    compile_pending   INTEGER NOT NULL DEFAULT 0,
    source_stream_url TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    sent_at           INTEGER,
    finished_at       INTEGER,
    last_progress_at  INTEGER,
    next_poll_at      INTEGER,
    poll_interval_ms  INTEGER
  );
  CREATE INDEX jobs_by_created ON jobs (created_at DESC, seq DESC);
  CREATE INDEX jobs_by_status ON jobs (status, created_at DESC, seq DESC);
  CREATE INDEX jobs_by_video ON jobs (video_id, created_at DESC, seq DESC);
  CREATE INDEX jobs_by_favourite ON jobs (favourite, created_at DESC, seq DESC);
  CREATE INDEX jobs_by_fingerprint ON jobs (fingerprint, status);

  CREATE TABLE segments (
    job_id            TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    ord               INTEGER NOT NULL,
    start             REAL NOT NULL,
    "end"             REAL NOT NULL,
    text              TEXT NOT NULL,
    score             REAL NOT NULL,
    stream_url        TEXT,
    scene_index_id    TEXT,
    scene_index_name  TEXT,
    PRIMARY KEY (job_id, ord)
  );

  CREATE TABLE outbox (
    job_id            TEXT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   INTEGER NOT NULL,
    last_error        TEXT,
    state             TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'dead')),
    created_at        INTEGER NOT NULL,
    seq               INTEGER NOT NULL
  );
  CREATE INDEX outbox_due ON outbox (state, next_attempt_at, created_at, seq);

  CREATE VIRTUAL TABLE jobs_fts USING fts5 (
    prompt, video_name, content = 'jobs', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER jobs_fts_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO jobs_fts (rowid, prompt, video_name) VALUES (new.seq, new.prompt, new.video_name);
  END;
  CREATE TRIGGER jobs_fts_delete AFTER DELETE ON jobs BEGIN
    INSERT INTO jobs_fts (jobs_fts, rowid, prompt, video_name)
      VALUES ('delete', old.seq, old.prompt, old.video_name);
  END;
  CREATE TRIGGER jobs_fts_update AFTER UPDATE OF prompt, video_name ON jobs BEGIN
    INSERT INTO jobs_fts (jobs_fts, rowid, prompt, video_name)
      VALUES ('delete', old.seq, old.prompt, old.video_name);
    INSERT INTO jobs_fts (rowid, prompt, video_name) VALUES (new.seq, new.prompt, new.video_name);
  END;

  CREATE TABLE collections (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    description       TEXT,
    is_default        INTEGER NOT NULL DEFAULT 0,
    ord               INTEGER NOT NULL,
    fetched_at        INTEGER NOT NULL
  );

  CREATE TABLE videos (
    id                    TEXT NOT NULL,
    collection_id         TEXT NOT NULL,
    name                  TEXT NOT NULL,
    description           TEXT,
    length                REAL,
    thumbnail_url         TEXT,
    stream_url            TEXT,
    player_url            TEXT,
    created_at            TEXT,
    searchable_by_speech  INTEGER,
    searchable_by_scenes  INTEGER,
    ord                   INTEGER NOT NULL,
    fetched_at            INTEGER NOT NULL,
    PRIMARY KEY (collection_id, id)
  );
  CREATE INDEX videos_by_order ON videos (collection_id, ord);
  CREATE INDEX videos_by_id ON videos (id);

  CREATE TABLE scene_indexes (
    video_id          TEXT NOT NULL,
    id                TEXT NOT NULL,
    name              TEXT NOT NULL,
    status            TEXT NOT NULL,
    fetched_at        INTEGER NOT NULL,
    PRIMARY KEY (video_id, id)
  );

  CREATE TABLE indexing_tasks (
    video_id          TEXT NOT NULL,
    collection_id     TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('spoken', 'scenes')),
    status            TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    progress          REAL,
    error_code        TEXT,
    error_message     TEXT,
    output_url        TEXT,
    scene_index_id    TEXT,
    next_poll_at      INTEGER,
    poll_interval_ms  INTEGER,
    last_progress_at  INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    PRIMARY KEY (video_id, kind)
  );

  -- When each cached list was last fetched: 'collections', 'videos:<collectionId>', 'scenes:<videoId>'.
  CREATE TABLE cache_meta (
    key               TEXT PRIMARY KEY,
    fetched_at        INTEGER NOT NULL
  );

  CREATE TABLE settings (
    key               TEXT PRIMARY KEY,
    value             TEXT NOT NULL
  );
  `,
  // 2: history at a million clips. Search as you type reads one- to three-letter prefixes from
  // their own index; `job_videos` keeps each video's clip count (the video filter, the total);
  // `jobs_out_of_order` lists the clips whose time is earlier than a clip added before them, so
  // every other clip's history order is its insertion order and a search walks the full-text
  // index newest first, stopping at the page instead of sorting every match.
  `
  DROP TABLE jobs_fts;
  CREATE VIRTUAL TABLE jobs_fts USING fts5 (
    prompt, video_name, content = 'jobs', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
  );
  INSERT INTO jobs_fts (jobs_fts) VALUES ('rebuild');

  CREATE TABLE job_videos (
    video_id          TEXT PRIMARY KEY,
    -- The name of the video's newest clip (a renamed video shows its current name).
    video_name        TEXT NOT NULL,
    n                 INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO job_videos (video_id, video_name, n)
    SELECT video_id, '', count(*) FROM jobs GROUP BY video_id;
  UPDATE job_videos SET video_name = (SELECT video_name FROM jobs
    WHERE jobs.video_id = job_videos.video_id ORDER BY created_at DESC, seq DESC LIMIT 1);
  CREATE TRIGGER job_videos_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO job_videos (video_id, video_name, n) VALUES (new.video_id, new.video_name, 1)
      ON CONFLICT (video_id) DO UPDATE SET n = n + 1;
    UPDATE job_videos SET video_name = (SELECT video_name FROM jobs
      WHERE video_id = new.video_id ORDER BY created_at DESC, seq DESC LIMIT 1)
      WHERE video_id = new.video_id;
  END;
  CREATE TRIGGER job_videos_delete AFTER DELETE ON jobs BEGIN
    UPDATE job_videos SET n = n - 1, video_name = coalesce((SELECT video_name FROM jobs
      WHERE video_id = old.video_id ORDER BY created_at DESC, seq DESC LIMIT 1), video_name)
      WHERE video_id = old.video_id;
    DELETE FROM job_videos WHERE video_id = old.video_id AND n <= 0;
  END;
  CREATE TRIGGER job_videos_update AFTER UPDATE OF video_id, video_name, created_at ON jobs BEGIN
    UPDATE job_videos SET n = n - 1 WHERE video_id = old.video_id AND old.video_id <> new.video_id;
    DELETE FROM job_videos WHERE video_id = old.video_id AND n <= 0;
    INSERT INTO job_videos (video_id, video_name, n) VALUES (new.video_id, new.video_name, 1)
      ON CONFLICT (video_id) DO UPDATE SET n = n + (old.video_id <> new.video_id);
    UPDATE job_videos SET video_name = (SELECT video_name FROM jobs
      WHERE video_id = job_videos.video_id ORDER BY created_at DESC, seq DESC LIMIT 1)
      WHERE video_id IN (old.video_id, new.video_id);
  END;

  CREATE TABLE jobs_out_of_order (seq INTEGER PRIMARY KEY);
  INSERT INTO jobs_out_of_order (seq)
    SELECT seq FROM (SELECT seq, created_at, max(created_at) OVER (ORDER BY seq
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before FROM jobs)
    WHERE created_at < before;
  -- The out-of-order clips' own small full-text index: a search looks them up in it, in time
  -- order, and merges them into the newest-first walk of jobs_fts over the others.
  CREATE VIRTUAL TABLE jobs_out_of_order_fts USING fts5 (
    prompt, video_name, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
  );
  INSERT INTO jobs_out_of_order_fts (rowid, prompt, video_name)
    SELECT seq, prompt, video_name FROM jobs WHERE seq IN (SELECT seq FROM jobs_out_of_order);
  -- A clip is out of order when it is not the last by seq, or its time is earlier than another's.
  CREATE TRIGGER jobs_order_insert AFTER INSERT ON jobs
    WHEN EXISTS (SELECT 1 FROM jobs WHERE seq > new.seq)
      OR new.created_at < (SELECT created_at FROM jobs WHERE seq <> new.seq
        ORDER BY created_at DESC, seq DESC LIMIT 1)
  BEGIN
    INSERT INTO jobs_out_of_order (seq) VALUES (new.seq);
    INSERT INTO jobs_out_of_order_fts (rowid, prompt, video_name)
      VALUES (new.seq, new.prompt, new.video_name);
  END;
  CREATE TRIGGER jobs_order_delete AFTER DELETE ON jobs
    WHEN EXISTS (SELECT 1 FROM jobs_out_of_order WHERE seq = old.seq)
  BEGIN
    DELETE FROM jobs_out_of_order WHERE seq = old.seq;
    DELETE FROM jobs_out_of_order_fts WHERE rowid = old.seq;
  END;
  CREATE TRIGGER jobs_order_text AFTER UPDATE OF prompt, video_name ON jobs
    WHEN EXISTS (SELECT 1 FROM jobs_out_of_order WHERE seq = new.seq)
  BEGIN
    DELETE FROM jobs_out_of_order_fts WHERE rowid = new.seq;
    INSERT INTO jobs_out_of_order_fts (rowid, prompt, video_name)
      VALUES (new.seq, new.prompt, new.video_name);
  END;
  -- A clip whose time or seq changes (nothing does this today) leaves the insertion order.
  CREATE TRIGGER jobs_order_update AFTER UPDATE OF seq, created_at ON jobs BEGIN
    DELETE FROM jobs_out_of_order WHERE seq IN (old.seq, new.seq);
    DELETE FROM jobs_out_of_order_fts WHERE rowid IN (old.seq, new.seq);
    INSERT INTO jobs_out_of_order (seq) VALUES (new.seq);
    INSERT INTO jobs_out_of_order_fts (rowid, prompt, video_name)
      VALUES (new.seq, new.prompt, new.video_name);
  END;
  `,
  // A job remembers the API address it was sent to: it is polled only by a client of that
  // address, with that address's own key (issue 9 §2).
  `
  ALTER TABLE jobs ADD COLUMN api_base_url TEXT;
  `,
  // A segment keeps its own video (a result may span several videos) and whether its score could
  // be read (issue 9 §2). `score` stays NOT NULL: adding a flag is instant, while making the
  // column nullable would rebuild the whole table.
  `
  ALTER TABLE segments ADD COLUMN video_id TEXT;
  ALTER TABLE segments ADD COLUMN collection_id TEXT;
  ALTER TABLE segments ADD COLUMN score_known INTEGER NOT NULL DEFAULT 1;
  `,
  // When a video's "searchable by speech" was last learned (a clip's outcome, "make searchable"):
  // a "no" older than a day is forgotten, since an index may have been made elsewhere (issue 9 §2).
  `
  ALTER TABLE videos ADD COLUMN speech_checked_at INTEGER;
  `,
  // 6: history search covers the text of a clip's segments (issue 16 §2). Both full-text indexes
  // gain a third column, every segment's text of the clip in order; the words of a search may be
  // spread over prompt, video name and segments. The segments are not copied into \`jobs\`: the
  // indexes become contentless (a row is replaced whole), kept by triggers on jobs and segments.
  // A search still walks jobs_fts newest first by rowid and stops at the page (migration 2).
  `
  DROP TRIGGER jobs_fts_insert;
  DROP TRIGGER jobs_fts_delete;
  DROP TRIGGER jobs_fts_update;
  DROP TRIGGER jobs_order_insert;
  DROP TRIGGER jobs_order_delete;
  DROP TRIGGER jobs_order_text;
  DROP TRIGGER jobs_order_update;
  DROP TABLE jobs_fts;
  DROP TABLE jobs_out_of_order_fts;

  -- What both indexes hold for a clip; read for one seq at a time (the segments by primary key).
  CREATE VIEW jobs_search_text AS
    SELECT seq, id, prompt, video_name, coalesce((SELECT group_concat(text, ' ') FROM
      (SELECT text FROM segments WHERE job_id = jobs.id ORDER BY ord)), '') AS segment_text
    FROM jobs;

  CREATE VIRTUAL TABLE jobs_fts USING fts5 (
    prompt, video_name, segment_text, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
  );
  INSERT INTO jobs_fts (rowid, prompt, video_name, segment_text)
    SELECT seq, prompt, video_name, segment_text FROM jobs_search_text;
  CREATE VIRTUAL TABLE jobs_out_of_order_fts USING fts5 (
    prompt, video_name, segment_text, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
  );
  INSERT INTO jobs_out_of_order_fts (rowid, prompt, video_name, segment_text)
    SELECT seq, prompt, video_name, segment_text FROM jobs_search_text
    WHERE seq IN (SELECT seq FROM jobs_out_of_order);

  -- A new clip has no segments yet (they reference it).
  CREATE TRIGGER jobs_fts_insert AFTER INSERT ON jobs BEGIN
    INSERT INTO jobs_fts (rowid, prompt, video_name, segment_text)
      VALUES (new.seq, new.prompt, new.video_name, '');
  END;
  CREATE TRIGGER jobs_fts_delete AFTER DELETE ON jobs BEGIN
    DELETE FROM jobs_fts WHERE rowid = old.seq;
  END;
  CREATE TRIGGER jobs_fts_update AFTER UPDATE OF prompt, video_name ON jobs BEGIN
    DELETE FROM jobs_fts WHERE rowid = old.seq;
    INSERT INTO jobs_fts (rowid, prompt, video_name, segment_text)
      SELECT seq, prompt, video_name, segment_text FROM jobs_search_text WHERE seq = new.seq;
  END;

  -- A clip is out of order when it is not the last by seq, or its time is earlier than another's.
  CREATE TRIGGER jobs_order_insert AFTER INSERT ON jobs
    WHEN EXISTS (SELECT 1 FROM jobs WHERE seq > new.seq)
      OR new.created_at < (SELECT created_at FROM jobs WHERE seq <> new.seq
        ORDER BY created_at DESC, seq DESC LIMIT 1)
  BEGIN
    INSERT INTO jobs_out_of_order (seq) VALUES (new.seq);
    INSERT INTO jobs_out_of_order_fts (rowid, prompt, video_name, segment_text)
      VALUES (new.seq, new.prompt, new.video_name, '');
  END;
  CREATE TRIGGER jobs_order_delete AFTER DELETE ON jobs
    WHEN EXISTS (SELECT 1 FROM jobs_out_of_order WHERE seq = old.seq)
  BEGIN
    DELETE FROM jobs_out_of_order WHERE seq = old.seq;
    DELETE FROM jobs_out_of_order_fts WHERE rowid = old.seq;
  END;
  CREATE TRIGGER jobs_order_text AFTER UPDATE OF prompt, video_name ON jobs
    WHEN EXISTS (SELECT 1 FROM jobs_out_of_order WHERE seq = new.seq)
  BEGIN
    DELETE FROM jobs_out_of_order_fts WHERE rowid = new.seq;
    INSERT INTO jobs_out_of_order_fts (rowid, prompt, video_name, segment_text)
      SELECT seq, prompt, video_name, segment_text FROM jobs_search_text WHERE seq = new.seq;
  END;
  -- A clip whose time or seq changes (nothing does this today) leaves the insertion order.
  CREATE TRIGGER jobs_order_update AFTER UPDATE OF seq, created_at ON jobs BEGIN
    DELETE FROM jobs_out_of_order WHERE seq IN (old.seq, new.seq);
    DELETE FROM jobs_out_of_order_fts WHERE rowid IN (old.seq, new.seq);
    INSERT INTO jobs_out_of_order (seq) VALUES (new.seq);
    INSERT INTO jobs_out_of_order_fts (rowid, prompt, video_name, segment_text)
      SELECT seq, prompt, video_name, segment_text FROM jobs_search_text WHERE seq = new.seq;
  END;

  -- A segment written, changed or removed: its clip's rows are written again whole (a clip has
  -- tens of segments; they are written together when it finishes and removed on a retry).
  CREATE TRIGGER segments_fts_insert AFTER INSERT ON segments BEGIN
    DELETE FROM jobs_fts WHERE rowid = (SELECT seq FROM jobs WHERE id = new.job_id);
    INSERT INTO jobs_fts (rowid, prompt, video_name, segment_text)
      SELECT seq, prompt, video_name, segment_text FROM jobs_search_text WHERE id = new.job_id;
    DELETE FROM jobs_out_of_order_fts WHERE rowid = (SELECT o.seq FROM jobs_out_of_order o
      JOIN jobs j ON j.seq = o.seq WHERE j.id = new.job_id);
    INSERT INTO jobs_out_of_order_fts (rowid, prompt, video_name, segment_text)
      SELECT seq, prompt, video_name, segment_text FROM jobs_search_text
      WHERE id = new.job_id AND seq IN (SELECT seq FROM jobs_out_of_order);
  END;
  CREATE TRIGGER segments_fts_delete AFTER DELETE ON segments BEGIN
    DELETE FROM jobs_fts WHERE rowid = (SELECT seq FROM jobs WHERE id = old.job_id);
    INSERT INTO jobs_fts (rowid, prompt, video_name, segment_text)
      SELECT seq, prompt, video_name, segment_text FROM jobs_search_text WHERE id = old.job_id;
    DELETE FROM jobs_out_of_order_fts WHERE rowid = (SELECT o.seq FROM jobs_out_of_order o
      JOIN jobs j ON j.seq = o.seq WHERE j.id = old.job_id);
    INSERT INTO jobs_out_of_order_fts (rowid, prompt, video_name, segment_text)
      SELECT seq, prompt, video_name, segment_text FROM jobs_search_text
      WHERE id = old.job_id AND seq IN (SELECT seq FROM jobs_out_of_order);
  END;
  CREATE TRIGGER segments_fts_update AFTER UPDATE OF job_id, ord, text ON segments BEGIN
    DELETE FROM jobs_fts WHERE rowid IN (SELECT seq FROM jobs WHERE id IN (old.job_id, new.job_id));
    INSERT INTO jobs_fts (rowid, prompt, video_name, segment_text)
      SELECT seq, prompt, video_name, segment_text FROM jobs_search_text
      WHERE id IN (old.job_id, new.job_id);
    DELETE FROM jobs_out_of_order_fts WHERE rowid IN (SELECT o.seq FROM jobs_out_of_order o
      JOIN jobs j ON j.seq = o.seq WHERE j.id IN (old.job_id, new.job_id));
    INSERT INTO jobs_out_of_order_fts (rowid, prompt, video_name, segment_text)
      SELECT seq, prompt, video_name, segment_text FROM jobs_search_text
      WHERE id IN (old.job_id, new.job_id) AND seq IN (SELECT seq FROM jobs_out_of_order);
  END;
  `,
  // 7: the outbox's next-due row in send order straight from an index (the old index sorted by
  // due time, so every send sorted the whole queue in a temporary B-tree).
  `
  CREATE INDEX outbox_pending_order ON outbox (created_at, seq, next_attempt_at)
    WHERE state = 'pending';
  `,
  // 8: when the clip's links were minted (VideoDB's stream links stop working after about a day).
  `
  ALTER TABLE jobs ADD COLUMN links_minted_at INTEGER;
  `,
  // 9: multi-clips (issue 12): one prompt across many videos, a child clip job per video, and
  // the reel of the top segments across them.
  `
  CREATE TABLE multiclips (
    id TEXT PRIMARY KEY,
    prompt TEXT NOT NULL,
    content_type TEXT NOT NULL,
    model_name TEXT NOT NULL,
    scope_collection_id TEXT,
    created_at INTEGER NOT NULL,
    reel_top_n INTEGER,
    reel_stream_url TEXT,
    reel_player_url TEXT,
    reel_minted_at INTEGER
  );
  CREATE TABLE multiclip_children (
    multiclip_id TEXT NOT NULL REFERENCES multiclips (id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    video_id TEXT NOT NULL,
    collection_id TEXT NOT NULL,
    job_id TEXT,
    error_code TEXT,
    error_message TEXT,
    PRIMARY KEY (multiclip_id, ord)
  );
  CREATE INDEX multiclip_children_job ON multiclip_children (job_id);
  `,
  // 10: a multi-clip narrowed by collection search says how many videos it skipped.
  `
  ALTER TABLE multiclips ADD COLUMN narrowed INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE multiclips ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;
  `,
  // 11: a multi-clip child can wait for its video to be made searchable first (issue 12 §2):
  // the indexes still missing ("spoken", "scenes", comma-separated) and whether they were asked for.
  `
  ALTER TABLE multiclip_children ADD COLUMN prep TEXT;
  ALTER TABLE multiclip_children ADD COLUMN prep_started INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX multiclip_children_prep ON multiclip_children (video_id) WHERE prep IS NOT NULL;
  `,
  // 12: comparisons (issue 12 §3): one prompt on one video, a run per content type and model
  // tier, each run an ordinary clip job.
  `
  CREATE TABLE comparisons (
    id TEXT PRIMARY KEY,
    video_id TEXT NOT NULL,
    collection_id TEXT NOT NULL,
    prompt TEXT NOT NULL,
    scene_index_id TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX comparisons_video ON comparisons (video_id, created_at);
  CREATE TABLE comparison_runs (
    comparison_id TEXT NOT NULL REFERENCES comparisons (id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    model_name TEXT NOT NULL,
    job_id TEXT,
    error_code TEXT,
    error_message TEXT,
    PRIMARY KEY (comparison_id, ord)
  );
  CREATE INDEX comparison_runs_job ON comparison_runs (job_id);
  `,
  // 13: the history filtered by a video and a status (issue 14 §3): one walk of this index fills
  // the page and counts, where either index alone walks every clip of the other filter.
  `
  CREATE INDEX jobs_by_video_status ON jobs (video_id, status, created_at DESC, seq DESC);
  `,
  // 14: the search indexes gain prefix indexes up to 8 letters (issue 14 §3): a prefix of 4 or
  // more letters had none, so a common word ("about") merged every matching term's whole list
  // first (40–60 ms at a million clips; 1–4 ms with the index). Rebuilding both indexes takes
  // about two minutes at a million clips, too long for a start, so this only creates the new
  // pair empty and the triggers that write to both; app/core/store/search-index.ts fills the new
  // pair in the background, newest clips first, below a moving mark (clips at or above it are in
  // the new pair and kept current by the triggers), then swaps it in. Until then the search
  // reads the old pair: the same answers, only slower for long common prefixes.
  `
  ${SEARCH_TRIGGERS.map((name) => `DROP TRIGGER ${name};`).join('\n  ')}
  ${searchTableSql(SEARCH_NEXT.fts, 8)}
  ${searchTableSql(SEARCH_NEXT.outOfOrder, 8)}
  CREATE TABLE ${SEARCH_FILL} (low INTEGER NOT NULL);
  INSERT INTO ${SEARCH_FILL} (low) SELECT coalesce(max(seq), 0) + 1 FROM jobs;
  ${searchTriggersSql([SEARCH_NOW, SEARCH_NEXT])}
  `,
];

/** Schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
