/**
 * `npm run bench` (full) and `npm run bench -- --quick` (CI smoke): measures what users feel and
 * prints one markdown table — per figure our value, the peer's value from the same run, the ratio
 * and whether the bar of issue 6 is met — and writes it to test/artifacts/bench.md.
 *
 * Exit code: 0 whenever the benchmark ran (bars missed or not), non-zero only when a figure broke.
 * A figure whose prerequisites are absent (core not written yet, renderer not built) is skipped
 * with the reason in the table, which is not a break.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_API_KEY } from '../hard/keys';
import { figureHistory } from './figure-history';
import { buildHistoryFixtures } from './history-build';
import { figureMainCost } from './figure-main-cost';
import { figureMultiClip } from './figure-multiclip';
import { figureOutbox } from './figure-outbox';
import { figurePolling } from './figure-polling';
import { figureWindow } from './figure-window';
import { nowMs } from './stats';
import { fmtMs, renderTable, type BenchRow } from './table';

const quick = process.argv.includes('--quick');
/** `--only 1,4`: run just these figures (for investigating one number). */
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set((process.argv[onlyArg + 1] ?? '').split(',')) : null;
const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = join(root, 'test', 'artifacts');

const S = 1000;
const MIN = 60 * S;
/** `--sizes 1000,100000`: the history growth table's sizes (figure 2). */
const sizesArg = process.argv.indexOf('--sizes');
const sizes =
  sizesArg > 0
    ? (process.argv[sizesArg + 1] ?? '')
        .split(',')
        .map(Number)
        .filter((n) => n > 0)
    : null;
const config = quick
  ? {
      reps: 1,
      lengths: [3 * S, 2 * MIN],
      jobs: 2000,
      historySizes: sizes ?? [1000, 10_000],
      outbox: [50],
      pollJobs: 5,
      windowMs: 3000,
      mainCostReps: 1,
    }
  : {
      reps: 3,
      lengths: [3 * S, 10 * S, 30 * S, 2 * MIN, 10 * MIN, 30 * MIN],
      jobs: 100_000,
      historySizes: sizes ?? [1000, 10_000, 100_000, 1_000_000],
      outbox: [50, 500, 2000],
      pollJobs: 50,
      // Issue 14 §5: CPU with 50 jobs polling, averaged over their first 5 minutes (one run each
      // side: a median of three would take half an hour).
      windowMs: 300_000,
      mainCostReps: 1,
    };

/**
 * What bounds each figure however good the code gets (issue 14 §7). Figure 2 prints one per
 * query itself.
 */
const PHYSICAL_LIMITS: Record<string, string> = {
  '1': 'one poll round trip after the job ends, and the poll interval the request budget allows; only a push (callback) gets below it',
  '3': "the display's frame (16.7 ms at 60 Hz): a frame is either ready in time or dropped; layout and paint of the rows that enter the view",
  '4': "the server's accept rate with 4 requests open, plus one fsync'd commit per five POSTs on the machine's disk (each durable 'sending' mark must be on disk before its POST; a turn marks four sends ahead)",
  '5': 'parsing one answer and, only when something changed, one SQLite write: below that is the HTTP client itself',
  '6': "the global request limit (4 open at once) against the server's answer time: 300 clips are at least 300 POSTs and 300 polls queued behind it",
};

const log = (line: string): void => console.error(line);
const firstLine = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);

async function main(): Promise<number> {
  const started = nowMs();
  const work = mkdtempSync(join(tmpdir(), 'videodb-bench-'));
  const rows: BenchRow[] = [];
  const broken: string[] = [];
  const figure = async (name: string, fn: () => Promise<BenchRow[]>): Promise<void> => {
    if (only && !only.has(name.split('.')[0]!)) return;
    log(`▶ ${name}`);
    const t0 = nowMs();
    try {
      rows.push(...(await fn()));
      const limit = PHYSICAL_LIMITS[name.split('.')[0]!];
      if (limit !== undefined) {
        rows.push({
          figure: name,
          metric: 'physical limit',
          ours: limit,
          peer: '—',
          peerName: '—',
          ratio: '—',
          bar: '—',
        });
      }
    } catch (err) {
      const message = (err as Error).stack ?? String(err);
      broken.push(`${name}: ${message}`);
      rows.push({
        figure: name,
        metric: '—',
        ours: '—',
        peer: '—',
        peerName: '—',
        ratio: '—',
        bar: `BROKEN: ${firstLine(err)}`,
      });
      log(`  broke: ${message}`);
    }
    log(`  (${fmtMs(nowMs() - t0)})`);
  };
  try {
    await figure('1. Noticing a finished job', () =>
      figurePolling({
        lengths: config.lengths,
        // Job ends fall at random points of the SDK's 5-s grid, so its delay is spread over
        // 0–5 s; a median over 3 offsets is mostly luck. The fake clock makes repetitions cheap.
        reps: quick ? config.reps : Math.max(config.reps, 11),
        apiKey: BENCH_API_KEY,
        log,
      }),
    );
    await figure('2. History at scale', () =>
      figureHistory({
        jobs: config.jobs,
        sizes: config.historySizes,
        reps: config.reps,
        workDir: work,
        log,
      }),
    );
    await figure('3. The window', () =>
      figureWindow({ quick, reps: config.reps, apiKey: BENCH_API_KEY, log }),
    );
    await figure('4. Outbox drain', () =>
      figureOutbox({ sizes: config.outbox, reps: config.reps, apiKey: BENCH_API_KEY, log }),
    );
    await figure('5. Main-process cost', async () => {
      // Figure 2 wrote the history; when it was not run, write it here.
      const fixturesFile = join(work, 'history', 'fixtures.json');
      if (!existsSync(fixturesFile)) {
        const fx = await buildHistoryFixtures(join(work, 'history'), config.jobs);
        writeFileSync(fixturesFile, JSON.stringify(fx));
      }
      return figureMainCost({
        fixturesFile,
        jobs: config.jobs,
        pollJobs: config.pollJobs,
        windowMs: config.windowMs,
        reps: config.mainCostReps,
        apiKey: BENCH_API_KEY,
        log,
      });
    });
    await figure('6. One prompt across many videos', () =>
      // The issue's own case is 300 videos; the smoke run in CI asks 100 (the limit shows as well).
      figureMultiClip({ videos: quick ? 100 : 300, reps: 1, apiKey: BENCH_API_KEY, log }),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const table = renderTable(rows);
  const took = fmtMs(nowMs() - started);
  const header = [
    `# Benchmark (${quick ? 'quick smoke mode' : 'full'})`,
    '',
    `Run ${new Date().toISOString()} on Node ${process.versions.node}, ${cpus().length} cores, took ${took}. ` +
      `Values are medians over ${config.reps} run${config.reps > 1 ? 's' : ''}; peers measured in the same run. ` +
      'Ratio = ours ÷ peer (below 1× is better for times, requests and memory).',
    '',
    'Notes: (1) each job length gets a seeded offset in [0, 5 s), the same for both sides, so the ' +
      "SDK's 5-s grid does not land exactly on the end; delays are read from the server's request log " +
      '(server clock) for both sides; the repetitions of one row share one history, so the first is the cold case (printed beside the median) and the later ones know how long similar jobs took. (2) each store is measured in a fresh child process; memory is ' +
      'the growth of RSS / JS heap+external from before opening to after the queries, after GC. ' +
      "(4) the peer has no outbox: the same requests are replayed 4 at a time (the engine's limit) once online. " +
      '(5) CPU is process.cpuUsage over the window divided by wall time.',
    '',
  ].join('\n');
  const md = `${header}\n${table}\n${broken.length ? `\nBroken:\n${broken.map((b) => `- ${b.split('\n')[0]!.slice(0, 300)}`).join('\n')}\n` : ''}`;
  mkdirSync(artifacts, { recursive: true });
  // bench.md is the latest run; the full run is also kept apart so a CI smoke run never hides it.
  writeFileSync(join(artifacts, 'bench.md'), md);
  writeFileSync(join(artifacts, quick ? 'bench-quick.md' : 'bench-full.md'), md);
  process.stdout.write(`${md}\n`);
  return broken.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
