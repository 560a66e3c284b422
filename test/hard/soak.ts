/**
 * Soak, bounded: 200 clip jobs over many videos while the local server misbehaves at random
 * (seeded): connection resets before and after doing the work, 5xx, 429, slow answers, job
 * failures, errors inside 200, and whole offline periods. At the end every job has settled —
 * done, failed with a classified error, or uncertain — none is lost, the server never had to
 * create a clip twice for one request, and the heap did not grow with the work.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job, JobSummary } from '../../app/shared/domain';
import type { Core } from '../../app/core/types';
import { SAMPLE, startServer, type Fault, type RunningServer } from '../server';
import { createRng } from '../support/rng';
import { SOAK_API_KEY } from './keys';
import { isErrorCode, startCore, waitFor } from './support';

const JOBS = 200;
const SEED = 20_240_601;

/** Videos that can be clipped by speech (the unsearchable one is left out on purpose). */
const VIDEOS = [
  SAMPLE.pricingTalkId,
  SAMPLE.acmeDemoId,
  SAMPLE.distributedLectureId,
  SAMPLE.onboardingWalkthroughId,
  SAMPLE.knifeSkillsId,
  SAMPLE.accessibilityKeynoteId,
  SAMPLE.postgresTalkId,
  SAMPLE.remoteWorkPanelId,
  SAMPLE.mlProductionTalkId,
  SAMPLE.onboardingInterviewId,
  SAMPLE.securityInterviewId,
  SAMPLE.globexSalesCallId,
];
const WORDS = [
  'pricing',
  'customers',
  'dashboard',
  'scaling',
  'security',
  'onboarding',
  'questions',
  'team',
  'latency',
];

/** A GC that works with or without --expose-gc (V8 can hand one out at run time). */
function findGc(): (() => void) | null {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const isClipPost = (method: string, path: string): boolean =>
  method === 'POST' && /^\/video\/[^/]+\/clip$/.test(path);

/** One random fault for the chaos loop. Error-in-200 is kept off the clip POST: see the dedup check. */
function randomFault(rng: ReturnType<typeof createRng>): Fault {
  const times = rng.int(1, 4);
  switch (rng.int(0, 7)) {
    case 0:
      return { kind: 'reset', times };
    case 1:
      return { kind: 'reset', afterHandler: true, times, path: '^/video/[^/]+/clip$' };
    case 2:
      return { kind: 'status-503', times };
    case 3:
      return { kind: 'rate-limit', times, retryAfterSec: rng.chance(0.5) ? 1 : 0 };
    case 4:
      return { kind: 'slow', times: 1, delayMs: rng.int(200, 1800) };
    case 5:
      return { kind: 'error-in-200', times, method: 'GET' };
    case 6:
      // A gateway page, half the time after the API already made the clip job (issue 9).
      return rng.chance(0.5)
        ? { kind: 'html-502', times }
        : {
            kind: rng.chance(0.5) ? 'html-502' : 'html-504',
            afterHandler: true,
            times,
            path: '^/video/[^/]+/clip$',
          };
    default:
      return { kind: 'status-503', times, path: '^/async-response/' };
  }
}

/** Register the soak test. */
export function defineSoak(): void {
  describe('soak (bounded)', () => {
    let server: RunningServer;
    let core: Core | null = null;
    let missing = '';
    const heap: { warm?: number; end?: number } = {};
    let gc: (() => void) | null = null;

    beforeAll(async () => {
      server = await startServer({ apiKey: SOAK_API_KEY, jobDurationMs: 300 });
      const started = await startCore({ name: 'soak', baseUrl: server.url, apiKey: SOAK_API_KEY });
      if ('missing' in started) missing = started.missing;
      else core = started.core;
      gc = findGc();
    });
    afterAll(async () => {
      await core?.close();
      await server?.close();
    });

    it('200 jobs through random faults and offline periods all settle, none lost, no duplicate clip', async (ctx) => {
      if (!core) return ctx.skip(missing);
      const c = core;
      const rng = createRng(SEED);
      const ids: string[] = [];
      const prompts = new Set<string>();
      let chaos = true;
      // The chaos loop: every ~150 ms new faults, sometimes a whole offline period, sometimes
      // jobs that fail on the server.
      const chaosLoop = (async () => {
        while (chaos) {
          if (rng.chance(0.12)) {
            server.control.set({ offline: true });
            await new Promise((r) => setTimeout(r, rng.int(150, 600)));
            server.control.set({ offline: false });
          }
          const faults = Array.from({ length: rng.int(0, 3) }, () => randomFault(rng));
          server.control.set({
            faults,
            jobOutcome: rng.chance(0.15) ? 'fail' : 'done',
            jobDurationMs: rng.int(100, 700),
          });
          await new Promise((r) => setTimeout(r, rng.int(80, 220)));
        }
      })();

      for (let i = 0; i < JOBS; i++) {
        const prompt = `soak ${i}: ${rng.pick(WORDS)} and ${rng.pick(WORDS)}`;
        prompts.add(prompt);
        const { job } = await c.handlers['jobs:submit']({
          videoId: VIDEOS[i % VIDEOS.length]!,
          collectionId: SAMPLE.defaultCollectionId,
          prompt,
          contentType: 'spoken',
          modelName: 'basic',
        });
        ids.push(job.id);
        if (i % 10 === 9) await new Promise((r) => setTimeout(r, rng.int(20, 120)));
        if (i === 49 && gc) heap.warm = heapAfterGc(gc);
      }
      await new Promise((r) => setTimeout(r, 3000));
      chaos = false;
      await chaosLoop;
      // Calm: the network is back and the server behaves; everything must settle.
      server.control.set({ offline: false, faults: [], jobOutcome: 'done', jobDurationMs: 100 });
      await c.handlers['connectivity:check']({});
      const settled = (j: Pick<Job, 'status'>): boolean =>
        j.status === 'done' || j.status === 'failed' || j.status === 'uncertain';
      let jobs: JobSummary[] = [];
      await waitFor(
        async () => {
          jobs = (await c.handlers['jobs:list']({ offset: 0, limit: 500 })).jobs;
          return (
            jobs.length === JOBS &&
            jobs.every(settled) &&
            jobs.every(
              (j) => j.status !== 'done' || j.clipStreamUrl !== null || j.segmentCount === 0,
            )
          );
        },
        60_000,
        () => {
          // Which jobs did not settle, and how they stand, so a failure says why.
          const open = jobs.filter(
            (j) =>
              !settled(j) ||
              (j.status === 'done' && j.clipStreamUrl === null && j.segmentCount !== 0),
          );
          return `every job settled (${jobs.length} of ${JOBS} listed; not settled: ${JSON.stringify(open.slice(0, 5).map((j) => ({ id: j.id, status: j.status, progress: j.progress, attempts: j.attempts, updatedAt: j.updatedAt })))})`;
        },
        100,
      );

      // None lost: every submitted job is in the history, once.
      expect(new Set(jobs.map((j) => j.id))).toEqual(new Set(ids));
      const byStatus: Record<string, number> = {};
      for (const j of jobs) byStatus[j.status] = (byStatus[j.status] ?? 0) + 1;
      console.log(`soak outcome: ${JSON.stringify(byStatus)}`);
      for (const j of jobs) {
        if (j.status === 'failed')
          expect(
            isErrorCode(j.error?.code),
            `failed job ${j.id} error ${JSON.stringify(j.error)}`,
          ).toBe(true);
        if (j.status === 'done') expect(j.error).toBeNull();
      }
      // The faults were real: some work went through and some failed.
      expect(byStatus['done'] ?? 0).toBeGreaterThan(JOBS / 4);

      // No clip POST the server did not have to see: per prompt, at most one POST that created
      // (200) or may have created a job (status 0: reset before or after the work; 5xx: a gateway
      // page may follow the work). Retries after a refusal (429), which created nothing, are fine.
      const log = server.control.requests();
      const created = new Map<string, number>();
      let posts = 0;
      for (const r of log) {
        if (!isClipPost(r.method, r.path)) continue;
        posts++;
        const prompt = String((r.body as { prompt?: unknown } | undefined)?.prompt ?? '');
        expect(prompts.has(prompt), `POST for an unknown prompt ${prompt}`).toBe(true);
        if (r.status === 200 || r.status === 0 || r.status >= 500)
          created.set(prompt, (created.get(prompt) ?? 0) + 1);
      }
      const dupes = [...created.entries()].filter(([, n]) => n > 1);
      expect(dupes, `prompts POSTed again after an answer or an ambiguous failure`).toEqual([]);
      // Every job that is not uncertain and not failed was sent exactly once, and a done job's
      // prompt was seen by the server.
      expect(posts).toBeGreaterThanOrEqual(created.size);
      if (gc) heap.end = heapAfterGc(gc);
    }, 110_000);

    it('heap is roughly flat between warm-up and the end of the soak', (ctx) => {
      if (!gc)
        return ctx.skip('no way to force a GC in this process (neither --expose-gc nor v8 flags)');
      if (heap.warm === undefined || heap.end === undefined)
        return ctx.skip(`soak did not run: ${missing || 'failed'}`);
      const growth = heap.end - heap.warm;
      console.log(
        `soak heap: warm ${(heap.warm / 1e6).toFixed(1)} MB, end ${(heap.end / 1e6).toFixed(1)} MB`,
      );
      // Generous: 150 more jobs with segments live in SQLite, not in the heap; 40 MB would mean a leak.
      expect(growth).toBeLessThan(40 * 1024 * 1024);
    });
  });
}
