/**
 * History search covers the text of a clip's segments (issue 16 §2, migration 6), on a real SQLite
 * file: words may be spread over prompt, video name and segments; the index follows a clip that
 * finishes, is retried, renamed, deleted or was added out of time order; symbol-only and emoji
 * searches look in the segments too; a version-5 history is indexed on upgrade.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import {
  DATABASE_FILE,
  MIGRATIONS,
  SCHEMA_VERSION,
  openStore,
  type Store,
} from '../../../app/core/store';
import { clipRequest, segment } from '../../support/store-rows';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'segment-search-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const request = clipRequest;

const seg = segment;

const ids = (store: Store, search: string) =>
  store.jobs
    .list({ search, offset: 0, limit: 50 })
    .jobs.map((j) => j.id)
    .sort();

describe('store: search over segment text', () => {
  it('finds a clip by the words its segments say, also across prompt and segments', () => {
    const store = openStore(dir);
    const add = (id: string, prompt: string, createdAt: number) =>
      store.jobs.insertQueued({
        id,
        request: request(prompt),
        videoName: 'Quarterly call',
        fingerprint: id,
        createdAt,
      });
    add('a', 'pricing', 10);
    add('b', 'pricing', 20);
    add('c', 'intro', 30);
    // Out of time order: its own small index must carry the segments too.
    add('late', 'pricing', 5);
    expect(ids(store, 'annual')).toEqual([]);

    store.jobs.finish(
      'a',
      [seg('We move to annual billing'), seg('Discounts for nonprofits', 2)],
      { status: 'done' },
      40,
    );
    store.jobs.finish('late', [seg('Annual plans are cheaper')], { status: 'done' }, 41);
    store.jobs.finish('c', [seg('Welcome everyone')], { status: 'done' }, 42);

    expect(ids(store, 'annual')).toEqual(['a', 'late']);
    expect(ids(store, 'nonprof')).toEqual(['a']);
    expect(ids(store, 'an')).toEqual(['a', 'late']);
    // One word in the prompt, one in a segment, one in the video name.
    expect(ids(store, 'pric annu quarter')).toEqual(['a', 'late']);
    expect(ids(store, 'intro welcome')).toEqual(['c']);
    expect(ids(store, 'intro annual')).toEqual([]);
    // Newest first, as every history search.
    expect(
      store.jobs.list({ search: 'annual', offset: 0, limit: 10 }).jobs.map((j) => j.id),
    ).toEqual(['a', 'late']);
    expect(store.jobs.list({ search: 'annual', offset: 0, limit: 10 }).total).toBe(2);

    // A rename keeps the segments searchable; a retry drops them; a delete drops the clip.
    store.jobs.patch('a', { videoName: 'Renamed' }, 50);
    store.jobs.patch('late', { videoName: 'Renamed' }, 51);
    expect(ids(store, 'annual renamed')).toEqual(['a', 'late']);
    expect(ids(store, 'quarterly')).toEqual(['b', 'c']);
    store.jobs.requeueAsNewAttempt('late', 52);
    expect(ids(store, 'annual')).toEqual(['a']);
    expect(ids(store, 'pricing')).toEqual(['a', 'b', 'late']);
    store.jobs.finish('late', [seg('Monthly plans only')], { status: 'done' }, 53);
    expect(ids(store, 'monthly')).toEqual(['late']);
    store.jobs.delete(['a']);
    expect(ids(store, 'annual')).toEqual([]);
    expect(ids(store, 'nonprofits')).toEqual([]);

    // Every row of both indexes is one clip's current text: nothing left behind by the changes.
    const rows = (table: string) =>
      (store.db.prepare(`SELECT rowid FROM ${table}`).all() as Array<{ rowid: number }>).length;
    expect(rows('jobs_fts')).toBe(3);
    expect(rows('jobs_out_of_order_fts')).toBe(1);
    store.close();
  });

  it('a search of only symbols or emoji finds the segments that contain them, not every clip', () => {
    const store = openStore(dir);
    for (const [id, text] of [
      ['a', 'Launch day 🚀 for everyone'],
      ['b', 'Prices rise by 10 %'],
      ['c', 'Nothing special'],
    ] as const) {
      store.jobs.insertQueued({
        id,
        request: request('talk'),
        videoName: 'Video',
        fingerprint: id,
        createdAt: 1,
      });
      store.jobs.finish(id, [seg('first'), seg(text, 1)], { status: 'done' }, 2);
    }
    expect(ids(store, '🚀')).toEqual(['a']);
    expect(ids(store, '%')).toEqual(['b']);
    expect(ids(store, '🎉')).toEqual([]);
    expect(store.jobs.list({ search: '#', offset: 0, limit: 10 }).total).toBe(0);
    store.close();
  });

  it('a version-5 history is indexed with the segments it already holds', () => {
    const db = new DatabaseSync(join(dir, DATABASE_FILE));
    db.exec('PRAGMA foreign_keys = ON');
    for (const m of MIGRATIONS.slice(0, 5)) db.exec(m);
    db.exec('PRAGMA user_version = 5');
    const ins = db.prepare(
      `INSERT INTO jobs (id, request, video_id, collection_id, prompt, content_type, video_name,
         fingerprint, status, created_at, updated_at) VALUES (?, ?, 'm-1', 'c-1', ?, 'spoken',
         'Call', ?, 'done', ?, ?)`,
    );
    ins.run('a', JSON.stringify(request('pricing')), 'pricing', 'fa', 10, 10);
    ins.run('b', JSON.stringify(request('intro')), 'intro', 'fb', 20, 20);
    ins.run('late', JSON.stringify(request('outro')), 'outro', 'fl', 5, 5);
    const segIns = db.prepare(
      `INSERT INTO segments (job_id, ord, start, "end", text, score) VALUES (?, ?, 0, 1, ?, 1)`,
    );
    segIns.run('a', 0, 'annual billing');
    segIns.run('a', 1, 'refunds 🚀');
    segIns.run('late', 0, 'annual review');
    db.close();

    const store = openStore(dir);
    expect(store.db.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION });
    expect(
      store.jobs.list({ search: 'annual', offset: 0, limit: 10 }).jobs.map((j) => j.id),
    ).toEqual(['a', 'late']);
    expect(ids(store, 'refund')).toEqual(['a']);
    expect(ids(store, 'call intro')).toEqual(['b']);
    expect(ids(store, '🚀')).toEqual(['a']);
    store.close();
  });
});
