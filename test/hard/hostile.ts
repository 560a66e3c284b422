/**
 * Hostile answers: for every route the client uses and every way the local server can corrupt a
 * JSON answer, the client either copes or reports a classified error (`bad-response` for answers
 * it cannot read) — never a stray TypeError, RangeError or a message carrying the key — and a core
 * fed the same answers keeps working once they stop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVideoDbClient, VideoDbError } from '../../app/core/videodb';
import type { VideoDbClient } from '../../app/core/videodb';
import type { Mutation } from '../server';
import { SAMPLE, startServer, type RunningServer } from '../server';
import { HOSTILE_API_KEY } from './keys';
import { isErrorCode, startCore, waitFor } from './support';

const MUTATIONS: readonly Mutation[] = [
  'wrong-types',
  'missing-fields',
  'huge-strings',
  'deep-nesting',
  'non-json',
];

/** A route the client uses: how to call it, and which requests the fault should hit. */
interface Route {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** Runs before the fault is armed (e.g. create the job a poll needs). */
  prepare?: (client: VideoDbClient, server: RunningServer) => Promise<unknown>;
  call: (client: VideoDbClient, prepared: unknown) => Promise<unknown>;
}

const V = SAMPLE.pricingTalkId;
const C = SAMPLE.defaultCollectionId;
const clipRequest = {
  prompt: 'pricing tiers',
  contentType: 'spoken' as const,
  modelName: 'basic' as const,
};

const ROUTES: readonly Route[] = [
  {
    name: 'list collections',
    method: 'GET',
    path: '^/collection$',
    call: (c) => c.listCollections(),
  },
  { name: 'check key', method: 'GET', path: '^/collection$', call: (c) => c.checkKey() },
  {
    name: 'list videos',
    method: 'GET',
    path: '^/video$',
    call: (c) => c.listVideosPage(C, 0, 100),
  },
  { name: 'get video', method: 'GET', path: '^/video/[^/]+$', call: (c) => c.getVideo(V, C) },
  {
    name: 'list scene indexes',
    method: 'GET',
    path: '^/video/[^/]+/index/scene$',
    call: (c) => c.listSceneIndexes(V),
  },
  {
    name: 'transcript',
    method: 'GET',
    path: '^/video/[^/]+/transcription$',
    call: (c) => c.getTranscript(V),
  },
  {
    name: 'index spoken words',
    method: 'POST',
    path: '^/video/[^/]+/index$',
    call: (c) => c.indexSpokenWords(SAMPLE.unsearchableVideoId),
  },
  {
    name: 'index scenes',
    method: 'POST',
    path: '^/video/[^/]+/index/scene$',
    call: (c) => c.indexScenes(V, { extractionType: 'shot' }),
  },
  {
    name: 'clip',
    method: 'POST',
    path: '^/video/[^/]+/clip$',
    call: (c) => c.clip(V, clipRequest),
  },
  {
    name: 'poll (running)',
    method: 'GET',
    path: '^/async-response/',
    prepare: (c) => c.clip(V, clipRequest),
    call: (c, job) => c.poll((job as { outputUrl: string }).outputUrl),
  },
  {
    name: 'poll (finished) + result',
    method: 'GET',
    path: '^/async-response/',
    prepare: async (c, s) => {
      const job = await c.clip(V, clipRequest);
      s.control.advanceTime(60_000);
      return job;
    },
    call: async (c, job) => {
      const r = await c.poll((job as { outputUrl: string }).outputUrl);
      return r.state === 'done' ? c.parseClipResult(r.data) : r;
    },
  },
  {
    name: 'compile',
    method: 'POST',
    path: '^/compile$',
    call: (c) => c.compile([{ videoId: V, collectionId: C, shots: [[1, 6]] }]),
  },
  {
    name: 'stream segments',
    method: 'POST',
    path: '^/video/[^/]+/stream$',
    call: (c) => c.streamSegments(V, [[1, 6]]),
  },
];

/** Outcome of one hostile call, for the assertions and the summary. */
type Outcome =
  | { kind: 'resolved' }
  | { kind: 'classified'; code: string; message: string }
  | { kind: 'threw'; error: unknown };

async function outcomeOf(p: Promise<unknown>): Promise<Outcome> {
  try {
    await p;
    return { kind: 'resolved' };
  } catch (err) {
    if (err instanceof VideoDbError && isErrorCode(err.code)) {
      return { kind: 'classified', code: err.code, message: err.message };
    }
    return { kind: 'threw', error: err };
  }
}

/** Register the hostile-answers tests. */
export function defineHostile(): void {
  describe('hostile answers', () => {
    let server: RunningServer;
    let client: VideoDbClient;
    const summary: string[] = [];

    beforeAll(async () => {
      server = await startServer({ apiKey: HOSTILE_API_KEY, jobDurationMs: 30_000 });
      client = createVideoDbClient({
        baseUrl: server.url,
        getApiKey: () => HOSTILE_API_KEY,
        timeouts: { connectMs: 2000, headersMs: 5000, bodyMs: 5000 },
        retry: { maxRetries: 1, minDelayMs: 10, maxDelayMs: 20 },
      });
    });
    afterAll(async () => {
      await client?.close();
      await server?.close();
      if (summary.length) console.log(`hostile outcomes:\n${summary.join('\n')}`);
    });

    for (const route of ROUTES) {
      it(`client: ${route.name} × every mutation → copes or reports a classified error`, async () => {
        for (const mutation of MUTATIONS) {
          server.control.reset({ state: true });
          const prepared = route.prepare ? await route.prepare(client, server) : undefined;
          server.control.set({
            faults: [{ kind: 'mutate', mutation, method: route.method, path: route.path }],
          });
          const out = await outcomeOf(route.call(client, prepared));
          const hits = server.control
            .requests()
            .filter((r) => r.method === route.method && new RegExp(route.path).test(r.path)).length;
          summary.push(
            `  ${route.name} / ${mutation}: ${out.kind === 'classified' ? out.code : out.kind}`,
          );
          // The fault really hit the route (otherwise this test proves nothing).
          expect(hits, `${route.name} / ${mutation} reached the server`).toBeGreaterThan(0);
          if (out.kind === 'threw') {
            throw new Error(
              `${route.name} / ${mutation} threw an unclassified ${String(out.error)}`,
            );
          }
          if (out.kind === 'classified') {
            expect(out.message).not.toContain(HOSTILE_API_KEY);
            // A huge answer must not turn into a huge message for the user.
            expect(out.message.length, `${route.name} / ${mutation} message length`).toBeLessThan(
              2000,
            );
          }
          if (
            mutation === 'non-json' ||
            (mutation === 'deep-nesting' && route.name !== 'poll (running)')
          ) {
            // Nothing usable came back: this can only be reported as a bad answer. (A running poll
            // needs nothing from `data`; its envelope still says "processing", so going on is fine.)
            expect(out, `${route.name} / ${mutation}`).toMatchObject({
              kind: 'classified',
              code: 'bad-response',
            });
          }
          if (mutation === 'wrong-types' && route.name === 'poll (finished) + result') {
            expect(out, 'a finished result with wrong types').toMatchObject({
              kind: 'classified',
              code: 'bad-response',
            });
          }
        }
        // The client itself is still fine: the same call succeeds once the answers are clean.
        server.control.reset({ state: true });
        const prepared = route.prepare ? await route.prepare(client, server) : undefined;
        const clean = await outcomeOf(route.call(client, prepared));
        expect(clean, `${route.name} after the faults`).toEqual({ kind: 'resolved' });
      }, 60_000);
    }

    it('core: stays usable after every mutation on every route', async (ctx) => {
      server.control.reset({ state: true });
      const started = await startCore({
        name: 'hostile-core',
        baseUrl: server.url,
        apiKey: HOSTILE_API_KEY,
      });
      if ('missing' in started) return ctx.skip(started.missing);
      const { core } = started;
      const calls: Array<[string, () => Promise<unknown>]> = [
        [
          'library:list-collections',
          () => core.handlers['library:list-collections']({ refresh: true }),
        ],
        [
          'library:list-videos',
          () =>
            core.handlers['library:list-videos']({
              collectionId: C,
              refresh: true,
              offset: 0,
              limit: 100,
            }),
        ],
        [
          'library:get-video',
          () => core.handlers['library:get-video']({ videoId: V, collectionId: C }),
        ],
        ['connectivity:check', () => core.handlers['connectivity:check']({})],
      ];
      try {
        for (const mutation of MUTATIONS) {
          server.control.set({ jobDurationMs: 100, faults: [{ kind: 'mutate', mutation }] });
          for (const [name, call] of calls) {
            try {
              await call();
            } catch (err) {
              const code = (err as { code?: unknown }).code;
              expect(isErrorCode(code), `${name} / ${mutation} rejected with ${String(err)}`).toBe(
                true,
              );
            }
          }
          // A clip submitted into garbage answers ends somewhere classified, never crashes.
          const { job } = await core.handlers['jobs:submit']({
            videoId: V,
            collectionId: C,
            prompt: `hostile ${mutation} pricing`,
            contentType: 'spoken',
            modelName: 'basic',
          });
          await new Promise((r) => setTimeout(r, 300));
          const seen = await core.handlers['jobs:get']({ id: job.id });
          if (seen.error) expect(isErrorCode(seen.error.code)).toBe(true);
          // Clean answers again: everything works.
          server.control.set({ faults: [] });
          const { collections, fromCache } = await core.handlers['library:list-collections']({
            refresh: true,
          });
          expect(fromCache).toBe(false);
          expect(collections.length).toBeGreaterThan(0);
          const fresh = await core.handlers['jobs:submit']({
            videoId: V,
            collectionId: C,
            prompt: `after ${mutation}: pricing tiers`,
            contentType: 'spoken',
            modelName: 'basic',
          });
          await waitFor(
            async () => (await core.handlers['jobs:get']({ id: fresh.job.id })).status === 'done',
            15_000,
            `clip after ${mutation} done`,
          );
        }
      } finally {
        await core.close();
      }
    }, 90_000);
  });
}
