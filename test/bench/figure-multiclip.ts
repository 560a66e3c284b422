/**
 * Figure 6, one prompt across a whole collection (issue 12 §1): a multi-clip of 300 videos through
 * the core (each child a clip job through the outbox, the poller and the global request limit),
 * from submit until every video answered. Measured from the server's own log: the most requests
 * open at once (the bar: never above the engine's limit, 4), and all requests made. Peer: what a
 * script on VideoDB's SDK does for 300 videos, every clip started at once (asyncio.gather /
 * Promise.all) and each polled on the SDK's fixed 5-s interval. Wall times are printed for both;
 * the bar is about the load on the API, not speed (the peer is faster by flooding it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE, archiveVideoId, mostInFlight, startServer, type RunningServer } from '../server';
import { loadCore, memorySecretStore, recordingClipboard } from './core-loader';
import { median, nowMs } from './stats';
import { fmtMs, met, ratio, type BenchRow } from './table';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The engine's global request limit (CoreTuning.maxConcurrentRequests). */
const LIMIT = 4;
/** The SDK's fixed poll interval. */
const SDK_POLL_MS = 5000;
/** Each clip job's length on the server, and each answer's latency (so overlap is visible). */
const JOB_MS = 2000;
const LATENCY_MS = 20;

interface Run {
  ms: number;
  most: number;
  requests: number;
  posts: number;
}

const videos = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    videoId: archiveVideoId(i),
    collectionId: SAMPLE.archiveCollectionId,
  }));

async function oursOnce(server: RunningServer, n: number): Promise<Run> {
  const loaded = await loadCore();
  if (!('createCore' in loaded)) throw new Error(loaded.missing);
  server.control.reset({ state: true });
  server.control.set({ jobDurationMs: JOB_MS, latencyMs: LATENCY_MS });
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-multiclip-'));
  const core = await loaded.createCore({
    dataDir,
    secretStore: memorySecretStore(),
    clipboard: recordingClipboard(),
    defaultApiBaseUrl: server.url,
  });
  try {
    await core.handlers['secrets:set-api-key']({ apiKey: server.apiKey });
    await core.start();
    const from = server.control.requestCount();
    let settled = false;
    let total = -1;
    const off = core.on('multiclip:changed', (m) => {
      total = m.counts.total;
      settled = m.counts.answered + m.counts.failed + m.counts.uncertain === m.counts.total;
    });
    const t0 = nowMs();
    await core.handlers['multiclip:submit']({
      videos: videos(n),
      prompt: 'the main idea',
      contentType: 'spoken',
      modelName: 'basic',
      narrow: false,
      prepare: false,
    });
    const limitMs = 600_000;
    while (!settled || total !== n) {
      if (nowMs() - t0 > limitMs) throw new Error(`${n} videos did not answer within 10 minutes`);
      await sleep(20);
    }
    const ms = nowMs() - t0;
    off();
    const log = server.control.requests().slice(from);
    return {
      ms,
      most: mostInFlight(log),
      requests: log.length,
      posts: log.filter((r) => r.method === 'POST' && r.path.endsWith('/clip')).length,
    };
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function peerOnce(server: RunningServer, n: number): Promise<Run> {
  server.control.reset({ state: true });
  server.control.set({ jobDurationMs: JOB_MS, latencyMs: LATENCY_MS });
  const from = server.control.requestCount();
  const headers = { 'x-access-token': server.apiKey, 'content-type': 'application/json' };
  const t0 = nowMs();
  await Promise.all(
    videos(n).map(async (v) => {
      const res = await fetch(`${server.url}/video/${v.videoId}/clip`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ prompt: 'the main idea', content_type: 'spoken' }),
      });
      const body = (await res.json()) as { data?: { output_url?: string } };
      const url = body.data?.output_url;
      if (!url) return;
      for (;;) {
        await sleep(SDK_POLL_MS);
        const p = (await (await fetch(url, { headers })).json()) as { status?: string };
        if (p.status !== 'processing' && p.status !== 'in progress') return;
      }
    }),
  );
  const ms = nowMs() - t0;
  const log = server.control.requests().slice(from);
  return {
    ms,
    most: mostInFlight(log),
    requests: log.length,
    posts: log.filter((r) => r.method === 'POST' && r.path.endsWith('/clip')).length,
  };
}

/** Figure 6 at `n` videos (300 in both modes: it is the issue's own case). */
export async function figureMultiClip(opts: {
  videos: number;
  reps: number;
  apiKey: string;
  log: (line: string) => void;
}): Promise<BenchRow[]> {
  const loaded = await loadCore();
  if (!('createCore' in loaded)) throw new Error(loaded.missing);
  const server = await startServer({ apiKey: opts.apiKey, media: false });
  const n = opts.videos;
  const figure = `6. One prompt across ${n} videos`;
  const peerName = 'SDK script: every clip at once, 5-s polls';
  try {
    const ours: Run[] = [];
    const peer: Run[] = [];
    for (let i = 0; i < opts.reps; i++) {
      peer.push(await peerOnce(server, n));
      ours.push(await oursOnce(server, n));
    }
    const o = {
      ms: median(ours.map((r) => r.ms)),
      coldMs: ours[0]!.ms,
      most: Math.max(...ours.map((r) => r.most)),
      requests: median(ours.map((r) => r.requests)),
      posts: Math.max(...ours.map((r) => r.posts)),
    };
    const p = {
      ms: median(peer.map((r) => r.ms)),
      most: Math.max(...peer.map((r) => r.most)),
      requests: median(peer.map((r) => r.requests)),
    };
    opts.log(
      `  ours ${fmtMs(o.ms)}, at most ${o.most} open, ${o.requests} requests; peer ${fmtMs(p.ms)}, at most ${p.most} open, ${p.requests} requests`,
    );
    return [
      {
        figure,
        metric: 'most requests open at once on the API (max over runs)',
        ours: String(o.most),
        peer: String(p.most),
        peerName,
        ratio: ratio(o.most, p.most),
        bar: `${met(o.most <= LIMIT)} (≤ the global limit, ${LIMIT})`,
      },
      {
        figure,
        metric: 'clip POSTs (each video once)',
        ours: String(o.posts),
        peer: String(n),
        peerName,
        ratio: '—',
        bar: met(o.posts === n),
      },
      {
        figure,
        metric: `time from asking until every video answered (cold: ${fmtMs(o.coldMs)})`,
        ours: fmtMs(o.ms),
        peer: fmtMs(p.ms),
        peerName,
        ratio: ratio(o.ms, p.ms),
        bar: '—',
      },
      {
        figure,
        metric: 'all requests (clips, polls, compiles, lookups)',
        ours: String(o.requests),
        peer: String(p.requests),
        peerName,
        ratio: ratio(o.requests, p.requests),
        bar: '—',
      },
    ];
  } finally {
    await server.close();
  }
}
