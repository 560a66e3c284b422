/**
 * Demo media: each sample video's stream is rendered by ffmpeg from its transcript (cached), so a
 * played moment shows what was said then and the source clock. Needs ffmpeg (as the suite does).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_MEDIA_HEIGHT,
  DEMO_MEDIA_WIDTH,
  DemoMedia,
  clockText,
  parsePlaylist,
} from './demo-media';
import { client } from './helpers';
import { SAMPLE, startServer, type RunningServer } from './index';
import { HLS_FIXTURE_DIR } from './media';
import { Library } from './seed';

const pricing = new Library(true).video(SAMPLE.pricingTalkId)!;
const hardest = pricing.sentences.find((s) => s.text.startsWith('The hardest conversation'))!;
const metric = pricing.sentences.find((s) => s.text.startsWith('The first decision'))!;

let cacheDir: string;
const servers: RunningServer[] = [];

async function serve(media: DemoMedia | false): Promise<RunningServer> {
  const s = await startServer({ media });
  servers.push(s);
  return s;
}

async function text(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
  return res.text();
}

/** The first frame of an MPEG-TS segment as 8-bit grey (the luma plane). */
function firstFrameGrey(segment: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const ff = spawn(
      'ffmpeg',
      ['-hide_banner', '-loglevel', 'error', '-f', 'mpegts', '-i', 'pipe:0'].concat([
        '-frames:v',
        '1',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'gray',
        'pipe:1',
      ]),
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const out: Buffer[] = [];
    ff.stdout.on('data', (c: Buffer) => out.push(c));
    ff.on('error', reject);
    ff.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`ffmpeg ${code}`)),
    );
    ff.stdin.end(segment);
  });
}

/** Mean absolute difference of two grey frames inside a box. */
function diff(a: Buffer, b: Buffer, box: { x: number; y: number; w: number; h: number }): number {
  let sum = 0;
  for (let y = box.y; y < box.y + box.h; y++)
    for (let x = box.x; x < box.x + box.w; x++) {
      const i = y * DEMO_MEDIA_WIDTH + x;
      sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
    }
  return sum / (box.w * box.h);
}

// Where the generator draws the sentence (centre band) and the clock (top right).
const CAPTION = { x: 20, y: 110, w: DEMO_MEDIA_WIDTH - 40, h: 140 };
const CLOCK = { x: DEMO_MEDIA_WIDTH - 160, y: 8, w: 150, h: 56 };

beforeAll(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'videodb-demo-media-test-'));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('demo media rendered from the transcript', () => {
  it('renders a video once on first request, with segments covering its whole length', async () => {
    const media = new DemoMedia({ cacheDir });
    const server = await serve(media);
    const api = client(server);
    const streamUrl = (await api.get(`/video/${SAMPLE.pricingTalkId}`)).json.data
      .stream_url as string;
    // Three players at once wait on the same render.
    const [playlist, ...others] = await Promise.all([
      text(streamUrl),
      text(streamUrl),
      text(streamUrl),
    ]);
    expect(media.ffmpegRuns).toBe(1);
    expect(others).toEqual([playlist, playlist]);
    expect(playlist).toContain('#EXT-X-ENDLIST');
    const segments = parsePlaylist(playlist!);
    const total = segments.reduce((t, s) => t + s.duration, 0);
    expect(Math.abs(total - pricing.length)).toBeLessThan(0.2);
    expect(segments.every((s) => s.duration <= 1.001)).toBe(true);
    for (const s of [segments[0]!, segments[113]!, segments.at(-1)!]) {
      const res = await fetch(new URL(s.name, streamUrl));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('video/mp2t');
      expect(new Uint8Array(await res.arrayBuffer())[0]).toBe(0x47);
    }
    expect(media.fallbackReason).toBeNull();
  });

  it('a second start serves the cached render without running ffmpeg', async () => {
    const media = new DemoMedia({ cacheDir });
    const server = await serve(media);
    const started = Date.now();
    const playlist = await text(`${server.url}/media/video/${SAMPLE.pricingTalkId}/index.m3u8`);
    expect(Date.now() - started).toBeLessThan(2000); // a render takes seconds
    expect(media.ffmpegRuns).toBe(0);
    expect(parsePlaylist(playlist).length).toBe(Math.ceil(pricing.length));
  });

  it('shows the sentence said at that moment and the source clock', async () => {
    const media = new DemoMedia({ cacheDir });
    const server = await serve(media);
    const at = Math.floor(hardest.start) + 1; // a whole second inside the sentence
    expect(at + 1).toBeLessThan(hardest.end);
    expect(clockText(at)).toBe('1:54');
    const seg = Buffer.from(
      await (
        await fetch(
          `${server.url}/media/video/${SAMPLE.pricingTalkId}/segment-${String(at).padStart(3, '0')}.m2ts`,
        )
      ).arrayBuffer(),
    );
    const frame = await firstFrameGrey(seg);
    expect(frame.length).toBe(DEMO_MEDIA_WIDTH * DEMO_MEDIA_HEIGHT);
    const sameLine = await media.stillGrey(pricing, at);
    const otherLine = await media.stillGrey(pricing, (metric.start + metric.end) / 2);
    const nextSecond = await media.stillGrey(pricing, at + 1);
    // The caption is the one drawn for this moment, not another sentence's (encoding noise only).
    expect(diff(frame, sameLine, CAPTION)).toBeLessThan(3);
    expect(diff(frame, otherLine, CAPTION)).toBeGreaterThan(4 * diff(frame, sameLine, CAPTION) + 5);
    // The clock reads this second, not the next one.
    expect(diff(frame, sameLine, CLOCK)).toBeLessThan(diff(frame, nextSecond, CLOCK) / 3);
  });

  it('compiled clips play the source seconds of their shots', async () => {
    const server = await serve(new DemoMedia({ cacheDir }));
    const api = client(server);
    const compiled = (
      await api.post('/compile', [
        { video_id: SAMPLE.pricingTalkId, shots: [[hardest.start, hardest.end]] },
        { video_id: SAMPLE.pricingTalkId, shots: [[10, 12]] },
      ])
    ).json.data.stream_url as string;
    const playlist = await text(compiled);
    const names = playlist.split('\n').filter((l) => l && !l.startsWith('#'));
    const expected = [];
    for (let s = Math.floor(hardest.start); s < hardest.end; s++) expected.push(s);
    expected.push(10, 11);
    expect(names).toEqual(
      expected.map(
        (s) => `../../video/${SAMPLE.pricingTalkId}/segment-${String(s).padStart(3, '0')}.m2ts`,
      ),
    );
    expect(playlist.match(/#EXT-X-DISCONTINUITY/g)?.length).toBe(1);
    const seg = await fetch(new URL(names[0]!, compiled));
    expect(seg.status).toBe(200);
    expect(seg.headers.get('content-type')).toBe('video/mp2t');
  });

  it('falls back to the test pattern without ffmpeg, and says so once', async () => {
    const lines: string[] = [];
    const media = new DemoMedia({
      cacheDir: join(cacheDir, 'none'),
      ffmpegPath: join(cacheDir, 'no-such-ffmpeg'),
      log: (l) => lines.push(l),
    });
    const server = await serve(media);
    const patternPlaylist = readFileSync(join(HLS_FIXTURE_DIR, 'index.m3u8'), 'utf8');
    for (const id of [SAMPLE.pricingTalkId, SAMPLE.acmeDemoId, SAMPLE.pricingTalkId]) {
      expect(await text(`${server.url}/media/video/${id}/index.m3u8`)).toBe(patternPlaylist);
    }
    const seg = await fetch(`${server.url}/media/video/${SAMPLE.acmeDemoId}/segment-000.m2ts`);
    expect(seg.status).toBe(200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/test pattern/);
    expect(media.fallbackReason).toMatch(/ENOENT/);
    const api = client(server);
    const compiled = (
      await api.post('/compile', [{ video_id: SAMPLE.acmeDemoId, shots: [[0, 4]] }])
    ).json.data.stream_url as string;
    expect(await text(compiled)).toBe(patternPlaylist);
  });

  it('without ffmpeg, renders already in the cache still play', async () => {
    const lines: string[] = [];
    const media = new DemoMedia({
      cacheDir,
      ffmpegPath: join(cacheDir, 'no-such-ffmpeg'),
      log: (l) => lines.push(l),
    });
    const server = await serve(media);
    const patternPlaylist = readFileSync(join(HLS_FIXTURE_DIR, 'index.m3u8'), 'utf8');
    expect(await text(`${server.url}/media/video/${SAMPLE.acmeDemoId}/index.m3u8`)).toBe(
      patternPlaylist,
    );
    const cached = await text(`${server.url}/media/video/${SAMPLE.pricingTalkId}/index.m3u8`);
    expect(parsePlaylist(cached).length).toBe(Math.ceil(pricing.length));
    expect(lines).toHaveLength(1);
  });

  it('media: false serves the pattern and never runs ffmpeg', async () => {
    const server = await serve(false);
    const patternPlaylist = readFileSync(join(HLS_FIXTURE_DIR, 'index.m3u8'), 'utf8');
    expect(await text(`${server.url}/media/video/${SAMPLE.pricingTalkId}/index.m3u8`)).toBe(
      patternPlaylist,
    );
  });
});
