/**
 * One measurement of the history figure in a fresh process, so memory numbers are not polluted by
 * the parent or by another peer. Usage:
 *   node --expose-gc --import tsx test/bench/history-child.ts <ours|json|sqljs> <fixtures.json>
 * Prints one JSON line: start-up (open + first page), then every query of the figure (first page,
 * searches for a rare, a mid, the most common word and one letter, filters, the video list) with
 * its cold time (the first run in this process: SQLite's cache empty, the OS file cache as the
 * writer left it) and the median of the runs after; memory.
 */
import { readFileSync } from 'node:fs';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import type { Job, JobStatus } from '../../app/shared/domain';
import { openStore } from '../../app/core/store';
import { loadCore, memorySecretStore, recordingClipboard } from './core-loader';
import type { HistoryFixtures } from './history-build';
import { sqlJsWasmPath } from './history-build';
import { median, nowMs } from './stats';

/** One query of the figure: its first run in the process, the median after, what it found. */
export interface QueryTiming {
  name: string;
  coldMs: number;
  ms: number;
  total: number;
  /** The total is a lower bound (ours counts up to a page and 1 000 more). */
  lowerBound: boolean;
}

/** What one child reports. */
export interface HistoryMeasurement {
  mode: 'ours' | 'json' | 'sqljs';
  via: string;
  startupMs: number;
  firstPageMs: number;
  searchMs: number;
  filterMs: number;
  searchTotal: number;
  filterTotal: number;
  firstPageCount: number;
  rssDelta: number;
  heapDelta: number;
  queries: QueryTiming[];
}

type Page = { count: number; total: number; lowerBound?: boolean };
interface Filter {
  status?: JobStatus;
  videoId?: string;
  favourite?: boolean;
}
interface Peer {
  firstPage(): Page | Promise<Page>;
  search(term: string): Page | Promise<Page>;
  filter(f: Filter): Page | Promise<Page>;
  /** The history's videos with their clip counts (the video filter's list). */
  videos(): Page | Promise<Page>;
  close(): void | Promise<void>;
}

const PAGE = 100;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function memory(): { rss: number; heap: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external };
}

async function openOurs(fx: HistoryFixtures): Promise<{ peer: Peer; via: string }> {
  const loaded = await loadCore();
  if ('createCore' in loaded) {
    const core = await loaded.createCore({
      dataDir: fx.oursDir,
      secretStore: memorySecretStore(),
      clipboard: recordingClipboard(),
      // Nothing listens here: the history is read from disk, offline.
      defaultApiBaseUrl: 'http://127.0.0.1:9',
    });
    const list = core.handlers['jobs:list'];
    const videos = core.handlers['jobs:videos'];
    return {
      via: 'core (jobs:list)',
      peer: {
        firstPage: async () => page(await list({ offset: 0, limit: PAGE })),
        search: async (term) => page(await list({ search: term, offset: 0, limit: PAGE })),
        filter: async (f) => page(await list({ ...listFilter(f), offset: 0, limit: PAGE })),
        videos: async () => {
          const v = await videos({});
          return { count: v.length, total: v.length };
        },
        close: () => core.close(),
      },
    };
  }
  const store = openStore(fx.oursDir);
  return {
    via: `store (${loaded.missing})`,
    peer: {
      firstPage: () => page(store.jobs.list({ offset: 0, limit: PAGE })),
      search: (term) => page(store.jobs.list({ search: term, offset: 0, limit: PAGE })),
      filter: (f) => page(store.jobs.list({ ...listFilter(f), offset: 0, limit: PAGE })),
      videos: () => {
        const v = store.jobs.videos();
        return { count: v.length, total: v.length };
      },
      close: () => store.close(),
    },
  };
}

function listFilter(f: Filter): { statuses?: JobStatus[]; videoId?: string; favourite?: boolean } {
  return {
    ...(f.status !== undefined ? { statuses: [f.status] } : {}),
    ...(f.videoId !== undefined ? { videoId: f.videoId } : {}),
    ...(f.favourite !== undefined ? { favourite: f.favourite } : {}),
  };
}

function page(r: { jobs: readonly unknown[]; total: number; totalIsLowerBound?: boolean }): Page {
  return { count: r.jobs.length, total: r.total, lowerBound: r.totalIsLowerBound ?? false };
}

function openJson(fx: HistoryFixtures): Peer {
  if (fx.jsonFile === null) throw new Error('written without the JSON peer');
  const data = JSON.parse(readFileSync(fx.jsonFile, 'utf8')) as { jobs: Job[] };
  // Newest first, as the history shows it; a plain-file app sorts once after loading.
  const jobs = data.jobs.sort((a, b) => b.createdAt - a.createdAt);
  const take = (list: Job[]): Page => ({ count: list.slice(0, PAGE).length, total: list.length });
  return {
    firstPage: () => take(jobs),
    search: (term) => {
      const t = term.toLowerCase();
      return take(
        jobs.filter(
          (j) =>
            j.request.prompt.toLowerCase().includes(t) || j.videoName.toLowerCase().includes(t),
        ),
      );
    },
    filter: (f) =>
      take(
        jobs.filter(
          (j) =>
            (f.status === undefined || j.status === f.status) &&
            (f.videoId === undefined || j.request.videoId === f.videoId) &&
            (f.favourite === undefined || j.favourite === f.favourite),
        ),
      ),
    videos: () => {
      const names = new Map<string, string>();
      for (const j of jobs) names.set(j.request.videoId, j.videoName);
      return { count: names.size, total: names.size };
    },
    close: () => undefined,
  };
}

async function openSqlJs(fx: HistoryFixtures, SQL: SqlJsStatic): Promise<Peer> {
  if (fx.sqljsFile === null) throw new Error('written without the sql.js peer');
  const db = new SQL.Database(readFileSync(fx.sqljsFile));
  const query = (where: string, params: (string | number)[]): Page => {
    const total = Number(db.exec(`SELECT count(*) FROM jobs ${where}`, params)[0]?.values[0]?.[0]);
    const rows = db.exec(
      `SELECT id, body FROM jobs ${where} ORDER BY created_at DESC LIMIT ${PAGE}`,
      params,
    )[0];
    // List rows only, as ours (the segments wait for the detail).
    const jobs = (rows?.values ?? []).map((r) => JSON.parse(String(r[1])) as Job);
    return { count: jobs.length, total };
  };
  return {
    firstPage: () => query('', []),
    search: (term) =>
      query('WHERE rowid IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ?)', [
        `${term.replace(/[^\p{L}\p{N}]/gu, '')}*`,
      ]),
    filter: (f) => {
      const where: string[] = [];
      const params: (string | number)[] = [];
      const add = (sql: string, value: string | number): void => {
        where.push(sql);
        params.push(value);
      };
      if (f.status !== undefined) add('status = ?', f.status);
      if (f.videoId !== undefined) add('video_id = ?', f.videoId);
      if (f.favourite !== undefined) add('favourite = ?', f.favourite ? 1 : 0);
      return query(where.length ? `WHERE ${where.join(' AND ')}` : '', params);
    },
    videos: () => {
      const rows = db.exec(
        'SELECT video_id, max(video_name), count(*) FROM jobs GROUP BY video_id',
      )[0];
      const n = rows?.values.length ?? 0;
      return { count: n, total: n };
    },
    close: () => db.close(),
  };
}

async function timeIt<T>(fn: () => T | Promise<T>): Promise<[number, T]> {
  const t0 = nowMs();
  const v = await fn();
  return [nowMs() - t0, v];
}

async function main(): Promise<void> {
  const [mode, fxFile] = process.argv.slice(2) as ['ours' | 'json' | 'sqljs', string];
  const fx = JSON.parse(readFileSync(fxFile, 'utf8')) as HistoryFixtures;
  // Code is loaded before the clock starts, on both sides: our core's modules (which tsx compiles
  // from TypeScript on first import here, unlike the app's bundle) and sql.js's wasm module.
  // Start-up is opening the file and reading the first page.
  if (mode === 'ours') await loadCore();
  const SQL = mode === 'sqljs' ? await initSqlJs({ locateFile: () => sqlJsWasmPath() }) : null;
  const before = memory();
  const t0 = nowMs();
  let via = mode === 'json' ? 'JSON.parse of one file' : 'sql.js, whole file in memory';
  let peer: Peer;
  if (mode === 'ours') ({ peer, via } = await openOurs(fx));
  else if (mode === 'json') peer = openJson(fx);
  else peer = await openSqlJs(fx, SQL!);
  const first = await peer.firstPage();
  const startupMs = nowMs() - t0;
  const t = fx.terms;
  const plan: Array<[string, () => Page | Promise<Page>]> = [
    ['page', () => peer.firstPage()],
    [`search "${t.rare}" (rare)`, () => peer.search(t.rare)],
    [`search "${t.mid}" (mid)`, () => peer.search(t.mid)],
    [`search "${t.common}" (most common word)`, () => peer.search(t.common)],
    [`search "${t.letter}" (one letter)`, () => peer.search(t.letter)],
    ['filter: done', () => peer.filter({ status: 'done' })],
    ['filter: queued', () => peer.filter({ status: 'queued' })],
    ['filter: done + one video', () => peer.filter({ status: 'done', videoId: fx.videoId })],
    ['filter: favourites', () => peer.filter({ favourite: true })],
    ['videos (jobs:videos)', () => peer.videos()],
  ];
  const queries: QueryTiming[] = [];
  for (const [name, run] of plan) {
    const [coldMs, found] = await timeIt(run);
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push((await timeIt(run))[0]);
    queries.push({
      name,
      coldMs,
      ms: median(warm),
      total: found.total,
      lowerBound: found.lowerBound ?? false,
    });
  }
  const after = memory();
  const q = (prefix: string): QueryTiming => queries.find((x) => x.name.startsWith(prefix))!;
  const out: HistoryMeasurement = {
    mode,
    via,
    startupMs,
    firstPageMs: q('page').ms,
    searchMs: q(`search "${t.mid}"`).ms,
    filterMs: q('filter: done + one video').ms,
    searchTotal: q(`search "${t.mid}"`).total,
    filterTotal: q('filter: done + one video').total,
    firstPageCount: first.count,
    rssDelta: after.rss - before.rss,
    heapDelta: after.heap - before.heap,
    queries,
  };
  await peer.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
