import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DATABASE_FILE, MIGRATIONS, openStore } from '../../../app/core/store';

// Issue 9 §2: what a job and its segments keep on a real SQLite file.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'segment-fields-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const request = {
  videoId: 'm-1',
  collectionId: 'c-1',
  prompt: 'p',
  contentType: 'spoken' as const,
  modelName: 'basic' as const,
};

describe('store: segment fields and the job address', () => {
  it('an unknown score stays unknown, and each segment keeps its video, across a reopen', () => {
    let store = openStore(dir);
    store.jobs.insertQueued({ id: 'a', request, videoName: 'v', fingerprint: 'f', createdAt: 1 });
    store.jobs.finish(
      'a',
      [
        { start: 1, end: 2, text: 'x', score: null, streamUrl: null, videoId: 'm-1' },
        {
          start: 3,
          end: 4,
          text: 'y',
          score: 0,
          streamUrl: 'https://s/y.m3u8',
          videoId: 'm-2',
          collectionId: 'c-2',
        },
        { start: 5, end: 6, text: 'z', score: 0.25, streamUrl: null },
      ],
      { status: 'done' },
      2,
    );
    store.close();
    store = openStore(dir);
    const segs = store.jobs.get('a')!.segments;
    expect(segs.map((s) => [s.score, s.videoId ?? null, s.collectionId ?? null])).toEqual([
      [null, 'm-1', null],
      [0, 'm-2', 'c-2'],
      [0.25, null, null],
    ]);
    store.close();
  });

  it('a job keeps the API address it was sent to', () => {
    const store = openStore(dir);
    store.jobs.insertQueued({ id: 'a', request, videoName: 'v', fingerprint: 'f', createdAt: 1 });
    expect(store.jobs.get('a')!.apiBaseUrl).toBeNull();
    store.jobs.markAccepted('a', { outputUrl: 'https://api/x', apiBaseUrl: 'https://api' }, 2);
    expect(store.jobs.get('a')!.apiBaseUrl).toBe('https://api');
    store.close();
  });

  it('a history from before (schema 1) opens with its scores kept and no address recorded', () => {
    const db = new DatabaseSync(join(dir, DATABASE_FILE));
    db.exec(MIGRATIONS[0]!);
    db.exec('PRAGMA user_version = 1');
    db.prepare(
      `INSERT INTO jobs (id, request, video_id, collection_id, prompt, content_type, fingerprint,
        status, created_at, updated_at, output_url) VALUES ('a', ?, 'm-1', 'c-1', 'p', 'spoken',
        'f', 'done', 1, 1, 'https://api/async-response/x')`,
    ).run(JSON.stringify(request));
    db.exec(
      `INSERT INTO segments (job_id, ord, start, "end", text, score) VALUES ('a', 0, 1, 2, 't', 0.8)`,
    );
    db.close();
    const store = openStore(dir);
    const job = store.jobs.get('a')!;
    expect(job.apiBaseUrl).toBeNull();
    expect(job.segments).toEqual([{ start: 1, end: 2, text: 't', score: 0.8, streamUrl: null }]);
    store.close();
  });
});
