/**
 * The search index's upgrade to prefixes of up to 8 letters (issue 14 §3, migration 14), on real
 * SQLite files: a small history is upgraded when it opens; a large one is filled in slices while
 * clips are added, renamed, finished, retried and deleted above and below the fill's mark, and
 * the index it swaps in holds exactly what an index built from scratch holds; the search answers
 * the same before, during and after; a fill cut off (the app closed) goes on at the next start;
 * and the core itself runs the upgrade once started.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import {
  DATABASE_FILE,
  INDEX_AT_OPEN,
  MIGRATIONS,
  jobWriter,
  openStore,
  runInBackground,
  transaction,
  type Store,
} from '../../../app/core/store';
import { startServer } from '../../server';
import { mulberry32 } from '../../support/rng';
import { makeCore } from '../fixtures/harness';
import { clipRequest, segment } from '../../support/store-rows';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'search-index-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const WORDS = ['about', 'abound', 'pricing', 'price', 'morning', 'mountain', 'team', 'théâtre'];

/** A history written by the schema before migration 14: `n` clips, some with segments, every
 * 37th out of time order. */
function version13History(n: number): void {
  const db = new DatabaseSync(join(dir, DATABASE_FILE));
  db.exec('PRAGMA journal_mode = WAL');
  for (let v = 0; v < 13; v++) db.exec(MIGRATIONS[v]!);
  db.exec('PRAGMA user_version = 13');
  const write = jobWriter(db);
  const rand = mulberry32(7);
  const word = () => WORDS[Math.floor(rand() * WORDS.length)]!;
  transaction(db, () => {
    for (let i = 0; i < n; i++) {
      write.job({
        id: `j${i}`,
        request: clipRequest(`${word()} ${word()}`),
        videoName: `Video ${i % 13}`,
        fingerprint: `f${i}`,
        createdAt: i % 37 === 0 ? i * 1000 - 500_000 : i * 1000,
        status: i % 3 === 0 ? 'done' : 'queued',
        segments: i % 3 === 0 ? [segment(`${word()} said`), segment(word(), 1)] : [],
      });
    }
  });
  db.close();
}

const QUERIES = ['abo', 'abou', 'about', 'abound', 'pric', 'prices', 'morn', 'thea', 'said', 'a'];

/** Every search's full answer (ids in history order). */
function answers(store: Store): unknown[] {
  return QUERIES.map((search) => {
    const page = store.jobs.list({ search, offset: 0, limit: 20_000 });
    return { search, ids: page.jobs.map((j) => j.id) };
  });
}

/** The rowids each query matches in `table`, and in an index built from scratch. */
function sameAsRebuilt(store: Store): void {
  const db = store.db;
  db.exec(`CREATE VIRTUAL TABLE temp.ref USING fts5 (prompt, video_name, segment_text,
    tokenize = 'unicode61 remove_diacritics 2')`);
  db.exec(`INSERT INTO temp.ref (rowid, prompt, video_name, segment_text)
    SELECT seq, prompt, video_name, segment_text FROM jobs_search_text`);
  db.exec(`CREATE VIRTUAL TABLE temp.ref_ooo USING fts5 (prompt, video_name, segment_text,
    tokenize = 'unicode61 remove_diacritics 2')`);
  db.exec(`INSERT INTO temp.ref_ooo (rowid, prompt, video_name, segment_text)
    SELECT seq, prompt, video_name, segment_text FROM jobs_search_text
    WHERE seq IN (SELECT seq FROM jobs_out_of_order)`);
  const rowids = (table: string, match: string) =>
    (
      db
        .prepare(
          `SELECT rowid FROM ${table} WHERE ${table.replace('temp.', '')} MATCH ? ORDER BY rowid`,
        )
        .all(match) as {
        rowid: number;
      }[]
    ).map((r) => r.rowid);
  for (const q of QUERIES) {
    const match = `"${q}"*`;
    expect(rowids('jobs_fts', match), q).toEqual(rowids('temp.ref', match));
    expect(rowids('jobs_out_of_order_fts', match), q).toEqual(rowids('temp.ref_ooo', match));
  }
  // One row per clip, none twice.
  const count = (sql: string) => Number((db.prepare(sql).get() as { n: number }).n);
  expect(count('SELECT count(*) AS n FROM jobs_fts')).toBe(count('SELECT count(*) AS n FROM jobs'));
  db.exec('DROP TABLE temp.ref; DROP TABLE temp.ref_ooo');
}

/** The search schema after the swap: one pair, prefixes 1–8, the triggers, no fill left. */
function upgraded(store: Store): void {
  const sql = (name: string) =>
    (
      store.db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(name) as
        { sql: string } | undefined
    )?.sql;
  expect(sql('jobs_fts')).toContain("prefix = '1 2 3 4 5 6 7 8'");
  expect(sql('jobs_out_of_order_fts')).toContain("prefix = '1 2 3 4 5 6 7 8'");
  expect(sql('jobs_fts_next')).toBeUndefined();
  expect(sql('jobs_fts_old')).toBeUndefined();
  expect(sql('jobs_out_of_order_fts_old')).toBeUndefined();
  expect(sql('search_index_fill')).toBeUndefined();
  expect(sql('segments_fts_insert')).not.toContain('_next');
  // A trigger finds a clip's index rows by `rowid =`: FTS5 answers `rowid IN (…)` by reading the
  // whole index, which made every finished clip cost as much as the history is long.
  const triggers = store.db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    .all() as { name: string; sql: string }[];
  expect(triggers.length).toBeGreaterThanOrEqual(10);
  for (const t of triggers) expect(t.sql, t.name).not.toMatch(/rowid\s+IN\b/i);
  expect(store.searchIndex.pending()).toBe(false);
}

describe('search index upgrade (migration 14)', () => {
  it('a new history starts with the long prefixes', () => {
    const store = openStore(dir);
    upgraded(store);
    store.close();
  });

  it('a small history is upgraded when it opens, with the same answers', () => {
    version13History(500);
    const before = openV13Answers();
    const store = openStore(dir);
    upgraded(store);
    expect(answers(store)).toEqual(before);
    sameAsRebuilt(store);
    store.close();
  });

  it('a large history is filled in slices while clips change above and below the mark', () => {
    version13History(INDEX_AT_OPEN + 1500);
    const before = openV13Answers();
    const store = openStore(dir);
    expect(store.searchIndex.pending()).toBe(true);
    expect(store.searchIndex.left()).toBeGreaterThan(INDEX_AT_OPEN);
    // The old index answers meanwhile.
    expect(answers(store)).toEqual(before);

    const rand = mulberry32(11);
    let n = 0;
    let steps = 0;
    let filling = 0;
    while (store.searchIndex.pending()) {
      steps++;
      store.searchIndex.step(2);
      if (store.searchIndex.left() > 0) filling++;
      // While it fills, a change each slice; while it merges and drops the old pair, every
      // tenth (each change gives the merge more work).
      else if (steps % 10 !== 0) continue;
      // Changes anywhere in the history, new clips included: each must end up in the new index.
      const seq = 1 + Math.floor(rand() * (INDEX_AT_OPEN + 1500));
      const id = `j${seq - 1}`;
      const job = store.jobs.get(id);
      if (job) {
        const roll = rand();
        if (roll < 0.25) store.jobs.patch(id, { videoName: `Renamed abounding ${steps}` }, steps);
        else if (roll < 0.5)
          store.jobs.finish(id, [segment('prices morning')], { status: 'done' }, steps);
        else if (roll < 0.6) store.jobs.requeueAsNewAttempt(id, steps);
        else if (roll < 0.7) store.jobs.delete([id]);
      }
      store.jobs.insertQueued({
        id: `new${n}`,
        request: clipRequest(`about pricing ${n}`),
        videoName: 'Fresh',
        fingerprint: `new${n}`,
        // Every fifth one earlier than the newest: out of time order.
        createdAt: n % 5 === 0 ? 1 : 10_000_000 + n,
      });
      n++;
      if (steps % 25 === 0) sameAnswersAsOld(store);
    }
    expect(filling).toBeGreaterThan(3);
    expect(steps).toBeGreaterThan(filling);
    upgraded(store);
    sameAsRebuilt(store);
    store.close();
  });

  it('a fill cut off by closing goes on at the next start, in the background', async () => {
    version13History(INDEX_AT_OPEN + 3000);
    let store = openStore(dir);
    store.searchIndex.step(5);
    const left = store.searchIndex.left();
    expect(left).toBeGreaterThan(0);
    store.close();

    store = openStore(dir);
    expect(store.searchIndex.pending()).toBe(true);
    expect(store.searchIndex.left()).toBe(left);
    const lines: string[] = [];
    const log = (line: string) => () => lines.push(line);
    const logger = {
      debug: () => undefined,
      info: (msg: string) => log(msg)(),
      warn: (msg: string) => log(msg)(),
      error: (msg: string) => log(msg)(),
    };
    const bg = runInBackground(store.searchIndex, { logger, budgetMs: 5, pauseMs: 1 });
    await bg.done;
    upgraded(store);
    sameAsRebuilt(store);
    expect(lines).toEqual(['search index: upgrading in the background', 'search index upgraded']);
    store.close();
  });
  it('the core upgrades a large history in the background once started, searching throughout', async () => {
    version13History(INDEX_AT_OPEN + 3000);
    const before = openV13Answers();
    const server = await startServer();
    const t = await makeCore({ serverUrl: server.url, dataDir: dir, start: false });
    try {
      const firstPage = async (search: string) =>
        (await t.core.handlers['jobs:list']({ search, offset: 0, limit: 50 })).jobs.map(
          (j) => j.id,
        );
      const expected = (before as { search: string; ids: string[] }[]).map(({ search, ids }) => ({
        search,
        ids: ids.slice(0, 50),
      }));
      const pages = async () =>
        Promise.all(QUERIES.map(async (search) => ({ search, ids: await firstPage(search) })));
      // Too large to do at open: nothing happens until the core starts.
      expect(await pages()).toEqual(expected);
      await new Promise((r) => setTimeout(r, 200));
      expect(t.logger.lines.join('\n')).not.toContain('search index');
      await t.core.start();
      expect(t.logger.lines.join('\n')).toContain('search index: upgrading in the background');
      // The search answers the same while the upgrade runs, and after it.
      let during = 0;
      while (!t.logger.lines.some((l) => l.startsWith('info search index upgraded'))) {
        expect(await pages()).toEqual(expected);
        during++;
        await new Promise((r) => setTimeout(r, 100));
        expect(during, 'the upgrade did not finish in 60 s').toBeLessThan(600);
      }
      expect(during).toBeGreaterThan(0);
      expect(await pages()).toEqual(expected);
    } finally {
      await t.close();
      await server.close();
    }
    const store = openStore(dir);
    upgraded(store);
    sameAsRebuilt(store);
    store.close();
  });
});

/** Answers of the old index, on a copy of the version-13 file opened as it is (no migration). */
function openV13Answers(): unknown[] {
  const db = new DatabaseSync(join(dir, DATABASE_FILE));
  const page = (search: string) => {
    const match = `"${search}"*`;
    const rows = db
      .prepare(
        `SELECT id FROM jobs WHERE seq IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ?)
         ORDER BY created_at DESC, seq DESC`,
      )
      .all(match) as { id: string }[];
    return { search, ids: rows.map((r) => r.id) };
  };
  const out = QUERIES.map(page);
  db.close();
  return out;
}

/** The search during the fill answers as an index of the current clips would. */
function sameAnswersAsOld(store: Store): void {
  for (const search of QUERIES) {
    const page = store.jobs.list({ search, offset: 0, limit: 20_000 });
    const rows = store.db
      .prepare(
        `SELECT id FROM jobs WHERE seq IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ?)
         ORDER BY created_at DESC, seq DESC`,
      )
      .all(`"${search}"*`) as { id: string }[];
    expect(
      page.jobs.map((j) => j.id),
      search,
    ).toEqual(rows.map((r) => r.id));
  }
}
