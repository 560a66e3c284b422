/**
 * Figure 4, outbox drain: requests queued while the local server is unreachable, then the network
 * comes back. Measured from reconnect until the server has created a job for every one (the wait
 * reads a counter, never the request log, while timing); requests made and duplicates come from
 * the server's request log afterwards. Peer: no outbox, the same requests replayed 4 at a time
 * (the engine's own concurrency limit) once online. Run at several queue sizes so the growth
 * shows: a linear drain keeps the same ratio at 50, 500 and 2000.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE, startServer, type RequestLogEntry, type RunningServer } from '../server';
import { runChild } from './child';
import { loadCore, memorySecretStore, recordingClipboard } from './core-loader';
import { median, nowMs } from './stats';
import { fmtMs, met, ratio, type BenchRow } from './table';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Videos of the seeded library, each with its own collection. */
const VIDEOS: readonly { videoId: string; collectionId: string }[] = [
  { videoId: SAMPLE.pricingTalkId, collectionId: SAMPLE.defaultCollectionId },
  { videoId: SAMPLE.acmeDemoId, collectionId: SAMPLE.defaultCollectionId },
  { videoId: SAMPLE.distributedLectureId, collectionId: SAMPLE.defaultCollectionId },
  { videoId: SAMPLE.postgresTalkId, collectionId: SAMPLE.talksCollectionId },
  { videoId: SAMPLE.remoteWorkPanelId, collectionId: SAMPLE.talksCollectionId },
  { videoId: SAMPLE.mlProductionTalkId, collectionId: SAMPLE.talksCollectionId },
];

const isClipPost = (r: RequestLogEntry): boolean =>
  r.method === 'POST' && /^\/video\/[^/]+\/clip$/.test(r.path);
const isPoll = (r: RequestLogEntry): boolean =>
  r.method === 'GET' && r.path.startsWith('/async-response/');
const promptOf = (r: RequestLogEntry): string =>
  String((r.body as { prompt?: unknown } | undefined)?.prompt ?? '');

/** Drain numbers from the log entries after reconnect. */
function drainStats(entries: RequestLogEntry[]): {
  accepted: number;
  requests: number;
  posts: number;
  polls: number;
  duplicates: number;
} {
  const acceptedPerPrompt = new Map<string, number>();
  let posts = 0;
  let polls = 0;
  for (const r of entries) {
    if (isPoll(r)) polls++;
    if (!isClipPost(r)) continue;
    posts++;
    if (r.status === 200)
      acceptedPerPrompt.set(promptOf(r), (acceptedPerPrompt.get(promptOf(r)) ?? 0) + 1);
  }
  let duplicates = 0;
  for (const n of acceptedPerPrompt.values()) duplicates += n - 1;
  return { accepted: acceptedPerPrompt.size, requests: entries.length, posts, polls, duplicates };
}

/** "POST /video/:id/clip 2000, GET /async-response/:id 12": what the requests were. */
function requestKinds(entries: RequestLogEntry[]): string {
  const counts = new Map<string, number>();
  for (const r of entries) {
    const shape = `${r.method} ${r.path.replace(/\/[a-zA-Z0-9-]{12,}/g, '/:id')}`;
    counts.set(shape, (counts.get(shape) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

interface DrainResult {
  /** What the requests were (ours only). */
  kinds?: string;
  ms: number;
  /** From the core seeing it is online again until all were accepted (ours only). */
  afterOnlineMs: number;
  requests: number;
  posts: number;
  polls: number;
  duplicates: number;
}

/** Wait until the server has created `n` more jobs than `before` (a counter: no copy). */
async function waitForJobs(
  server: RunningServer,
  before: number,
  n: number,
  limitMs: number,
): Promise<void> {
  const t0 = Date.now();
  while (server.control.jobCount() - before < n) {
    if (Date.now() - t0 > limitMs) throw new Error(`outbox did not drain within ${limitMs} ms`);
    await sleep(2);
  }
}

/** The engine's concurrency limit, which the peer uses too. */
const PEER_CONCURRENCY = 4;

async function oursOnce(server: RunningServer, n: number, run: number): Promise<DrainResult> {
  const loaded = await loadCore();
  if (!('createCore' in loaded)) throw new Error(loaded.missing);
  server.control.reset({ state: true });
  // Long jobs: the drain is about sending, not about finishing.
  server.control.set({ jobDurationMs: 600_000 });
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-outbox-'));
  const core = await loaded.createCore({
    dataDir,
    secretStore: memorySecretStore(),
    clipboard: recordingClipboard(),
    defaultApiBaseUrl: server.url,
  });
  try {
    await core.handlers['secrets:set-api-key']({ apiKey: server.apiKey });
    await core.start();
    server.control.set({ offline: true });
    await server.control.settled();
    await core.handlers['connectivity:check']({});
    for (let i = 0; i < n; i++) {
      await core.handlers['jobs:submit']({
        ...VIDEOS[i % VIDEOS.length]!,
        prompt: `outbox run ${run} request ${i} about pricing`,
        contentType: 'spoken',
        modelName: 'basic',
      });
    }
    const queued = (await core.handlers['connectivity:status']({})).queued;
    if (queued !== n) throw new Error(`expected ${n} queued, the core says ${queued}`);
    const from = server.control.requestCount();
    const jobsBefore = server.control.jobCount();
    let onlineAt = Number.NaN;
    const off = core.on('connectivity:changed', (s) => {
      if (s.online && Number.isNaN(onlineAt)) onlineAt = nowMs();
    });
    const t0 = nowMs();
    server.control.set({ offline: false });
    await server.control.settled();
    // What the OS "network changed" hint would do: ask the core to check now.
    await core.handlers['connectivity:check']({});
    await waitForJobs(server, jobsBefore, n, 300_000);
    const t1 = nowMs();
    const until = server.control.requestCount();
    off();
    const ms = t1 - t0;
    const afterOnlineMs = t1 - onlineAt;
    // Let anything still in flight land before counting duplicates.
    await sleep(300);
    const log = server.control.requests();
    // Requests are counted while draining (reconnect until the last job was created); duplicates
    // over the whole tail.
    const during = drainStats(log.slice(from, until));
    const s = drainStats(log.slice(from));
    return {
      ms,
      afterOnlineMs,
      requests: during.requests,
      posts: during.posts,
      polls: during.polls,
      duplicates: s.duplicates,
      kinds: requestKinds(log.slice(from, until)),
    };
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function peerOnce(server: RunningServer, n: number, run: number): Promise<DrainResult> {
  server.control.reset({ state: true });
  server.control.set({ jobDurationMs: 600_000 });
  const from = server.control.requestCount();
  const t0 = nowMs();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < n; i = next++) {
      const res = await fetch(`${server.url}/video/${VIDEOS[i % VIDEOS.length]!.videoId}/clip`, {
        method: 'POST',
        headers: { 'x-access-token': server.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({
          prompt: `outbox peer ${run} request ${i} about pricing`,
          content_type: 'spoken',
        }),
      });
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: PEER_CONCURRENCY }, worker));
  const ms = nowMs() - t0;
  const s = drainStats(server.control.requests().slice(from));
  return {
    ms,
    afterOnlineMs: ms,
    requests: s.requests,
    posts: s.posts,
    polls: s.polls,
    duplicates: s.duplicates,
  };
}

/** The bar of each queue size (issue 14 §1): drain time as a ratio to the replay. */
function timeBar(n: number): number | null {
  if (n >= 2000) return 2;
  if (n >= 500) return 1.5;
  return null;
}

/**
 * Run figure 4 in a fresh child process (`outbox-child.ts`): server, core and replay start from a
 * clean heap, whatever the figures before it left in the bench's own process. In the full run,
 * after figure 1's half hour of fake-clock polling, both sides drained 2× slower in-process.
 */
export function figureOutbox(opts: {
  sizes: number[];
  reps: number;
  apiKey: string;
  log: (line: string) => void;
}): Promise<BenchRow[]> {
  return runChild<BenchRow[]>(
    'test/bench/outbox-child.ts',
    [opts.sizes.join(','), String(opts.reps)],
    { env: { BENCH_API_KEY: opts.apiKey }, timeoutMs: 30 * 60_000, onLog: opts.log },
  );
}

/** Measure figure 4 at each queue size, in this process, and return its table rows. */
export async function measureOutbox(opts: {
  sizes: number[];
  reps: number;
  apiKey: string;
  log: (line: string) => void;
}): Promise<BenchRow[]> {
  const loaded = await loadCore();
  const server = await startServer({ apiKey: opts.apiKey });
  const peerName = `no outbox: replay ${PEER_CONCURRENCY} at a time`;
  const rows: BenchRow[] = [];
  try {
    for (const n of opts.sizes) {
      const figure = `4. Outbox drain (${n} queued offline)`;
      const peer: DrainResult[] = [];
      const ours: DrainResult[] = [];
      for (let i = 0; i < opts.reps; i++) {
        peer.push(await peerOnce(server, n, i));
        if ('createCore' in loaded) ours.push(await oursOnce(server, n, i));
      }
      const p = {
        ms: median(peer.map((r) => r.ms)),
        requests: median(peer.map((r) => r.requests)),
        duplicates: Math.max(...peer.map((r) => r.duplicates)),
      };
      if (!ours.length) {
        const why = `not measured: ${'missing' in loaded ? loaded.missing : '?'}`;
        rows.push({
          figure,
          metric: 'time from reconnect until all accepted',
          ours: '—',
          peer: fmtMs(p.ms),
          peerName,
          ratio: '—',
          bar: why,
        });
        continue;
      }
      const o = {
        ms: median(ours.map((r) => r.ms)),
        // The first run of the size: a fresh process cache, prepared statements not warm yet.
        coldMs: ours[0]!.ms,
        afterOnlineMs: median(ours.map((r) => r.afterOnlineMs)),
        requests: median(ours.map((r) => r.requests)),
        posts: median(ours.map((r) => r.posts)),
        polls: median(ours.map((r) => r.polls)),
        duplicates: Math.max(...ours.map((r) => r.duplicates)),
        kinds: ours[ours.length - 1]!.kinds ?? '',
      };
      opts.log(
        `  ${n}: ours ${fmtMs(o.ms)} (cold ${fmtMs(o.coldMs)}), ${o.requests} requests (${o.posts} POSTs), ${o.duplicates} duplicates; peer ${fmtMs(p.ms)}; last run's requests: ${o.kinds}`,
      );
      const limit = timeBar(n);
      rows.push(
        {
          figure,
          metric: `time from reconnect until all accepted (cold: ${fmtMs(o.coldMs)})`,
          ours: fmtMs(o.ms),
          peer: fmtMs(p.ms),
          peerName,
          ratio: ratio(o.ms, p.ms),
          bar: limit === null ? '—' : `${met(o.ms <= limit * p.ms)} (≤ ${limit}×)`,
        },
        {
          figure,
          metric: 'of which: from the app seeing it is online until all accepted',
          ours: fmtMs(o.afterOnlineMs),
          peer: fmtMs(p.ms),
          peerName,
          ratio: ratio(o.afterOnlineMs, p.ms),
          bar: '—',
        },
        {
          figure,
          metric:
            'clip POSTs + polls during the drain (all requests, with name lookups and probes)',
          ours: `${o.posts} + ${o.polls} (${o.requests})`,
          peer: `${p.requests} + 0 (${p.requests})`,
          peerName,
          ratio: ratio(o.posts + o.polls, p.requests),
          bar: `${met(o.posts + o.polls <= 1.1 * o.posts)} (POSTs + polls ≤ 1.1 × POSTs)`,
        },
        {
          figure,
          metric: 'duplicate clip POSTs (max over runs)',
          ours: String(o.duplicates),
          peer: String(p.duplicates),
          peerName,
          ratio: '—',
          bar: met(o.duplicates === 0),
        },
      );
    }
    return rows;
  } finally {
    await server.close();
  }
}
