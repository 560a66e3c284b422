/**
 * Figure 4, outbox drain: requests queued while the local server is unreachable, then the network
 * comes back. Measured from reconnect until the server has accepted every one; requests made and
 * duplicates come from the server's request log. Peer: no outbox, the requests replayed one at a
 * time after reconnect (what a script on the SDK does).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE, startServer, type RequestLogEntry, type RunningServer } from '../server';
import { loadCore, memorySecretStore, recordingClipboard } from './core-loader';
import { median, nowMs } from './stats';
import { fmtMs, met, ratio, type BenchRow } from './table';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const VIDEOS = [
  SAMPLE.pricingTalkId,
  SAMPLE.acmeDemoId,
  SAMPLE.distributedLectureId,
  SAMPLE.postgresTalkId,
  SAMPLE.remoteWorkPanelId,
  SAMPLE.mlProductionTalkId,
];

const isClipPost = (r: RequestLogEntry): boolean =>
  r.method === 'POST' && /^\/video\/[^/]+\/clip$/.test(r.path);
const promptOf = (r: RequestLogEntry): string =>
  String((r.body as { prompt?: unknown } | undefined)?.prompt ?? '');

/** Drain numbers from the log entries after reconnect. */
function drainStats(entries: RequestLogEntry[]): {
  accepted: number;
  requests: number;
  posts: number;
  duplicates: number;
} {
  const acceptedPerPrompt = new Map<string, number>();
  let posts = 0;
  for (const r of entries) {
    if (!isClipPost(r)) continue;
    posts++;
    if (r.status === 200)
      acceptedPerPrompt.set(promptOf(r), (acceptedPerPrompt.get(promptOf(r)) ?? 0) + 1);
  }
  let duplicates = 0;
  for (const n of acceptedPerPrompt.values()) duplicates += n - 1;
  return { accepted: acceptedPerPrompt.size, requests: entries.length, posts, duplicates };
}

interface DrainResult {
  ms: number;
  /** From the core seeing it is online again until all were accepted (ours only). */
  afterOnlineMs: number;
  requests: number;
  posts: number;
  duplicates: number;
}

async function waitForAccepted(
  server: RunningServer,
  from: number,
  n: number,
  limitMs: number,
): Promise<void> {
  const t0 = Date.now();
  while (drainStats(server.control.requests().slice(from)).accepted < n) {
    if (Date.now() - t0 > limitMs) throw new Error(`outbox did not drain within ${limitMs} ms`);
    await sleep(5);
  }
}

async function oursOnce(server: RunningServer, n: number, run: number): Promise<DrainResult> {
  const loaded = await loadCore();
  if (!('createCore' in loaded)) throw new Error(loaded.missing);
  server.control.reset();
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
        videoId: VIDEOS[i % VIDEOS.length]!,
        collectionId: SAMPLE.defaultCollectionId,
        prompt: `outbox run ${run} request ${i} about pricing`,
        contentType: 'spoken',
        modelName: 'basic',
      });
    }
    const queued = (await core.handlers['connectivity:status']({})).queued;
    if (queued !== n) throw new Error(`expected ${n} queued, the core says ${queued}`);
    const from = server.control.requests().length;
    let onlineAt = Number.NaN;
    const off = core.on('connectivity:changed', (s) => {
      if (s.online && Number.isNaN(onlineAt)) onlineAt = nowMs();
    });
    const t0 = nowMs();
    server.control.set({ offline: false });
    await server.control.settled();
    // What the OS "network changed" hint would do: ask the core to check now.
    await core.handlers['connectivity:check']({});
    await waitForAccepted(server, from, n, 120_000);
    const t1 = nowMs();
    off();
    const ms = t1 - t0;
    const afterOnlineMs = t1 - onlineAt;
    // Let anything still in flight land before counting duplicates.
    await sleep(300);
    const s = drainStats(server.control.requests().slice(from));
    return { ms, afterOnlineMs, requests: s.requests, posts: s.posts, duplicates: s.duplicates };
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function peerOnce(server: RunningServer, n: number, run: number): Promise<DrainResult> {
  server.control.reset();
  server.control.set({ jobDurationMs: 600_000 });
  const from = server.control.requests().length;
  const t0 = nowMs();
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${server.url}/video/${VIDEOS[i % VIDEOS.length]!}/clip`, {
      method: 'POST',
      headers: { 'x-access-token': server.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        prompt: `outbox peer ${run} request ${i} about pricing`,
        content_type: 'spoken',
      }),
    });
    await res.arrayBuffer();
  }
  const ms = nowMs() - t0;
  const s = drainStats(server.control.requests().slice(from));
  return { ms, afterOnlineMs: ms, requests: s.requests, posts: s.posts, duplicates: s.duplicates };
}

/** Run figure 4 and return its table rows. */
export async function figureOutbox(opts: {
  requests: number;
  reps: number;
  apiKey: string;
  log: (line: string) => void;
}): Promise<BenchRow[]> {
  const loaded = await loadCore();
  const server = await startServer({ apiKey: opts.apiKey });
  const figure = `4. Outbox drain (${opts.requests} queued offline)`;
  const peerName = 'no outbox: sequential replay';
  try {
    const peer: DrainResult[] = [];
    const ours: DrainResult[] = [];
    for (let i = 0; i < opts.reps; i++) {
      peer.push(await peerOnce(server, opts.requests, i));
      if ('createCore' in loaded) ours.push(await oursOnce(server, opts.requests, i));
    }
    const p = {
      ms: median(peer.map((r) => r.ms)),
      requests: median(peer.map((r) => r.requests)),
      duplicates: Math.max(...peer.map((r) => r.duplicates)),
    };
    if (!ours.length) {
      const why = `not measured: ${'missing' in loaded ? loaded.missing : '?'}`;
      return [
        {
          figure,
          metric: 'time from reconnect until all accepted',
          ours: '—',
          peer: fmtMs(p.ms),
          peerName,
          ratio: '—',
          bar: why,
        },
      ];
    }
    const o = {
      ms: median(ours.map((r) => r.ms)),
      afterOnlineMs: median(ours.map((r) => r.afterOnlineMs)),
      requests: median(ours.map((r) => r.requests)),
      posts: median(ours.map((r) => r.posts)),
      duplicates: Math.max(...ours.map((r) => r.duplicates)),
    };
    opts.log(
      `  ours ${fmtMs(o.ms)}, ${o.requests} requests (${o.posts} POSTs), ${o.duplicates} duplicates; peer ${fmtMs(p.ms)}`,
    );
    return [
      {
        figure,
        metric: 'time from reconnect until all accepted',
        ours: fmtMs(o.ms),
        peer: fmtMs(p.ms),
        peerName,
        ratio: ratio(o.ms, p.ms),
        bar: '—',
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
        metric: 'requests made after reconnect (clip POSTs)',
        ours: `${o.requests} (${o.posts})`,
        peer: `${p.requests} (${p.requests})`,
        peerName,
        ratio: ratio(o.requests, p.requests),
        bar: '—',
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
    ];
  } finally {
    await server.close();
  }
}
