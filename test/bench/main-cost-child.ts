/**
 * Figure 5 in a fresh process: resident memory of a process holding the whole history with jobs
 * being polled, and its CPU over a quiet window. Run as a bundle by bare Node (`runChild` with
 * `bundle: true`), as the app ships, so no TypeScript loader runs beside it. Arguments (API key in
 * BENCH_API_KEY):
 *   main-cost-child <ours|peer> <fixtures.json> <serverUrl> <pollJobs> <windowMs> [settleMs]
 * The window starts `settleMs` (default 3 s) after the jobs were submitted.
 * `ours`: the real core over a copy of our database, polling with its default timings.
 * `peer`: the plain-file approach: the JSON history parsed into memory, each job polled the SDK
 * way (every 5 s).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE } from '../server/seed';
import { createCore } from '../../app/core';
import { memorySecretStore, recordingClipboard } from './core-loader';
import type { HistoryFixtures } from './history-build';
import { SDK_POLL_INTERVAL_MS } from './sdk-peer';

/** What the child reports. */
export interface MainCostMeasurement {
  mode: 'ours' | 'peer';
  rss: number;
  heapUsed: number;
  /** CPU time (user + system) over the window, as a share of one core (0..1). */
  cpuShare: number;
  windowMs: number;
  /** Wall-clock bounds of the window (the parent counts the server's requests inside it). */
  windowStart: number;
  windowEnd: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function main(): Promise<void> {
  const [mode, fxFile, url, nStr, windowStr, settleStr] = process.argv.slice(2) as [
    'ours' | 'peer',
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  const apiKey = process.env['BENCH_API_KEY'] ?? '';
  const fx = JSON.parse(readFileSync(fxFile, 'utf8')) as HistoryFixtures;
  const n = Number(nStr);
  const windowMs = Number(windowStr);
  let stop: () => Promise<void>;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-main-'));
  if (mode === 'ours') {
    cpSync(fx.oursDir, dataDir, { recursive: true });
    const core = await createCore({
      dataDir,
      secretStore: memorySecretStore(),
      clipboard: recordingClipboard(),
      defaultApiBaseUrl: url,
    });
    await core.handlers['secrets:set-api-key']({ apiKey });
    await core.start();
    for (let i = 0; i < n; i++) {
      await core.handlers['jobs:submit']({
        videoId: SAMPLE.pricingTalkId,
        collectionId: SAMPLE.defaultCollectionId,
        prompt: `main cost ${i} pricing`,
        contentType: 'spoken',
        modelName: 'basic',
      });
    }
    // The first polls come fast; measure once the poller has settled into its rhythm.
    for (let t = 0; t < 50; t++) {
      const { jobs } = await core.handlers['jobs:list']({
        statuses: ['processing'],
        offset: 0,
        limit: 100,
      });
      if (jobs.length >= n) break;
      await sleep(100);
    }
    stop = () => core.close();
  } else {
    if (fx.jsonFile === null) throw new Error('the history was written without the JSON peer');
    const history = JSON.parse(readFileSync(fx.jsonFile, 'utf8')) as { jobs: unknown[] };
    const headers = { 'x-access-token': apiKey, 'content-type': 'application/json' };
    const timers: NodeJS.Timeout[] = [];
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${url}/video/${SAMPLE.pricingTalkId}/clip`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ prompt: `main cost peer ${i} pricing`, content_type: 'spoken' }),
      });
      const out = (await res.json()) as { data: { output_url: string } };
      const poll = (): void => {
        fetch(out.data.output_url, { headers })
          .then((r) => r.json())
          .then(() => timers.push(setTimeout(poll, SDK_POLL_INTERVAL_MS)))
          .catch(() => undefined);
      };
      poll();
    }
    // Keep the history alive, as the app would.
    (globalThis as { history?: unknown }).history = history;
    stop = async () => {
      for (const t of timers) clearTimeout(t);
    };
  }
  await sleep(settleStr === undefined ? Math.min(3000, windowMs) : Number(settleStr));
  gc();
  const mem = process.memoryUsage();
  const cpu0 = process.cpuUsage();
  const windowStart = Date.now();
  const t0 = performance.now();
  await sleep(windowMs);
  const cpu = process.cpuUsage(cpu0);
  const elapsed = performance.now() - t0;
  const out: MainCostMeasurement = {
    mode,
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    cpuShare: (cpu.user + cpu.system) / 1000 / elapsed,
    windowMs: elapsed,
    windowStart,
    windowEnd: Date.now(),
  };
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
