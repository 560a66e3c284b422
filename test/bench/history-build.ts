/**
 * Writes the same generated history three ways: our SQLite store (through the store's own row
 * writer), one JSON file (the electron-store / plain-file approach), and a sql.js database file
 * that the peer loads whole into memory (the approach VideoDB's own desktop app takes).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { openStore } from '../../app/core/store';
import { bulkInsert, type BulkJob } from '../support/bulk-insert';
import { generateHistory, searchTerms, toPlainJob, type SearchTerms } from './history-data';

/** Where the three copies were written, and the queries to run against them. */
export interface HistoryFixtures {
  dir: string;
  oursDir: string;
  /** Absent when only our store was written (the growth sizes). */
  jsonFile: string | null;
  sqljsFile: string | null;
  count: number;
  term: string;
  terms: SearchTerms;
  videoId: string;
}

const require = createRequire(import.meta.url);

/** Path of sql.js's wasm file (the peer loads it exactly like an app would). */
export function sqlJsWasmPath(): string {
  return require.resolve('sql.js/dist/sql-wasm.wasm');
}

/** Schema of the sql.js peer: its best shape, with an FTS4 index (sql.js has no FTS5). */
const SQLJS_SCHEMA = `
  CREATE TABLE jobs (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, status TEXT NOT NULL,
    video_id TEXT NOT NULL, video_name TEXT NOT NULL, prompt TEXT NOT NULL, favourite INTEGER,
    body TEXT NOT NULL);
  CREATE INDEX jobs_by_created ON jobs (created_at DESC);
  CREATE INDEX jobs_by_status ON jobs (status, created_at DESC);
  CREATE INDEX jobs_by_video ON jobs (video_id, created_at DESC);
  CREATE TABLE segments (job_id TEXT NOT NULL, ord INTEGER NOT NULL, start REAL, "end" REAL,
    text TEXT, score REAL, stream_url TEXT, PRIMARY KEY (job_id, ord));
  CREATE VIRTUAL TABLE jobs_fts USING fts4 (prompt, video_name, prefix="2,3");
`;

async function writeSqlJs(file: string, jobs: readonly BulkJob[]): Promise<void> {
  const SQL = await initSqlJs({ locateFile: () => sqlJsWasmPath() });
  const db = new SQL.Database();
  db.exec(SQLJS_SCHEMA);
  db.exec('BEGIN');
  const insJob = db.prepare('INSERT INTO jobs VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insSeg = db.prepare('INSERT INTO segments VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insFts = db.prepare('INSERT INTO jobs_fts (rowid, prompt, video_name) VALUES (?, ?, ?)');
  let rowid = 0;
  for (const b of jobs) {
    const plain = toPlainJob(b);
    const { segments, ...rest } = plain;
    insJob.run([
      b.id,
      b.createdAt,
      b.status,
      b.request.videoId,
      b.videoName,
      b.request.prompt,
      plain.favourite ? 1 : 0,
      JSON.stringify(rest),
    ]);
    segments.forEach((s, ord) =>
      insSeg.run([b.id, ord, s.start, s.end, s.text, s.score, s.streamUrl]),
    );
    insFts.run([++rowid, b.request.prompt, b.videoName]);
  }
  insJob.free();
  insSeg.free();
  insFts.free();
  db.exec('COMMIT');
  writeFileSync(file, db.export());
  db.close();
}

/**
 * Generate `count` jobs and write all three copies under `dir` (only ours with `peers: false`: a
 * million clips do not fit in one JSON string, nor a sql.js database in wasm memory).
 */
export async function buildHistoryFixtures(
  dir: string,
  count: number,
  opts: { peers?: boolean } = {},
): Promise<HistoryFixtures> {
  mkdirSync(dir, { recursive: true });
  const jobs = generateHistory(count);
  const oursDir = join(dir, 'ours');
  const store = openStore(oursDir);
  try {
    // Transactions of 50 000 keep the write-ahead log small (one transaction of a million clips
    // grows it past a gigabyte).
    for (let i = 0; i < jobs.length; i += 50_000) bulkInsert(store, jobs.slice(i, i + 50_000));
  } finally {
    store.close();
  }
  let jsonFile: string | null = null;
  let sqljsFile: string | null = null;
  if (opts.peers !== false) {
    jsonFile = join(dir, 'history.json');
    // One array, written as an app using a plain file would: everything, every time.
    writeFileSync(jsonFile, JSON.stringify({ version: 1, jobs: jobs.map(toPlainJob) }));
    sqljsFile = join(dir, 'history-sqljs.sqlite');
    await writeSqlJs(sqljsFile, jobs);
  }
  // Filter by the video with the most jobs, so the filter returns a full page.
  const perVideo = new Map<string, number>();
  for (const j of jobs) perVideo.set(j.request.videoId, (perVideo.get(j.request.videoId) ?? 0) + 1);
  const videoId = [...perVideo.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const terms = searchTerms(jobs);
  return { dir, oursDir, jsonFile, sqljsFile, count, term: terms.mid, terms, videoId };
}
