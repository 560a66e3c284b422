/**
 * Issue 11 §1, links that stay alive: VideoDB's stream links stop working after about a day.
 * The local server's links expire by a switch (403 past it, on its own clock); the core records
 * when a clip's links were minted and, for a clip whose links are older than 20 hours, mints them
 * again through `/compile` from the segments the history keeps: before copying (the copied link
 * opens), and in the background when the clip is opened. Offline, the old links are copied as
 * they are (the window warns). The app link never expires and asks nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, SAMPLE, type RunningServer } from '../../server';
import { LINK_REMINT_AFTER_MS } from '../../../app/core/jobs/job-engine';
import { mediaRelayPath } from '../../../renderer/lib/media-relay';
import { makeCore, skewedClock, tempDataDir, waitFor, type TestCore } from '../fixtures/harness';

const HOUR = 60 * 60_000;
let server: RunningServer;
let tc: TestCore | null = null;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startServer({ jobDurationMs: 200, media: false });
});
afterAll(async () => {
  await server.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(async () => {
  await tc?.close();
  tc = null;
});

const compiles = (from: number) =>
  server.control
    .requests()
    .slice(from)
    .filter((r) => r.method === 'POST' && r.path === '/compile');

/** A finished clip whose links expire a day after they were minted (server and core clocks). */
async function finishedClip() {
  server.control.reset({ state: true });
  server.control.set({ jobDurationMs: 200, streamLinkTtlMs: 24 * HOUR });
  const dataDir = tempDataDir();
  dirs.push(dataDir);
  const clock = skewedClock();
  tc = await makeCore({ serverUrl: server.url, apiKey: server.apiKey, dataDir, clock });
  const t = tc;
  const { job } = await t.core.handlers['jobs:submit']({
    videoId: SAMPLE.pricingTalkId,
    collectionId: SAMPLE.defaultCollectionId,
    prompt: 'pricing',
    contentType: 'spoken',
    modelName: 'basic',
  });
  const done = await waitFor(
    async () => {
      const j = await t.core.handlers['jobs:get']({ id: job.id });
      return j.status === 'done' && j.clipStreamUrl !== null ? j : null;
    },
    10_000,
    'the clip to be done with its links',
  );
  return { t, clock, done };
}

/** Move both clocks on, as a week passing would. */
function passTime(clock: { offsetMs: number }, ms: number): void {
  clock.offsetMs += ms;
  server.control.advanceTime(ms);
}

const opens = async (url: string): Promise<number> => (await fetch(url)).status;

/** The `jobs:changed` that brings `done` new links (waits for it). */
const newLinksEvent = (t: TestCore, done: { id: string; clipStreamUrl: string | null }) =>
  waitFor(
    () =>
      t.events.find(
        (e) =>
          e.name === 'jobs:changed' &&
          e.payload.id === done.id &&
          e.payload.clipStreamUrl !== done.clipStreamUrl,
      ) ?? null,
    5_000,
    'jobs:changed with the new links',
  );

/** What the player gets for `url` through the media relay. */
const relayed = (t: TestCore, url: string) =>
  t.core.relayMedia(new Request(`http://page.invalid${mediaRelayPath(url)!}`));

describe('links that stay alive', () => {
  it('records when the links were minted; fresh links are copied as they are', async () => {
    const { t, done } = await finishedClip();
    expect(done.linksMintedAt).not.toBeNull();
    expect(await opens(done.clipStreamUrl!)).toBe(200);
    const from = server.control.requestCount();
    const copied = await t.core.handlers['clipboard:copy']({
      jobIds: [done.id],
      format: 'stream-link',
    });
    expect(copied.text).toBe(done.clipStreamUrl);
    expect(compiles(from)).toHaveLength(0);
  });

  it('a week later the old link is dead, and copying mints a new one that opens', async () => {
    const { t, clock, done } = await finishedClip();
    passTime(clock, 7 * 24 * HOUR);
    expect(await opens(done.clipStreamUrl!)).toBe(403);
    const from = server.control.requestCount();
    const copied = await t.core.handlers['clipboard:copy']({
      jobIds: [done.id],
      format: 'stream-link',
    });
    expect(compiles(from)).toHaveLength(1);
    expect(copied.text).not.toBe(done.clipStreamUrl);
    expect(await opens(copied.text)).toBe(200);
    const after = await t.core.handlers['jobs:get']({ id: done.id });
    expect(after.clipStreamUrl).toBe(copied.text);
    expect(after.linksMintedAt!).toBeGreaterThan(done.linksMintedAt!);
    // Each segment's own link was minted again too (JSON and CSV carry them).
    const streams = server.control
      .requests()
      .slice(from)
      .filter((r) => r.method === 'POST' && /^\/video\/[^/]+\/stream$/.test(r.path));
    expect(streams).toHaveLength(done.segments.length);
    const json = await t.core.handlers['clipboard:copy']({ jobIds: [done.id], format: 'json' });
    const segs = (JSON.parse(json.text) as Array<{ segments: Array<{ streamUrl: string }> }>)[0]!
      .segments;
    expect(segs.map((x) => x.streamUrl)).not.toEqual(done.segments.map((x) => x.streamUrl));
    for (const x of segs) expect(await opens(x.streamUrl)).toBe(200);
    // Fresh again: the next copy asks nothing.
    const again = server.control.requestCount();
    await t.core.handlers['clipboard:copy']({ jobIds: [done.id], format: 'markdown' });
    expect(compiles(again)).toHaveLength(0);
  });

  it('opening an old clip mints its links in the background and says so with jobs:changed', async () => {
    const { t, clock, done } = await finishedClip();
    passTime(clock, LINK_REMINT_AFTER_MS + HOUR);
    t.events.length = 0;
    const opened = await t.core.handlers['jobs:get']({ id: done.id });
    // The detail opens at once with what it has …
    expect(opened.clipStreamUrl).toBe(done.clipStreamUrl);
    // … and the fresh links follow.
    const changed = await newLinksEvent(t, done);
    expect(await opens(changed.payload.clipStreamUrl)).toBe(200);
  });

  it('offline, the old links are copied as they are; the app link never asks', async () => {
    const { t, clock, done } = await finishedClip();
    passTime(clock, 3 * 24 * HOUR);
    server.control.set({ offline: true });
    await server.control.settled();
    expect((await t.core.handlers['connectivity:check']({})).online).toBe(false);
    const copied = await t.core.handlers['clipboard:copy']({
      jobIds: [done.id],
      format: 'stream-link',
    });
    expect(copied.text).toBe(done.clipStreamUrl);
    server.control.set({ offline: false });
    await server.control.settled();
    const from = server.control.requestCount();
    await t.core.handlers['clipboard:copy']({ jobIds: [done.id], format: 'app-link' });
    expect(compiles(from)).toHaveLength(0);
  });

  it('a link that answers 403 while it plays is minted again at once, whatever its age', async () => {
    const { t, done } = await finishedClip();
    // The server expired it early (its clock only): the app still thinks the link is fresh.
    server.control.advanceTime(25 * HOUR);
    t.events.length = 0;
    const from = server.control.requestCount();
    const played = await relayed(t, done.clipStreamUrl!);
    expect(played.status).toBe(403);
    const changed = await newLinksEvent(t, done);
    const fresh = await relayed(t, changed.payload.clipStreamUrl);
    expect(fresh.status).toBe(200);
    // A player retrying the dead link does not mint again and again.
    await relayed(t, done.clipStreamUrl!);
    await new Promise((r) => setTimeout(r, 200));
    expect(compiles(from)).toHaveLength(1);
  });

  it('"Save as MP4" of a week-old clip asks /download with a fresh link, and the file comes', async () => {
    const { t, clock, done } = await finishedClip();
    passTime(clock, 7 * 24 * HOUR);
    const from = server.control.requestCount();
    const folder = tempDataDir();
    dirs.push(folder);
    const target = join(folder, 'clip.mp4');
    const started = t.core.downloads.start(done.id, target);
    const finished = await waitFor(
      () => {
        const d = t.core.downloads.get(started.id);
        return d.status === 'done' || d.status === 'failed' ? d : null;
      },
      20_000,
      'the download to end',
    );
    expect(finished.error).toBeNull();
    expect(finished.status).toBe('done');
    const asked = server.control
      .requests()
      .slice(from)
      .filter((r) => r.method === 'POST' && r.path === '/download');
    expect(asked.length).toBeGreaterThanOrEqual(1);
    const link = String((asked[0]!.body as { stream_link: string }).stream_link);
    expect(link).not.toBe(done.clipStreamUrl);
    expect(compiles(from)).toHaveLength(1);
  });
});
