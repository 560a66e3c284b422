/**
 * Figure 2, history at scale: the same generated history in our SQLite store, in one JSON file
 * and in a sql.js database; each opened in a fresh child process (fair memory numbers), start-up
 * = open + first page, then warm first page, full-text search, and filter by status and video.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChild } from './child';
import { buildHistoryFixtures } from './history-build';
import type { HistoryMeasurement } from './history-child';
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
  };
}

/** Run figure 2 and return its table rows. */
export async function figureHistory(opts: {
  jobs: number;
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
    if (p.filterTotal !== o.filterTotal) {
      throw new Error(`filter totals differ: ours ${o.filterTotal}, ${mode} ${p.filterTotal}`);
    }
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
      {
        figure,
        metric: `search "${fx.term}" (${o.searchTotal} vs ${p.searchTotal} found)`,
        ours: fmtMs(o.searchMs),
        peer: fmtMs(p.searchMs),
        peerName: name,
        ratio: ratio(o.searchMs, p.searchMs),
        bar: met(o.searchMs < 50),
      },
      {
        figure,
        metric: 'filter: done + one video',
        ours: fmtMs(o.filterMs),
        peer: fmtMs(p.filterMs),
        peerName: name,
        ratio: ratio(o.filterMs, p.filterMs),
        bar: '—',
      },
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
  return rows;
}
