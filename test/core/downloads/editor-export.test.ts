/**
 * Issue 11 §3: VideoDB's own editor bundle of a clip, through the real core and the local server's
 * `editor/export` job: the clip's timeline goes out with `format: "nle"` and a `client_ref` from
 * the clip's fingerprint; the job is followed through its steps to a link and a fidelity report;
 * asking again (even from a new run of the app) names the same job; a failed job says why;
 * offline it refuses in plain words.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientRefOf } from '../../../app/core/downloads';
import type { EditorExport, Job } from '../../../app/shared/domain';
import { SAMPLE, startServer, type RunningServer } from '../../server';
import { makeCore, tempDataDir, untilAnswer, waitFor, type TestCore } from '../fixtures/harness';

describe("VideoDB's editor bundle (editor/export, format nle)", () => {
  let server: RunningServer;
  const dataDir = tempDataDir('editor-export-');
  let tc: TestCore | null = null;
  let job: Job;

  const start = async () =>
    (tc = await makeCore({
      serverUrl: server.url,
      apiKey: server.apiKey,
      dataDir,
      downloads: { pollIntervalMs: 40 },
    }));
  const until = (ok: (e: EditorExport) => boolean) =>
    untilAnswer(
      async () => (await tc!.core.handlers['downloads:editor-exports']({ jobId: job.id }))[0],
      ok,
      { what: 'editor export', show: (e) => ({ status: e.status, error: e.error }) },
    );
  const exportPosts = () =>
    server.control.requests().filter((r) => r.method === 'POST' && r.path === '/editor/export');

  beforeAll(async () => {
    server = await startServer({ jobDurationMs: 300, media: false });
    await start();
    const { job: j } = await tc!.core.handlers['jobs:submit']({
      videoId: SAMPLE.pricingTalkId,
      collectionId: SAMPLE.defaultCollectionId,
      prompt: 'pricing',
      contentType: 'spoken',
      modelName: 'basic',
    });
    job = await waitFor(async () => {
      const x = await tc!.core.handlers['jobs:get']({ id: j.id });
      return x.status === 'done' ? x : null;
    });
    expect(job.segments.length).toBeGreaterThan(1);
  });
  afterEach(() => server.control.reset());
  afterAll(async () => {
    await tc?.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends the timeline with a client_ref from the clip, follows the job, and keeps the report', async () => {
    const first = await tc!.core.handlers['downloads:editor-export']({ jobId: job.id });
    expect(first.status).toBe('sending');
    expect(first.clientRef).toBe(clientRefOf(job));
    const done = await until((e) => e.status === 'done');
    expect(done.bundleUrl).toMatch(/\/media\/editor-bundle\/tl-[0-9a-f-]+\.otio$/);
    expect(done.fidelityLevel).toBe('partial');
    expect(done.fidelity).toEqual([
      { feature: 'cuts', status: 'kept', note: null },
      { feature: 'source timecode', status: 'kept', note: null },
      { feature: 'clip names', status: 'kept', note: null },
      { feature: 'segment text', status: 'approximated', note: 'carried as markers, not captions' },
      { feature: 'relevance scores', status: 'dropped', note: 'no NLE field holds them' },
    ]);
    // The job's steps were announced on the way.
    const steps = tc!.events
      .filter((e) => e.name === 'downloads:editor-export-changed')
      .map((e) => (e.payload as EditorExport).status);
    expect(steps[0]).toBe('sending');
    expect(steps).toContain('queued');
    expect(steps.at(-1)).toBe('done');
    expect(new Set(steps).size).toBeGreaterThanOrEqual(4);

    const [post] = exportPosts();
    const body = post!.body as Record<string, any>;
    expect(body.format).toBe('nle');
    expect(body.client_ref).toBe(clientRefOf(job));
    expect(body.name).toBe('pricing');
    const cuts = [...job.segments].sort((a, b) => a.start - b.start);
    expect(body.timeline.tracks[0].clips).toEqual(
      cuts.map((s) => ({
        video_id: SAMPLE.pricingTalkId,
        collection_id: SAMPLE.defaultCollectionId,
        start: s.start,
        end: s.end,
      })),
    );

    // Asked again in this run: the same bundle, nothing sent.
    const again = await tc!.core.handlers['downloads:editor-export']({ jobId: job.id });
    expect(again.id).toBe(done.id);
    expect(exportPosts()).toHaveLength(1);
  });

  it('asked again from a new run, the same client_ref names the same job on the server', async () => {
    const before = server.control.jobs().filter((j) => j.kind === 'editor-export').length;
    await tc!.close();
    await start();
    await tc!.core.handlers['downloads:editor-export']({ jobId: job.id });
    await until((e) => e.status === 'done');
    expect(exportPosts()).toHaveLength(1);
    expect((exportPosts()[0]!.body as { client_ref: string }).client_ref).toBe(clientRefOf(job));
    expect(server.control.jobs().filter((j) => j.kind === 'editor-export')).toHaveLength(before);
  });

  it('says why when the job fails, and refuses plainly while offline', async () => {
    await tc!.close();
    await start();
    server.control.set({ jobOutcome: 'fail' });
    // A different timeline (another clip) so the server makes a new job.
    const { job: j2 } = await tc!.core.handlers['jobs:submit']({
      videoId: SAMPLE.pricingTalkId,
      collectionId: SAMPLE.defaultCollectionId,
      prompt: 'annual plans',
      contentType: 'spoken',
      modelName: 'basic',
    });
    server.control.set({ jobOutcome: 'done' });
    job = await waitFor(async () => {
      const x = await tc!.core.handlers['jobs:get']({ id: j2.id });
      return x.status === 'done' ? x : null;
    });
    server.control.set({ jobOutcome: 'fail' });
    await tc!.core.handlers['downloads:editor-export']({ jobId: job.id });
    const failed = await until((e) => e.status === 'failed');
    expect(failed.error?.message).toMatch(/^VideoDB could not make the bundle: /);

    server.control.set({ offline: true, jobOutcome: 'done' });
    await server.control.settled();
    await tc!.core.handlers['connectivity:check']({});
    await expect(tc!.core.handlers['downloads:editor-export']({ jobId: job.id })).rejects.toThrow(
      /needs the network\. The editor formats in the copy menu work offline/,
    );
  });
});
