/**
 * Figure 1, noticing a finished job: the real core (its real poller and schedule) against the
 * local server, on a fake clock that moves the server's clock in step, so a 30-minute job takes
 * no wall time. Peer: the SDK's fixed 5-s polling with its 500-s give-up, on the same server.
 * Polls and delays are read from the server's request log for both, so they are counted the
 * same way.
 *
 * The repetitions of one job length and progress shape share one history file, as a person's
 * app does: the first is the cold case (an empty history, nothing learned), printed beside the
 * median; the later ones have the earlier similar jobs (same content type and model) in their
 * history, which the poller uses when the progress says nothing (app/core/jobs/poll-plan.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PROGRESS_SHAPES,
  SAMPLE,
  startServer,
  type ProgressShape,
  type RunningServer,
} from '../server';
import { loadCore, memorySecretStore, recordingClipboard, type CreateCore } from './core-loader';
import { createFakeClock, whenSettled } from './fake-clock';
import { createRng } from '../support/rng';
import { SDK_POLL_INTERVAL_MS, sdkWaitForClip } from './sdk-peer';
import { median } from './stats';
import { fmtMs, met, ratio, type BenchRow } from './table';

/** What one job length gave, for us or the peer (medians over repetitions). */
export interface PollingResult {
  lengthMs: number;
  polls: number;
  delayMs: number;
  gaveUp: boolean;
}

/** Polls of one server job, and the delay between its end and the poll that saw it ended. */
export function pollsAndDelay(
  server: RunningServer,
  jobId: string,
): { polls: number; delayMs: number } {
  const job = server.control.jobs().find((j) => j.id === jobId);
  if (!job) throw new Error(`server has no job ${jobId}`);
  const end = job.createdAt + job.durationMs;
  const polls = server.control
    .requests()
    .filter((r) => r.method === 'GET' && r.path === `/async-response/${jobId}`);
  const seen = polls.find((r) => r.at >= end && r.status === 200);
  return { polls: polls.length, delayMs: seen ? seen.at - end : Number.POSITIVE_INFINITY };
}

/** Share of a job's length by which each progress read is jittered (seeded). */
const PROGRESS_JITTER = 0.03;

/** Reset the server and set the job's length, progress shape and jitter seed. */
function prepare(
  server: RunningServer,
  lengthMs: number,
  shape: ProgressShape,
  seed: number,
): void {
  server.control.reset();
  server.control.set({
    jobDurationMs: lengthMs,
    progressShape: shape,
    progressJitter: PROGRESS_JITTER,
    progressSeed: seed,
  });
}

/** One job of `lengthMs` through the real core on a fake clock. */
async function oursOnce(
  createCore: CreateCore,
  server: RunningServer,
  lengthMs: number,
  shape: ProgressShape,
  seed: number,
  prompt: string,
  dataDir: string,
): Promise<PollingResult> {
  prepare(server, lengthMs, shape, seed);
  const clock = createFakeClock(Date.now());
  const core = await createCore({
    dataDir,
    secretStore: memorySecretStore(),
    clipboard: recordingClipboard(),
    clock,
    defaultApiBaseUrl: server.url,
  });
  const advance = (ms: number): void => server.control.advanceTime(ms);
  const settle = (): Promise<void> => whenSettled(clock, () => server.control.requestCount());
  try {
    await core.handlers['secrets:set-api-key']({ apiKey: server.apiKey });
    await core.start();
    await settle();
    const before = new Set(server.control.jobs().map((j) => j.id));
    const { job } = await core.handlers['jobs:submit']({
      videoId: SAMPLE.pricingTalkId,
      collectionId: SAMPLE.defaultCollectionId,
      prompt,
      contentType: 'spoken',
      modelName: 'basic',
    });
    const limit = clock.now() + lengthMs + 3_600_000;
    let status = job.status;
    for (;;) {
      await settle();
      status = (await core.handlers['jobs:get']({ id: job.id })).status;
      if (status === 'done' || status === 'failed' || clock.now() > limit) break;
      if (!clock.fireNext(advance)) break;
    }
    const remote = server.control.jobs().find((j) => !before.has(j.id) && j.kind === 'clip');
    if (!remote) throw new Error('the core never sent the clip request');
    const { polls, delayMs } = pollsAndDelay(server, remote.id);
    if (status !== 'done') throw new Error(`job ended ${status} after ${polls} polls`);
    return { lengthMs, polls, delayMs, gaveUp: false };
  } finally {
    await core.close();
  }
}

async function peerOnce(
  server: RunningServer,
  lengthMs: number,
  shape: ProgressShape,
  seed: number,
  prompt: string,
): Promise<PollingResult> {
  prepare(server, lengthMs, shape, seed);
  const out = await sdkWaitForClip(server, SAMPLE.pricingTalkId, prompt);
  const { polls, delayMs } = pollsAndDelay(server, out.jobId);
  return {
    lengthMs,
    polls,
    delayMs: out.gaveUp ? Number.POSITIVE_INFINITY : delayMs,
    gaveUp: out.gaveUp,
  };
}

function medianResult(rs: PollingResult[]): PollingResult {
  return {
    lengthMs: median(rs.map((r) => r.lengthMs)),
    polls: median(rs.map((r) => r.polls)),
    delayMs: median(rs.map((r) => r.delayMs)),
    gaveUp: rs.some((r) => r.gaveUp),
  };
}

const label = (ms: number): string => (ms < 60_000 ? `${ms / 1000} s` : `${ms / 60_000} min`);

/** Run figure 1 and return its table rows: every job length under every progress shape. */
export async function figurePolling(opts: {
  lengths: readonly number[];
  reps: number;
  apiKey: string;
  log: (line: string) => void;
  shapes?: readonly ProgressShape[];
}): Promise<BenchRow[]> {
  const loaded = await loadCore();
  const server = await startServer({ apiKey: opts.apiKey });
  const rows: BenchRow[] = [];
  const missed: string[] = [];
  try {
    for (const shape of opts.shapes ?? PROGRESS_SHAPES) {
      opts.log(`  progress ${shape}:`);
      for (const len of opts.lengths) {
        const peer: PollingResult[] = [];
        const ours: PollingResult[] = [];
        // One history for the repetitions: the first is cold, the later ones warm.
        const dataDir = mkdtempSync(join(tmpdir(), 'bench-poll-'));
        for (let i = 0; i < opts.reps; i++) {
          // Real jobs do not end on the SDK's 5-s grid: each repetition adds the same seeded
          // offset in [0, 5 s) to the job length for both sides, so neither profits from
          // alignment. The progress jitter seed is the same for both sides too.
          const length = len + Math.floor(createRng(len + i).next() * SDK_POLL_INTERVAL_MS);
          const seed = len + i;
          const prompt = `pricing tiers and discounts ${shape} ${len} ${i}`;
          peer.push(await peerOnce(server, length, shape, seed, prompt));
          if ('createCore' in loaded)
            ours.push(
              await oursOnce(loaded.createCore, server, length, shape, seed, prompt, dataDir),
            );
        }
        rmSync(dataDir, { recursive: true, force: true });
        const p = medianResult(peer);
        const o = ours.length ? medianResult(ours) : null;
        const cold = ours[0];
        const figure = `1. Noticing a finished job, progress ${shape} (${label(len)} + <5 s)`;
        const peerName = 'SDK 5 s / 500 s';
        const peerDelay = p.gaveUp ? 'gave up at 500 s' : fmtMs(p.delayMs);
        if (!o) {
          const why = `not measured: ${'missing' in loaded ? loaded.missing : 'no result'}`;
          rows.push({
            figure,
            metric: 'polls / delay',
            ours: '—',
            peer: `${p.polls} / ${peerDelay}`,
            peerName,
            ratio: '—',
            bar: why,
          });
          continue;
        }
        // The bars of issue 14 §4, for every shape: jobs ≤ 30 s noticed sooner than the SDK;
        // jobs ≥ 2 min with at most half its requests and a delay under 10 % of the length;
        // never a give-up.
        const short = len <= 30_000;
        const delayOk = (short ? o.delayMs < p.delayMs : o.delayMs < 0.1 * len) && !o.gaveUp;
        const pollsOk = short ? true : o.polls <= p.polls / 2;
        if (!delayOk || !pollsOk) missed.push(`${shape} ${label(len)}`);
        opts.log(
          `    ${label(len)}: ours ${o.polls} polls, ${fmtMs(o.delayMs)} (cold ${cold!.polls}, ${fmtMs(cold!.delayMs)}); SDK ${p.polls} polls, ${peerDelay} — ${delayOk && pollsOk ? 'met' : 'NOT met'}`,
        );
        rows.push({
          figure,
          metric: `poll requests per job (cold: ${cold!.polls})`,
          ours: String(o.polls),
          peer: String(p.polls),
          peerName,
          ratio: ratio(o.polls, p.polls),
          bar: short ? '—' : met(pollsOk),
        });
        rows.push({
          figure,
          metric: `delay after the job ended (cold: ${fmtMs(cold!.delayMs)})`,
          ours: fmtMs(o.delayMs),
          peer: peerDelay,
          peerName,
          ratio: ratio(o.delayMs, p.delayMs),
          bar: met(delayOk),
        });
      }
    }
    opts.log(missed.length ? `  bars missed: ${missed.join(', ')}` : '  every bar met');
  } finally {
    await server.close();
  }
  return rows;
}
