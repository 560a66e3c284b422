/**
 * The history list at scale, on real SQLite files: every page, search and filter against a plain
 * model of the same jobs (newest first by time, then by insertion), with clips out of time order
 * mixed in, search over prompt, video name and segment text, capped counts, list rows without
 * segments, the per-video summary kept by triggers, and the upgrade of a version-1 file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import {
  COUNT_CAP,
  DATABASE_FILE,
  MIGRATIONS,
  openStore,
  type JobListQuery,
  type Store,
} from '../../../app/core/store';
import type { JobStatus } from '../../../app/shared/domain';
import { mulberry32 } from '../../support/rng';
import { bulkInsert, type BulkJob } from '../../support/bulk-insert';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'history-scale-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const WORDS = ['moments', 'morning', 'pricing', 'price', 'intro', 'mountain', 'about', 'team'];
/** What segments say: some share prefixes with the prompt words, one is found only there. */
const SAID = ['revenue', 'mobile', 'annual', 'prices', 'teamwork', 'zen'];
const STATUSES: JobStatus[] = ['done', 'done', 'done', 'failed', 'queued', 'uncertain'];

interface ModelJob extends BulkJob {
  order: number;
}

/**
 * `count` jobs in insertion order; time mostly grows with it, but `outOfOrder` of them carry an
 * earlier time (a clock set back, an import) and some share a millisecond.
 */
function history(count: number, outOfOrder: number, seed = 3): ModelJob[] {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const late = new Set<number>();
  while (late.size < outOfOrder) late.add(Math.floor(r() * count));
  const jobs: ModelJob[] = [];
  let t = 1_700_000_000_000;
  for (let i = 0; i < count; i++) {
    t += r() < 0.1 ? 0 : Math.floor(r() * 1000);
    const createdAt = late.has(i) ? t - Math.floor(r() * 1000 * count) : t;
    const v = Math.floor(r() * 40);
    const status = pick(STATUSES);
    jobs.push({
      order: i,
      id: `j${i}`,
      request: {
        videoId: `m-v${v}`,
        collectionId: 'c-1',
        prompt: `${pick(WORDS)} ${pick(WORDS)}`,
        contentType: 'spoken',
        modelName: 'basic',
      },
      videoName: `Video ${v}`,
      fingerprint: `f${i}`,
      createdAt,
      status,
      favourite: r() < 0.05,
      segments:
        status === 'done'
          ? Array.from({ length: 1 + (i % 3) }, (_, k) => ({
              start: k,
              end: k + 1,
              text: `${pick(SAID)} ${pick(SAID)}`,
              score: 1,
              streamUrl: null,
            }))
          : [],
    });
  }
  return jobs;
}

/** The history order: newest time first, then the later insertion. */
const newestFirst = (a: ModelJob, b: ModelJob) => b.createdAt - a.createdAt || b.order - a.order;

/**
 * A job's search words, worked out once per job (the million-clip case asks 20 questions of the
 * same jobs); worked out again when its prompt or video name changed.
 */
const tokenCache = new WeakMap<ModelJob, { prompt: string; videoName: string; tokens: string[] }>();
function tokensOf(j: ModelJob): string[] {
  const hit = tokenCache.get(j);
  if (hit && hit.prompt === j.request.prompt && hit.videoName === j.videoName) return hit.tokens;
  const said = (j.segments ?? []).map((x) => x.text).join(' ');
  const tokens = `${j.request.prompt} ${j.videoName} ${said}`.toLowerCase().split(/[^a-z0-9]+/);
  tokenCache.set(j, { prompt: j.request.prompt, videoName: j.videoName, tokens });
  return tokens;
}

/** The jobs in history order, sorted once per list (again when jobs were added or removed). */
const orderCache = new WeakMap<readonly ModelJob[], { length: number; sorted: ModelJob[] }>();
function inOrder(all: readonly ModelJob[]): ModelJob[] {
  const hit = orderCache.get(all);
  if (hit && hit.length === all.length) return hit.sorted;
  const sorted = [...all].sort(newestFirst);
  orderCache.set(all, { length: all.length, sorted });
  return sorted;
}

function matches(j: ModelJob, q: JobListQuery): boolean {
  if (q.statuses?.length && !q.statuses.includes(j.status)) return false;
  if (q.videoId !== undefined && j.request.videoId !== q.videoId) return false;
  if (q.favourite !== undefined && (j.favourite ?? false) !== q.favourite) return false;
  if (q.search !== undefined) {
    const tokens = tokensOf(j);
    const words = q.search.toLowerCase().match(/[a-z0-9]+/g) ?? [];
    if (!words.every((w) => tokens.some((t) => t.startsWith(w)))) return false;
  }
  return true;
}

/** The page and total the store must answer, from the model. */
function expected(all: readonly ModelJob[], q: JobListQuery) {
  const hits = inOrder(all).filter((j) => matches(j, q));
  const cap = q.offset + q.limit + COUNT_CAP;
  return {
    ids: hits.slice(q.offset, q.offset + q.limit).map((j) => j.id),
    exact: hits.length,
    cap,
  };
}

function check(store: Store, all: readonly ModelJob[], q: JobListQuery): void {
  const page = store.jobs.list(q);
  const want = expected(all, q);
  expect(
    page.jobs.map((j) => j.id),
    JSON.stringify(q),
  ).toEqual(want.ids);
  if (page.totalIsLowerBound) {
    expect(page.total, JSON.stringify(q)).toBe(want.cap);
    expect(want.exact, JSON.stringify(q)).toBeGreaterThan(want.cap);
  } else {
    expect(page.total, JSON.stringify(q)).toBe(want.exact);
  }
}

const QUERIES: JobListQuery[] = [
  { offset: 0, limit: 100 },
  { offset: 250, limit: 50 },
  { search: 'm', offset: 0, limit: 100 },
  { search: 'm', offset: 3000, limit: 100 },
  { search: 'mo', offset: 0, limit: 100 },
  { search: 'mor', offset: 40, limit: 100 },
  { search: 'moments', offset: 0, limit: 100 },
  { search: 'price', offset: 0, limit: 100 },
  { search: 'pric mount', offset: 0, limit: 100 },
  { search: 'video 7', offset: 0, limit: 100 },
  { search: 'zebra', offset: 0, limit: 100 },
  { search: 'revenue', offset: 0, limit: 100 },
  { search: 'rev', offset: 200, limit: 50 },
  { search: 'annual intro', offset: 0, limit: 100 },
  { search: 'zen', statuses: ['done'], offset: 0, limit: 100 },
  { statuses: ['failed'], offset: 0, limit: 100 },
  { statuses: ['queued', 'uncertain'], offset: 100, limit: 100 },
  { videoId: 'm-v3', offset: 0, limit: 100 },
  { favourite: true, offset: 0, limit: 100 },
  { search: 'about', statuses: ['failed'], offset: 0, limit: 100 },
  { search: 'i', videoId: 'm-v5', offset: 10, limit: 100 },
  { search: 'intro', favourite: true, statuses: ['done'], offset: 0, limit: 100 },
];

describe('history list at scale', () => {
  it('pages, searches and filters 100 000 clips, some out of time order, exactly as the model', () => {
    const all = history(100_000, 300);
    const store = openStore(dir);
    bulkInsert(store, all);
    for (const q of QUERIES) check(store, all, q);

    // Rows carry no segments, only their count; the whole job still has them.
    const page = store.jobs.list({ statuses: ['done'], offset: 0, limit: 5 });
    for (const row of page.jobs) {
      expect('segments' in row).toBe(false);
      expect(row.segmentCount).toBe(store.jobs.get(row.id)!.segments.length);
      expect(row.segmentCount).toBeGreaterThan(0);
    }

    // Deleting out-of-order and in-order clips keeps every index in step.
    const late = all.filter((j, i) => i > 0 && j.createdAt < all[i - 1]!.createdAt);
    const gone = new Set([...late.slice(0, 100), ...all.slice(-500)].map((j) => j.id));
    store.jobs.delete([...gone]);
    const left = all.filter((j) => !gone.has(j.id));
    for (const q of QUERIES) check(store, left, q);
    store.close();
  }, 120_000);

  it('a clip renamed or added later keeps search, order and the per-video summary in step', () => {
    const all = history(3000, 40);
    const store = openStore(dir);
    bulkInsert(store, all);
    // One clip added with an earlier time than the newest (the clock went back), one in order.
    const add = (id: string, createdAt: number, prompt: string): ModelJob => {
      const j: ModelJob = {
        order: all.length,
        id,
        request: { ...all[0]!.request, videoId: 'm-new', prompt },
        videoName: 'Fresh upload',
        fingerprint: id,
        createdAt,
        status: 'queued',
        segments: [],
      };
      store.jobs.insertQueued(j);
      all.push(j);
      return j;
    };
    const newest = Math.max(...all.map((j) => j.createdAt));
    add('back', newest - 5_000_000, 'moments of zebra');
    add('ahead', newest + 1, 'zebra crossing');
    for (const q of QUERIES) check(store, all, q);
    check(store, all, { search: 'zeb', offset: 0, limit: 10 });
    check(store, all, { search: 'fresh', offset: 0, limit: 10 });

    // A rename reaches the search of both kinds of clip and the video filter's name.
    store.jobs.patch('back', { videoName: 'Renamed talk' }, newest + 2);
    store.jobs.patch('ahead', { videoName: 'Renamed talk' }, newest + 3);
    for (const j of all) if (j.id === 'back' || j.id === 'ahead') j.videoName = 'Renamed talk';
    check(store, all, { search: 'renamed', offset: 0, limit: 10 });
    check(store, all, { search: 'fresh', offset: 0, limit: 10 });
    const videos = store.jobs.videos();
    expect(videos.find((v) => v.videoId === 'm-new')).toEqual({
      videoId: 'm-new',
      videoName: 'Renamed talk',
      count: 2,
    });
    // The summary equals a plain count of the clips per video, also after deletes.
    store.jobs.delete(['back', ...all.slice(0, 700).map((j) => j.id)]);
    const counts = new Map<string, number>();
    for (const j of all.slice(700)) {
      if (j.id === 'back') continue;
      counts.set(j.request.videoId, (counts.get(j.request.videoId) ?? 0) + 1);
    }
    expect(new Map(store.jobs.videos().map((v) => [v.videoId, v.count]))).toEqual(counts);
    expect(store.jobs.list({ offset: 0, limit: 1 }).total).toBe(all.length - 701);
    store.close();
  });

  it('a version-1 history is upgraded: search, order and video summary built from its rows', () => {
    const all = history(5000, 60);
    // Write the file exactly as version 1 did.
    mkdirSync(dir, { recursive: true });
    const v1 = new DatabaseSync(join(dir, DATABASE_FILE));
    v1.exec(MIGRATIONS[0]!);
    v1.exec('PRAGMA user_version = 1');
    const ins = v1.prepare(
      `INSERT INTO jobs (id, request, video_id, collection_id, prompt, content_type, video_name,
         fingerprint, status, created_at, updated_at, favourite)
       VALUES (?, ?, ?, ?, ?, 'spoken', ?, ?, ?, ?, ?, ?)`,
    );
    const seg = v1.prepare(
      `INSERT INTO segments (job_id, ord, start, "end", text, score) VALUES (?, ?, ?, ?, ?, 1)`,
    );
    v1.exec('BEGIN');
    for (const j of all) {
      ins.run(
        j.id,
        JSON.stringify(j.request),
        j.request.videoId,
        j.request.collectionId,
        j.request.prompt,
        j.videoName,
        j.fingerprint,
        j.status,
        j.createdAt,
        j.createdAt,
        j.favourite ? 1 : 0,
      );
      (j.segments ?? []).forEach((x, i) => seg.run(j.id, i, x.start, x.end, x.text));
    }
    v1.exec('COMMIT');
    v1.close();
    const store = openStore(dir);
    for (const q of QUERIES) check(store, all, q);
    expect(store.jobs.videos().reduce((n, v) => n + v.count, 0)).toBe(all.length);
    store.close();
  });
});

describe('history list at a million clips', () => {
  it('the first pages of searches and filters match the model', () => {
    const all = history(1_000_000, 500, 11).map((j) => ({ ...j, segments: [] }));
    const store = openStore(dir);
    // Transactions of 100 000 keep the write-ahead log small.
    for (let i = 0; i < all.length; i += 100_000) bulkInsert(store, all.slice(i, i + 100_000));
    for (const q of QUERIES.filter((x) => x.offset <= 250)) check(store, all, q);
    store.close();
  }, 600_000);
});
