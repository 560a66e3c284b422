/**
 * One measurement of the history figure in a fresh process, so memory numbers are not polluted by
 * the parent or by another peer. Usage:
 *   node --expose-gc --import tsx test/bench/history-child.ts <ours|json|sqljs> <fixtures.json>
 * Prints one JSON line: start-up (open + first page), warm first page, search, filter, memory.
 */
import { readFileSync } from 'node:fs';
import initSqlJs from 'sql.js';
import type { Job, JobStatus } from '../../app/shared/domain';
import { openStore } from '../../app/core/store';
import { loadCore, memorySecretStore, recordingClipboard } from './core-loader';
import type { HistoryFixtures } from './history-build';
import { sqlJsWasmPath } from './history-build';
import { median, nowMs } from './stats';

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
}

type Page = { count: number; total: number };
interface Peer {
  firstPage(): Page | Promise<Page>;
  search(term: string): Page | Promise<Page>;
  filter(status: JobStatus, videoId: string): Page | Promise<Page>;
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
    return {
      via: 'core (jobs:list)',
      peer: {
        firstPage: async () => page(await list({ offset: 0, limit: PAGE })),
        search: async (term) => page(await list({ search: term, offset: 0, limit: PAGE })),
        filter: async (status, videoId) =>
          page(await list({ statuses: [status], videoId, offset: 0, limit: PAGE })),
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
      filter: (status, videoId) =>
        page(store.jobs.list({ statuses: [status], videoId, offset: 0, limit: PAGE })),
      close: () => store.close(),
    },
  };
}

function page(r: { jobs: readonly unknown[]; total: number }): Page {
  return { count: r.jobs.length, total: r.total };
}

function openJson(fx: HistoryFixtures): Peer {
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
    filter: (status, videoId) =>
      take(jobs.filter((j) => j.status === status && j.request.videoId === videoId)),
    close: () => undefined,
  };
}

async function openSqlJs(fx: HistoryFixtures): Promise<Peer> {
  const SQL = await initSqlJs({ locateFile: () => sqlJsWasmPath() });
  const db = new SQL.Database(readFileSync(fx.sqljsFile));
  const query = (where: string, params: (string | number)[]): Page => {
    const total = Number(db.exec(`SELECT count(*) FROM jobs ${where}`, params)[0]?.values[0]?.[0]);
    const rows = db.exec(
      `SELECT id, body FROM jobs ${where} ORDER BY created_at DESC LIMIT ${PAGE}`,
      params,
    )[0];
    const ids = (rows?.values ?? []).map((r) => String(r[0]));
    const jobs = (rows?.values ?? []).map((r) => JSON.parse(String(r[1])) as Job);
    // The page shows segments too: fetch them for the visible jobs, as the app would.
    if (ids.length) {
      db.exec(
        `SELECT * FROM segments WHERE job_id IN (${ids.map(() => '?').join(',')}) ORDER BY job_id, ord`,
        ids,
      );
    }
    return { count: jobs.length, total };
  };
  return {
    firstPage: () => query('', []),
    search: (term) =>
      query('WHERE rowid IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ?)', [
        `${term.replace(/[^\p{L}\p{N}]/gu, '')}*`,
      ]),
    filter: (status, videoId) => query('WHERE status = ? AND video_id = ?', [status, videoId]),
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
  const before = memory();
  const t0 = nowMs();
  let via = mode === 'json' ? 'JSON.parse of one file' : 'sql.js, whole file in memory';
  let peer: Peer;
  if (mode === 'ours') ({ peer, via } = await openOurs(fx));
  else if (mode === 'json') peer = openJson(fx);
  else peer = await openSqlJs(fx);
  const first = await peer.firstPage();
  const startupMs = nowMs() - t0;
  const firsts: number[] = [];
  const searches: number[] = [];
  const filters: number[] = [];
  let s: Page = { count: 0, total: 0 };
  let f: Page = { count: 0, total: 0 };
  for (let i = 0; i < 5; i++) {
    firsts.push((await timeIt(() => peer.firstPage()))[0]);
    let ms: number;
    [ms, s] = await timeIt(() => peer.search(fx.term));
    searches.push(ms);
    [ms, f] = await timeIt(() => peer.filter('done', fx.videoId));
    filters.push(ms);
  }
  const after = memory();
  const out: HistoryMeasurement = {
    mode,
    via,
    startupMs,
    firstPageMs: median(firsts),
    searchMs: median(searches),
    filterMs: median(filters),
    searchTotal: s.total,
    filterTotal: f.total,
    firstPageCount: first.count,
    rssDelta: after.rss - before.rss,
    heapDelta: after.heap - before.heap,
  };
  await peer.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
