/**
 * Figure 5, main-process cost: resident memory of the core with the whole history and jobs being
 * polled, and CPU over a window while it waits between polls. Both sides run in fresh child
 * processes, bundled to plain JavaScript and run by bare Node as the app ships (no TypeScript
 * loader thread beside them), against the same local server (which runs here, so its CPU is not
 * counted).
 */
import { startServer } from '../server';
import { runChild } from './child';
import type { MainCostMeasurement } from './main-cost-child';
import { median } from './stats';
import { fmtMB, met, ratio, type BenchRow } from './table';
import { loadCore } from './core-loader';

/** Run figure 5 and return its table rows. */
export async function figureMainCost(opts: {
  fixturesFile: string;
  jobs: number;
  pollJobs: number;
  windowMs: number;
  reps: number;
  apiKey: string;
  log: (line: string) => void;
}): Promise<BenchRow[]> {
  const figure = `5. Main process (${opts.jobs.toLocaleString('en')} jobs, ${opts.pollJobs} polling)`;
  const peerName = 'JSON in memory + SDK polling';
  const loaded = await loadCore();
  const server = await startServer({ apiKey: opts.apiKey });
  server.control.set({ jobOutcome: 'never' });
  try {
    const requestsIn = (m: MainCostMeasurement): number =>
      server.control.requests().filter((r) => r.at >= m.windowStart && r.at <= m.windowEnd).length;
    const run = (
      mode: 'ours' | 'peer',
      jobs = opts.pollJobs,
      windowMs = opts.windowMs,
      settleMs = Math.min(3000, windowMs),
    ): Promise<MainCostMeasurement> =>
      runChild<MainCostMeasurement>(
        'test/bench/main-cost-child.ts',
        [mode, opts.fixturesFile, server.url, String(jobs), String(windowMs), String(settleMs)],
        // The window plus opening the history and starting the jobs (the default limit is 5 minutes,
        // which is the full run's window itself).
        {
          env: { BENCH_API_KEY: opts.apiKey },
          timeoutMs: settleMs + windowMs + 180_000,
          bundle: true,
        },
      );
    // The same process holding the same history with nothing polling: its CPU (timers, GC, the
    // runtime) is subtracted to give what the polls themselves cost. A share, so a shorter window;
    // it starts once the first minute's one-off work is over (the core's first online probe at
    // 60 s wakes a V8 background thread for ~150 ms, once), so a one-off that the polling window
    // spreads over 5 minutes is not subtracted as if it were steady. Both sides wait the same.
    const idleWindowMs = Math.min(opts.windowMs, 60_000);
    const idleSettleMs = opts.windowMs >= 60_000 ? 70_000 : Math.min(3000, idleWindowMs);
    const peer: MainCostMeasurement[] = [];
    const ours: MainCostMeasurement[] = [];
    const peerIdle: MainCostMeasurement[] = [];
    const oursIdle: MainCostMeasurement[] = [];
    for (let i = 0; i < opts.reps; i++) {
      peer.push(await run('peer'));
      peerIdle.push(await run('peer', 0, idleWindowMs, idleSettleMs));
      if ('createCore' in loaded) {
        ours.push(await run('ours'));
        oursIdle.push(await run('ours', 0, idleWindowMs, idleSettleMs));
      }
    }
    const p = {
      rss: median(peer.map((m) => m.rss)),
      cpu: median(peer.map((m) => m.cpuShare)),
      idle: median(peerIdle.map((m) => m.cpuShare)),
      requests: median(peer.map(requestsIn)),
    };
    const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;
    const span =
      opts.windowMs >= 60_000
        ? `over ${(opts.windowMs / 60_000).toFixed(0)} minutes`
        : `over ${(opts.windowMs / 1000).toFixed(0)} s`;
    /** CPU share over the window → ms of CPU per request made in it. */
    const perRequest = (share: number, requests: number): string =>
      requests > 0 ? `${((share * opts.windowMs) / requests).toFixed(2)} ms` : '—';
    if (!ours.length) {
      const why = `not measured: ${'missing' in loaded ? loaded.missing : '?'}`;
      return [
        {
          figure,
          metric: 'resident memory',
          ours: '—',
          peer: fmtMB(p.rss),
          peerName,
          ratio: '—',
          bar: why,
        },
      ];
    }
    const o = {
      rss: median(ours.map((m) => m.rss)),
      cpu: median(ours.map((m) => m.cpuShare)),
      idle: median(oursIdle.map((m) => m.cpuShare)),
      requests: median(ours.map(requestsIn)),
    };
    opts.log(
      `  ours RSS ${fmtMB(o.rss)}, CPU ${pct(o.cpu)} (idle ${pct(o.idle)}); ` +
        `peer RSS ${fmtMB(p.rss)}, CPU ${pct(p.cpu)} (idle ${pct(p.idle)})`,
    );
    /** CPU per request beyond the idle process (never below zero). */
    const marginal = (m: { cpu: number; idle: number; requests: number }): number =>
      m.requests > 0 ? (Math.max(m.cpu - m.idle, 0) * opts.windowMs) / m.requests : 0;
    return [
      {
        figure,
        metric: 'resident memory (RSS)',
        ours: fmtMB(o.rss),
        peer: fmtMB(p.rss),
        peerName,
        ratio: ratio(o.rss, p.rss),
        bar: '—',
      },
      {
        figure,
        metric: `CPU with the jobs polling, ${span} from 3 s after submitting (share of one core)`,
        ours: pct(o.cpu),
        peer: pct(p.cpu),
        peerName,
        ratio: ratio(o.cpu, p.cpu),
        // "Near zero": under 1 % of one core.
        bar: met(o.cpu < 0.01),
      },
      {
        figure,
        // The window falls in the poller's quick first minute (it polls fresh jobs often so short
        // ones are noticed early), so it makes more requests than the SDK here and fewer later:
        // CPU per request is the like-for-like cost.
        metric: 'CPU per request in the window (ms of CPU)',
        ours: perRequest(o.cpu, o.requests),
        peer: perRequest(p.cpu, p.requests),
        peerName,
        ratio: ratio(o.cpu / Math.max(o.requests, 1), p.cpu / Math.max(p.requests, 1)),
        // Issue 14 §5: at or below the SDK's in the same run.
        bar: `${met(o.cpu / Math.max(o.requests, 1) <= p.cpu / Math.max(p.requests, 1))} (≤ the SDK's)`,
      },
      {
        figure,
        // What each poll itself costs: the whole process's CPU less the same process idle (same
        // history, nothing polling), per request. The row above also carries the fixed costs,
        // which weigh more per request on the side that polls less often.
        metric: `CPU per request beyond the idle process (idle: ours ${pct(o.idle)}, peer ${pct(p.idle)})`,
        ours: `${marginal(o).toFixed(2)} ms`,
        peer: `${marginal(p).toFixed(2)} ms`,
        peerName,
        ratio: ratio(marginal(o), marginal(p)),
        bar: `${met(marginal(o) <= marginal(p))} (≤ the SDK's)`,
      },
      {
        figure,
        metric: `requests to the server during the window`,
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
