/**
 * Figure 2, history at scale: the same generated history in our SQLite store, in one JSON file
 * and in a sql.js database; each opened in a fresh child process (fair memory numbers), start-up
 * = open + first page, then first page, searches (rare, mid, the most common word, one letter),
 * filters and the video list, each cold (first run) and median. Then the growth table: ours alone
 * at every size (1k / 10k / 100k / 1M in the full run), with the bars of issue 14 at the largest.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChild } from './child';
import { buildHistoryFixtures } from './history-build';
import type { HistoryMeasurement, QueryTiming } from './history-child';
import { median, nowMs } from './stats';
import { fmtMB, fmtMs, met, ratio, type BenchRow } from './table';

type Mode = HistoryMeasurement['mode'];

function medianOf(ms: HistoryMeasurement[]): HistoryMeasurement {
  const pick = (k: keyof HistoryMeasurement): number => median(ms.map((m) => Number(m[k])));
  return {
    ...ms[0]!,
    startupMs: pick('startupMs'),
    firstPageMs: pick('firstPageMs'),
    searchMs: pick('searchMs'),
    filterMs: pick('filterMs'),
    rssDelta: pick('rssDelta'),
    heapDelta: pick('heapDelta'),
    queries: ms[0]!.queries.map((q, i) => ({
      ...q,
      coldMs: median(ms.map((m) => m.queries[i]!.coldMs)),
      ms: median(ms.map((m) => m.queries[i]!.ms)),
    })),
  };
}

/** Bars of issue 14 §3 at a million clips (ms), by the start of the query's name. */
const BARS: ReadonlyArray<[string, number]> = [
  ['page', 20],
  ['search', 50],
  ['filter', 20],
  ['videos', 20],
];
const barOf = (name: string): number | null =>
  BARS.find(([prefix]) => name.startsWith(prefix))?.[1] ?? null;

/** What bounds each query's time (issue 14 §7: a line per figure naming its physical limit). */
const LIMITS: ReadonlyArray<[string, string]> = [
  ['page', 'one index walk of a page; grows with the B-tree depth (log n)'],
  [
    'search',
    "one walk of the full-text index newest first, stopping a page and 1 000 matches in (the count is capped); a word of 4+ letters first gathers its terms' lists (grows with that word's matches)",
  ],
  ['filter', 'one index walk, stopping a page and 1 000 rows in (the count is capped)'],
  ['videos', 'one row per video in a summary the triggers keep: grows with videos, not clips'],
];

const sizeName = (n: number): string =>
  n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n);

const found = (q: QueryTiming): string => `${q.total}${q.lowerBound ? '+' : ''}`;

/** The growth table: ours at every size, one child per size (the medians are inside it). */
async function growth(opts: {
  sizes: readonly number[];
  workDir: string;
  log: (line: string) => void;
}): Promise<BenchRow[]> {
  const bySize: Array<[number, HistoryMeasurement]> = [];
  for (const size of opts.sizes) {
    const t0 = nowMs();
    const fx = await buildHistoryFixtures(join(opts.workDir, `growth-${size}`), size, {
      peers: false,
    });
    const fxFile = join(fx.dir, 'fixtures.json');
    writeFileSync(fxFile, JSON.stringify(fx));
    const m = await runChild<HistoryMeasurement>('test/bench/history-child.ts', ['ours', fxFile], {
      timeoutMs: 900_000,
    });
    bySize.push([size, m]);
    rmSync(fx.dir, { recursive: true, force: true });
    opts.log(
      `  growth ${sizeName(size)}: written in ${fmtMs(nowMs() - t0)}; ${m.queries.map((q) => `${q.name} ${fmtMs(q.ms)} (cold ${fmtMs(q.coldMs)}, ${found(q)})`).join('; ')}`,
    );
  }
  const [largest, top] = bySize[bySize.length - 1]!;
  const [smallest, bottom] = bySize[0]!;
  const figure = `2. History growth, ours (${bySize.map(([n]) => sizeName(n)).join(' / ')})`;
  const rows: BenchRow[] = [
    {
      figure,
      metric: 'start-up: open + first page (cold process)',
      ours: `${fmtMs(top.startupMs)} at ${sizeName(largest)}`,
      peer: bySize.map(([n, m]) => `${sizeName(n)} ${fmtMs(m.startupMs)}`).join(' · '),
      peerName: 'same, at each size',
      ratio: ratio(top.startupMs, bottom.startupMs),
      bar: largest >= 1_000_000 ? met(top.startupMs < 50) : '—',
    },
  ];
  top.queries.forEach((q, i) => {
    const bar = barOf(q.name);
    // A query's bar holds for its cold run as well as its median.
    const ok = bar !== null && largest >= 1_000_000 ? met(Math.max(q.ms, q.coldMs) < bar) : '—';
    rows.push({
      figure,
      metric: `${q.name}${bar !== null ? ` (bar < ${bar} ms at 1M, cold too)` : ''}`,
      ours: `${fmtMs(q.ms)} (cold ${fmtMs(q.coldMs)}) at ${sizeName(largest)}, ${found(q)} found`,
      peer: bySize
        .map(([n, m]) => {
          const x = m.queries[i]!;
          return `${sizeName(n)} ${fmtMs(x.ms)} (${fmtMs(x.coldMs)})`;
        })
        .join(' · '),
      peerName: `same, at each size (cold); ratio ${sizeName(largest)} ÷ ${sizeName(smallest)}`,
      ratio: ratio(q.ms, bottom.queries[i]!.ms),
      bar: ok,
    });
  });
  for (const [prefix, limit] of LIMITS) {
    rows.push({
      figure,
      metric: `physical limit: ${prefix}`,
      ours: limit,
      peer: '—',
      peerName: '—',
      ratio: '—',
      bar: '—',
    });
  }
  return rows;
}

/** Run figure 2 and return its table rows. */
export async function figureHistory(opts: {
  jobs: number;
  /** Sizes of the growth table (ours alone). */
  sizes: readonly number[];
  reps: number;
  workDir: string;
  log: (line: string) => void;
}): Promise<BenchRow[]> {
  const t0 = nowMs();
  const fx = await buildHistoryFixtures(join(opts.workDir, 'history'), opts.jobs);
  const fxFile = join(fx.dir, 'fixtures.json');
  writeFileSync(fxFile, JSON.stringify(fx));
  opts.log(`  wrote ${opts.jobs} jobs three ways in ${fmtMs(nowMs() - t0)}`);
  const results = {} as Record<Mode, HistoryMeasurement>;
  for (const mode of ['ours', 'json', 'sqljs'] as const) {
    const runs: HistoryMeasurement[] = [];
    for (let i = 0; i < opts.reps; i++) {
      runs.push(await runChild<HistoryMeasurement>('test/bench/history-child.ts', [mode, fxFile]));
    }
    const m = medianOf(runs);
    // The same query must find the same jobs everywhere, or the comparison means nothing.
    results[mode] = m;
    opts.log(
      `  ${mode} (${m.via}): start ${fmtMs(m.startupMs)}, page ${fmtMs(m.firstPageMs)}, search ${fmtMs(m.searchMs)} (${m.searchTotal}), filter ${fmtMs(m.filterMs)} (${m.filterTotal}), RSS +${fmtMB(m.rssDelta)}`,
    );
  }
  const o = results.ours;
  for (const mode of ['json', 'sqljs'] as const) {
    const p = results[mode];
    // Ours may stop counting (a lower bound); below the bound every count must agree.
    o.queries.forEach((q, i) => {
      const theirs = p.queries[i]!.total;
      const agree = q.lowerBound ? theirs >= q.total : theirs === q.total;
      if (!agree && !q.name.startsWith('search')) {
        throw new Error(`${q.name}: ours found ${found(q)}, ${mode} ${theirs}`);
      }
    });
  }
  const n = opts.jobs.toLocaleString('en');
  const figure = `2. History at ${n} jobs`;
  const rows: BenchRow[] = [];
  const peers = [
    ['json', 'JSON file (read + parse)'],
    ['sqljs', 'sql.js (whole DB in memory)'],
  ] as const;
  const aheadStart = peers.every(([k]) => o.startupMs < results[k].startupMs);
  const aheadMem = peers.every(([k]) => o.rssDelta < results[k].rssDelta);
  for (const [k, name] of peers) {
    const p = results[k];
    rows.push(
      {
        figure,
        metric: 'start-up: open + first page',
        ours: fmtMs(o.startupMs),
        peer: fmtMs(p.startupMs),
        peerName: name,
        ratio: ratio(o.startupMs, p.startupMs),
        bar: met(aheadStart),
      },
      {
        figure,
        metric: 'first page (warm)',
        ours: fmtMs(o.firstPageMs),
        peer: fmtMs(p.firstPageMs),
        peerName: name,
        ratio: ratio(o.firstPageMs, p.firstPageMs),
        bar: met(o.firstPageMs < 50),
      },
      ...o.queries
        .filter((q) => q.name !== 'page')
        .map((q) => {
          const pq = p.queries.find((x) => x.name === q.name)!;
          const bar = barOf(q.name);
          return {
            figure,
            metric: `${q.name} (${found(q)} vs ${pq.total} found; cold in brackets)`,
            ours: `${fmtMs(q.ms)} (${fmtMs(q.coldMs)})`,
            peer: `${fmtMs(pq.ms)} (${fmtMs(pq.coldMs)})`,
            peerName: name,
            ratio: ratio(q.ms, pq.ms),
            bar: bar === null ? '—' : met(Math.max(q.ms, q.coldMs) < bar),
          };
        }),
      {
        figure,
        metric: 'memory: RSS growth after open + queries',
        ours: fmtMB(o.rssDelta),
        peer: fmtMB(p.rssDelta),
        peerName: name,
        ratio: ratio(o.rssDelta, p.rssDelta),
        bar: met(aheadMem),
      },
      {
        figure,
        metric: 'memory: JS heap + external growth',
        ours: fmtMB(o.heapDelta),
        peer: fmtMB(p.heapDelta),
        peerName: name,
        ratio: ratio(o.heapDelta, p.heapDelta),
        bar: '—',
      },
    );
  }
  if (o.via !== 'core (jobs:list)') rows[0]!.metric += ` [via ${o.via}]`;
  rows.push(...(await growth({ sizes: opts.sizes, workDir: opts.workDir, log: opts.log })));
  return rows;
}
