import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  statSync,
  truncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { syntheticJobs } from '../../support/synthetic-jobs';
import {
  DATABASE_FILE,
  SCHEMA_VERSION,
  COUNT_CAP,
  filterSql,
  openStore,
} from '../../../app/core/store';
import { bulkInsert, type BulkJob } from '../../support/bulk-insert';
import { lightCommit, transaction } from '../../../app/core/store/database';
import { clipRequest } from '../../support/store-rows';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const request = clipRequest;

describe('store: opening', () => {
  it('creates a WAL database with the current schema version and foreign keys on', () => {
    const store = openStore(dir);
    expect(store.warnings).toEqual([]);
    const jm = store.db.prepare('PRAGMA journal_mode').get() as { journal_mode: string };
    expect(jm.journal_mode).toBe('wal');
    const uv = store.db.prepare('PRAGMA user_version').get() as { user_version: number };
    expect(uv.user_version).toBe(SCHEMA_VERSION);
    const fk = store.db.prepare('PRAGMA foreign_keys').get() as { foreign_keys: number };
    expect(fk.foreign_keys).toBe(1);
    store.close();
    // Re-opening keeps data and does not re-run migrations.
    const again = openStore(dir);
    expect(again.warnings).toEqual([]);
    again.close();
  });

  it('moves a garbage file aside (with -wal/-shm) and starts fresh with a warning', () => {
    const file = join(dir, DATABASE_FILE);
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    writeFileSync(`${file}-wal`, 'junk');
    const store = openStore(dir, { now: () => Date.UTC(2025, 0, 2, 3, 4, 5) });
    expect(store.warnings).toHaveLength(1);
    expect(store.warnings[0]!.message).toMatch(/could not be read/);
    const names = readdirSync(dir);
    const aside = names.filter((n) => n.startsWith(`${DATABASE_FILE}.corrupt-2025-01-02`));
    // SQLite itself deletes a -wal it cannot use when the failed connection closes, so only the
    // main file is certain to be kept.
    expect(aside).toContain(`${DATABASE_FILE}.corrupt-2025-01-02T03-04-05-000Z`);
    expect(readFileSync(join(dir, aside[0]!)).every((b) => b === 0x5a)).toBe(true);
    // The new database works.
    store.jobs.insertQueued({
      id: 'j1',
      request: request('hello'),
      videoName: 'v',
      fingerprint: 'f',
      createdAt: 1,
    });
    expect(store.jobs.get('j1')?.status).toBe('queued');
    store.close();
  });

  it('moves a truncated database aside', () => {
    const store = openStore(dir);
    bulkInsert(store, syntheticJobs(3000, { now: 1e12, segmentsPerJob: 2 }));
    store.close();
    const file = join(dir, DATABASE_FILE);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const reopened = openStore(dir);
    expect(reopened.warnings).toHaveLength(1);
    expect(reopened.jobs.list({ offset: 0, limit: 10 }).total).toBe(0);
    reopened.close();
    expect(readdirSync(dir).some((n) => n.includes('.corrupt-'))).toBe(true);
  });

  it('refuses a database from a newer app version and leaves it untouched', () => {
    const file = join(dir, DATABASE_FILE);
    const db = new DatabaseSync(file);
    db.exec('CREATE TABLE future (x); PRAGMA user_version = 999;');
    db.close();
    const before = readFileSync(file);
    expect(() => openStore(dir)).toThrow(/newer version/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir)).toEqual([DATABASE_FILE]);
  });
});

describe('store: jobs repository', () => {
  it('every change of a job gets a later updatedAt, even within one millisecond', () => {
    const store = openStore(dir);
    store.jobs.insertQueued({
      id: 'a',
      request: request('x'),
      videoName: 'v',
      fingerprint: 'fa',
      createdAt: 5,
    });
    const stamps = [store.jobs.get('a')!.updatedAt];
    store.jobs.markSending('a', 5);
    stamps.push(store.jobs.get('a')!.updatedAt);
    store.jobs.markAccepted('a', { outputUrl: 'http://x/y', progress: 0 }, 5);
    stamps.push(store.jobs.get('a')!.updatedAt);
    store.jobs.patch('a', { progress: 50 }, 5);
    stamps.push(store.jobs.get('a')!.updatedAt);
    expect(stamps).toEqual([5, 6, 7, 8]);
    store.jobs.patch('a', { progress: 60 }, 100); // a later clock wins again
    expect(store.jobs.get('a')!.updatedAt).toBe(100);
    store.close();
  });

  it("a poll's progress is committed without waiting for the disk, and only that write", () => {
    const store = openStore(dir);
    store.jobs.insertQueued({
      id: 'a',
      request: request('x'),
      videoName: 'v',
      fingerprint: 'fa',
      createdAt: 5,
    });
    const db = new DatabaseSync(join(dir, DATABASE_FILE));
    const level = (d: DatabaseSync) =>
      (d.prepare('PRAGMA synchronous').get() as { synchronous: number }).synchronous;
    // 2 = FULL (every commit waits for the disk), 1 = NORMAL.
    db.exec('PRAGMA synchronous = FULL');
    expect(lightCommit(db, () => level(db))).toBe(1);
    expect(level(db)).toBe(2);
    expect(() =>
      lightCommit(db, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(level(db)).toBe(2);
    // Inside a transaction it joins it and changes nothing (the pragma cannot change there).
    expect(transaction(db, () => lightCommit(db, () => level(db)))).toBe(2);
    db.close();

    expect(store.jobs.patchProgress('a', { progress: 40, nextPollAt: 99 }, 6)).toBe(true);
    expect(store.jobs.patchProgress('gone', { progress: 40 }, 6)).toBe(false);
    store.close();
    const again = openStore(dir);
    expect(again.jobs.get('a')).toMatchObject({ progress: 40, nextPollAt: 99, updatedAt: 6 });
    again.close();
  });

  it('a search of only symbols or emoji finds the clips that contain them, not every clip', () => {
    const store = openStore(dir);
    const add = (id: string, prompt: string, videoName = 'Talk') =>
      store.jobs.insertQueued({
        id,
        request: request(prompt),
        videoName,
        fingerprint: id,
        createdAt: 1,
      });
    add('a', 'the 🚀 launch');
    add('b', 'pricing');
    add('c', 'cost in $ and %');
    add('d', 'intro', 'Q&A 🚀 session');
    const ids = (search: string) =>
      store.jobs
        .list({ search, offset: 0, limit: 10 })
        .jobs.map((j) => j.id)
        .sort();
    expect(ids('🚀')).toEqual(['a', 'd']);
    expect(ids('$')).toEqual(['c']);
    expect(ids('%')).toEqual(['c']);
    expect(ids('&')).toEqual(['d']);
    expect(ids('#')).toEqual([]);
    expect(store.jobs.list({ search: '🎉', offset: 0, limit: 10 }).total).toBe(0);
    // Words still go through the full-text index; blank is no filter.
    expect(ids('pric')).toEqual(['b']);
    expect(ids('  ')).toEqual(['a', 'b', 'c', 'd']);
    store.close();
  });

  it('cascades segments and outbox rows on delete', () => {
    const store = openStore(dir);
    store.jobs.insertQueued({
      id: 'a',
      request: request('x'),
      videoName: 'v',
      fingerprint: 'fa',
      createdAt: 1,
    });
    store.jobs.finish(
      'a',
      [{ start: 1, end: 2, text: 't', score: 1, streamUrl: null }],
      { status: 'done' },
      2,
    );
    expect(store.jobs.outboxRow('a')).not.toBeNull();
    expect(store.jobs.delete(['a', 'missing'])).toEqual(['a']);
    const segs = store.db.prepare('SELECT count(*) AS n FROM segments').get() as { n: number };
    const out = store.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number };
    expect([segs.n, out.n]).toEqual([0, 0]);
    store.close();
  });

  it('a video and a status filter walk one index for the page and the count, in history order', () => {
    const store = openStore(dir);
    const jobs = [...syntheticJobs(3000, { videos: 20 })];
    bulkInsert(store, jobs);
    const clause = 'WHERE j.status IN (?) AND j.video_id = ?';
    const plan = (sql: string, ...args: (string | number)[]) =>
      (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
        .map((p) => p.detail)
        .join(' | ');
    const video = jobs[0]!.request.videoId;
    const page = plan(filterSql.page(clause), 'done', video, 100, 0);
    expect(page).toContain('jobs_by_video_status');
    expect(page).not.toContain('TEMP B-TREE');
    expect(plan(filterSql.count(clause), 'done', video, 1100)).toContain(
      'COVERING INDEX jobs_by_video_status',
    );
    // And the answer is the model's: that video's done clips, newest first.
    const want = jobs
      .map((j, order) => ({ j, order }))
      .filter(({ j }) => j.status === 'done' && j.request.videoId === video)
      .sort((a, b) => b.j.createdAt - a.j.createdAt || b.order - a.order)
      .map(({ j }) => j.id);
    const got = store.jobs.list({ statuses: ['done'], videoId: video, offset: 0, limit: 50 });
    expect(got.jobs.map((j) => j.id)).toEqual(want.slice(0, 50));
    expect(got.total).toBe(want.length);
    store.close();
  });

  it('the outbox reads its next rows in send order straight from an index, and one turn marks and records in one transaction', () => {
    const store = openStore(dir);
    for (let i = 0; i < 300; i++) {
      store.jobs.insertQueued({
        id: `q${i}`,
        request: request(`p ${i}`),
        videoName: 'v',
        fingerprint: `f${i}`,
        createdAt: 1000 + i,
      });
    }
    // Not due yet: backed off after a refusal. It keeps its place once due.
    store.jobs.markSending('q1', 1);
    store.jobs.requeue('q1', 5000, { code: 'rate-limited', message: 'slow down' }, 1);
    const plan = store.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM outbox INDEXED BY outbox_pending_order
         WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY created_at, seq LIMIT ?`,
      )
      .all(2000, 4) as { detail: string }[];
    const details = plan.map((p) => p.detail).join(' | ');
    expect(details).toContain('outbox_pending_order');
    expect(details).not.toContain('TEMP B-TREE');
    expect(store.jobs.nextDueRows(2000, 3).map((r) => r.jobId)).toEqual(['q0', 'q2', 'q3']);
    expect(store.jobs.nextDueRows(6000, 3).map((r) => r.jobId)).toEqual(['q0', 'q1', 'q2']);
    // A turn: q0's answer recorded, q2 and q3 marked; a row already taken is not marked again.
    store.jobs.markSending('q0', 2);
    const sent = store.jobs.outboxTurn(
      [{ jobId: 'q0', patch: { remoteJobId: 'r0', outputUrl: 'http://x/r0', nextPollAt: 9 } }],
      ['q2', 'q3', 'q3'],
      3,
    );
    expect(sent).toEqual(['q2', 'q3']);
    expect(store.jobs.get('q0')?.status).toBe('processing');
    expect(store.jobs.outboxRow('q0')).toBeNull();
    expect(store.jobs.get('q2')?.status).toBe('sending');
    expect(store.jobs.queuedCount()).toBe(297);
    // A job still waiting or sending has no segments: reading it asks nothing of that table.
    expect(store.jobs.get('q2')?.segments).toEqual([]);
    store.close();
  });

  it('lists, searches, filters and pages 100 000 jobs correctly', () => {
    const store = openStore(dir);
    const now = 1_700_000_000_000;
    const all: BulkJob[] = [...syntheticJobs(100_000, { now, seed: 7 })];
    expect(bulkInsert(store, all)).toBe(100_000);

    // Newest first, paging.
    const page = store.jobs.list({ offset: 0, limit: 100 });
    expect(page.total).toBe(100_000);
    expect(page.jobs.map((j) => j.id)).toEqual(all.slice(0, 100).map((j) => j.id));
    const deep = store.jobs.list({ offset: 99_950, limit: 100 });
    expect(deep.jobs.map((j) => j.id)).toEqual(all.slice(99_950).map((j) => j.id));

    // Status + favourite filter.
    const expectFav = all.filter((j) => j.favourite && j.status === 'done');
    const fav = store.jobs.list({ statuses: ['done'], favourite: true, offset: 0, limit: 50 });
    // More matches than the page and COUNT_CAP: the count stops there and says so ("1 000+").
    expect(expectFav.length).toBeGreaterThan(50 + COUNT_CAP);
    expect(fav).toMatchObject({ total: 50 + COUNT_CAP, totalIsLowerBound: true });
    expect(fav.jobs.map((j) => j.id)).toEqual(expectFav.slice(0, 50).map((j) => j.id));

    // Video + date range.
    const from = now - 50_000 * 60_000;
    const to = now - 10_000 * 60_000;
    const expectVid = all.filter(
      (j) => j.request.videoId === 'm-video-3' && j.createdAt >= from && j.createdAt <= to,
    );
    const vid = store.jobs.list({ videoId: 'm-video-3', from, to, offset: 10, limit: 20 });
    expect(vid.total).toBe(expectVid.length);
    expect(vid.jobs.map((j) => j.id)).toEqual(expectVid.slice(10, 30).map((j) => j.id));

    // Full-text search with prefix match over prompt and video name, combined with a filter.
    const words = (s: string) => s.toLowerCase().split(/\s+/);
    const expectSearch = all.filter(
      (j) =>
        j.status === 'failed' &&
        [...words(j.request.prompt), ...words(j.videoName)].some((w) => w.startsWith('inter')) &&
        [...words(j.request.prompt), ...words(j.videoName)].some((w) => w.startsWith('pric')),
    );
    const found = store.jobs.list({
      search: 'Inter pric',
      statuses: ['failed'],
      offset: 0,
      limit: 500,
    });
    expect(found.total).toBe(expectSearch.length);
    expect(found.total).toBeGreaterThan(0);
    expect(found.jobs.map((j) => j.id)).toEqual(expectSearch.slice(0, 500).map((j) => j.id));

    // Operator characters typed by the user are not FTS syntax.
    expect(() => store.jobs.list({ search: '"AND (OR* NEAR', offset: 0, limit: 5 })).not.toThrow();

    // Delete many keeps the index and FTS consistent.
    const gone = store.jobs.delete(all.slice(0, 1000).map((j) => j.id));
    expect(gone).toHaveLength(1000);
    expect(store.jobs.list({ offset: 0, limit: 1 }).jobs[0]!.id).toBe(all[1000]!.id);
    const afterSearch = store.jobs.list({
      search: 'Inter pric',
      statuses: ['failed'],
      offset: 0,
      limit: 1,
    });
    expect(afterSearch.total).toBe(
      expectSearch.filter((j) => Number(j.id.slice(4)) >= 1000).length,
    );
    store.close();
    // Inserted newest first, every clip is out of insertion order: the slowest case to build.
  }, 120_000);
});
