import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha1Hex } from './ids';
import type { SceneRecord, Sentence } from './seed';

/**
 * Demo media: each sample video's HLS drawn by ffmpeg from its own transcript, so a played
 * segment shows what was said at that moment ("The hardest conversation is raising prices…") and
 * a running clock of the source time (1:53). Generated lazily, on the first request for a video,
 * into a git-ignored cache folder keyed by a hash of what is drawn and the generator version;
 * where ffmpeg is missing or fails, the server keeps serving the test pattern (one log line).
 */

/** Bump when the picture changes: it is part of every cache key, so old renders are not reused. */
export const DEMO_MEDIA_VERSION = 1;

/** Frame size and rate of generated media: small and slow, so a whole video renders in seconds. */
export const DEMO_MEDIA_WIDTH = 640;
export const DEMO_MEDIA_HEIGHT = 360;
export const DEMO_MEDIA_FPS = 10;
/** Seconds per HLS segment (one keyframe each), so compiled clips cut the source to the second. */
export const DEMO_MEDIA_SEGMENT_SECONDS = 1;

/** Default cache folder: ignored by git with the rest of node_modules, shared by every checkout run. */
export const DEFAULT_DEMO_MEDIA_CACHE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'node_modules',
  '.cache',
  'videodb-clips',
  'demo-media',
  sep,
);

/** What the generator needs of a video (a `VideoEntry` fits). */
export interface DemoMediaVideo {
  id: string;
  name: string;
  /** Seconds. */
  length: number;
  sentences: readonly Sentence[];
  visual: readonly SceneRecord[];
}

/** One segment of a generated HLS playlist, in source time. */
export interface DemoSegment {
  /** File name, e.g. `segment-113.m2ts`. */
  name: string;
  start: number;
  duration: number;
}

/** A video's generated HLS on disk. */
export interface GeneratedHls {
  dir: string;
  playlist: Buffer;
  segments: readonly DemoSegment[];
}

/** Options of {@link DemoMedia}. */
export interface DemoMediaOptions {
  /** Where renders are kept; default {@link DEFAULT_DEMO_MEDIA_CACHE}. */
  cacheDir?: string;
  /** ffmpeg executable; default `$FFMPEG_PATH` or `ffmpeg` from PATH. */
  ffmpegPath?: string;
  /** Where the one "falling back to the test pattern" line goes; default console.warn. */
  log?: (line: string) => void;
  /** Longest a single render may take before it counts as failed; default 120 s. */
  timeoutMs?: number;
}

// Renders in flight, shared by every DemoMedia of this process (several test servers, one cache).
const inFlight = new Map<string, Promise<GeneratedHls>>();

/** Cache key of a video's render: what is drawn, the frame format and the generator version. */
export function demoMediaKey(v: DemoMediaVideo): string {
  return sha1Hex(
    JSON.stringify({
      version: DEMO_MEDIA_VERSION,
      size: [DEMO_MEDIA_WIDTH, DEMO_MEDIA_HEIGHT, DEMO_MEDIA_FPS, DEMO_MEDIA_SEGMENT_SECONDS],
      id: v.id,
      name: v.name,
      length: v.length,
      sentences: v.sentences.map((s) => [s.start, s.end, s.text]),
      visual: v.visual.map((s) => [s.start, s.end, s.description]),
    }),
  ).slice(0, 20);
}

/** `m:ss`, the way the app writes segment times. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function assTime(seconds: number): string {
  const cs = Math.max(0, Math.round(seconds * 100));
  const h = Math.floor(cs / 360_000);
  const m = Math.floor(cs / 6000) % 60;
  const s = Math.floor(cs / 100) % 60;
  const c = cs % 100;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${h}:${p(m)}:${p(s)}.${p(c)}`;
}

/** Plain text for an ASS event: no override blocks, no line-break escapes. */
function assText(text: string): string {
  return text
    .replace(/\\/g, '/')
    .replace(/[{}]/g, (c) => (c === '{' ? '(' : ')'))
    .replace(/\s+/g, ' ');
}

/** A dark background colour per video (`0xRRGGBB`), like its thumbnail's hue. */
export function backgroundColour(videoId: string): string {
  const hue = parseInt(sha1Hex(videoId).slice(0, 4), 16) % 360;
  const [s, l] = [0.35, 0.17];
  const k = (n: number) => (n + hue / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  const hex = (x: number) =>
    Math.round(x * 255)
      .toString(16)
      .padStart(2, '0');
  return `0x${hex(f(0))}${hex(f(8))}${hex(f(4))}`;
}

/**
 * The subtitle script that draws everything on the frame: title, a clock event per second, each
 * transcript sentence at its own time, and the scene description of what is on screen.
 */
export function demoMediaAss(v: DemoMediaVideo): string {
  const lines = [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${DEMO_MEDIA_WIDTH}`,
    `PlayResY: ${DEMO_MEDIA_HEIGHT}`,
    'WrapStyle: 0',
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    'Style: Line,DejaVu Sans,30,&H00FFFFFF,&H00FFFFFF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,2,0,5,40,40,20,1',
    'Style: Clock,DejaVu Sans Mono,44,&H0000E0FF,&H00FFFFFF,&H00000000,&H80000000,1,0,0,0,100,100,0,0,1,2,0,9,24,24,16,1',
    'Style: Title,DejaVu Sans,18,&H00D0D0D0,&H00FFFFFF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,1,0,7,24,140,22,1',
    'Style: Scene,DejaVu Sans,16,&H00E0D0B0,&H00FFFFFF,&H00000000,&H80000000,0,1,0,0,100,100,0,0,1,1,0,2,30,30,16,1',
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
  ];
  const event = (start: number, end: number, style: string, text: string) =>
    lines.push(`Dialogue: 0,${assTime(start)},${assTime(end)},${style},,0,0,0,,${assText(text)}`);
  event(0, v.length + 1, 'Title', v.name);
  for (let s = 0; s < Math.ceil(v.length); s++) event(s, s + 1, 'Clock', clockText(s));
  for (const s of v.sentences) event(s.start, s.end, 'Line', s.text);
  for (const s of v.visual) event(s.start, s.end, 'Scene', `On screen: ${s.description}`);
  return `${lines.join('\n')}\n`;
}

const ENCODE_ARGS = [
  '-c:v',
  'libx264',
  '-preset',
  'ultrafast',
  '-tune',
  'stillimage',
  '-crf',
  '26',
  '-profile:v',
  'baseline',
  '-pix_fmt',
  'yuv420p',
  '-g',
  String(DEMO_MEDIA_FPS * DEMO_MEDIA_SEGMENT_SECONDS),
  '-keyint_min',
  String(DEMO_MEDIA_FPS * DEMO_MEDIA_SEGMENT_SECONDS),
  '-sc_threshold',
  '0',
];

function colourSource(v: DemoMediaVideo, seconds: number): string {
  return `color=c=${backgroundColour(v.id)}:s=${DEMO_MEDIA_WIDTH}x${DEMO_MEDIA_HEIGHT}:r=${DEMO_MEDIA_FPS}:d=${seconds.toFixed(3)}`;
}

/** Parses an HLS media playlist into segments with their source start times. */
export function parsePlaylist(text: string): DemoSegment[] {
  const segments: DemoSegment[] = [];
  let duration: number | null = null;
  let t = 0;
  for (const line of text.split(/\r?\n/)) {
    const inf = /^#EXTINF:([\d.]+)/.exec(line);
    if (inf) duration = Number(inf[1]);
    else if (line && !line.startsWith('#') && duration !== null) {
      segments.push({ name: line.trim(), start: t, duration });
      t += duration;
      duration = null;
    }
  }
  return segments;
}

/** Generates, caches and finds the demo media of videos (see the file comment). */
export class DemoMedia {
  readonly cacheDir: string;
  readonly ffmpegPath: string;
  /** ffmpeg processes this instance started (renders and stills); a cached render starts none. */
  ffmpegRuns = 0;
  private unavailable: string | null = null;
  private readonly log: (line: string) => void;
  private readonly timeoutMs: number;
  private readonly ready = new Map<string, GeneratedHls>();

  constructor(opts: DemoMediaOptions = {}) {
    this.cacheDir = opts.cacheDir ?? DEFAULT_DEMO_MEDIA_CACHE;
    this.ffmpegPath = opts.ffmpegPath ?? process.env['FFMPEG_PATH'] ?? 'ffmpeg';
    this.log = opts.log ?? ((line) => console.warn(line));
    this.timeoutMs = opts.timeoutMs ?? 120_000;
  }

  /** Why generated media is off (ffmpeg missing or failed), or null while it works. */
  get fallbackReason(): string | null {
    return this.unavailable;
  }

  /**
   * The video's generated HLS: from memory, from the cache folder, or rendered now (concurrent
   * callers wait on the same render). Null when it is not cached and ffmpeg is missing or
   * failed: serve the pattern.
   */
  async hlsFor(v: DemoMediaVideo): Promise<GeneratedHls | null> {
    const dir = join(this.cacheDir, demoMediaKey(v));
    const known = this.ready.get(dir);
    if (known) return known;
    // Without ffmpeg, renders already in the cache still play; only missing ones fall back.
    if (this.unavailable !== null && !existsSync(join(dir, 'index.m3u8'))) return null;
    let job = inFlight.get(dir);
    if (!job) {
      job = this.loadOrRender(v, dir).finally(() => inFlight.delete(dir));
      inFlight.set(dir, job);
    }
    try {
      const hls = await job;
      this.ready.set(dir, hls);
      return hls;
    } catch (err) {
      this.fallBack(err);
      return null;
    }
  }

  /** Bytes of one segment of a generated render, or undefined when it is not one of its files. */
  async segment(hls: GeneratedHls, name: string): Promise<Buffer | undefined> {
    if (!hls.segments.some((s) => s.name === name)) return undefined;
    return readFile(join(hls.dir, name));
  }

  /**
   * One uncompressed frame as the generator draws it at `at` seconds (8-bit grey,
   * width×height bytes), straight from the filter without encoding: the reference tests compare
   * decoded segments against.
   */
  async stillGrey(v: DemoMediaVideo, at: number): Promise<Buffer> {
    const work = await mkdtemp(join(tmpdir(), 'videodb-demo-still-'));
    try {
      await writeFile(join(work, 'media.ass'), demoMediaAss(v));
      return await this.run(
        [
          '-f',
          'lavfi',
          '-i',
          colourSource(v, 1 / DEMO_MEDIA_FPS),
          '-vf',
          `setpts=PTS+${at.toFixed(3)}/TB,ass=media.ass`,
          '-frames:v',
          '1',
          '-f',
          'rawvideo',
          '-pix_fmt',
          'gray',
          'pipe:1',
        ],
        work,
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  private fallBack(err: unknown): void {
    if (this.unavailable !== null) return;
    const reason = err instanceof Error ? err.message : String(err);
    this.unavailable = reason;
    this.log(
      `Demo media: ffmpeg could not render the sample videos (${reason}); they play a test pattern instead.`,
    );
  }

  private async loadOrRender(v: DemoMediaVideo, dir: string): Promise<GeneratedHls> {
    if (!existsSync(join(dir, 'index.m3u8'))) {
      mkdirSync(this.cacheDir, { recursive: true });
      const work = await mkdtemp(join(this.cacheDir, '.render-'));
      try {
        await writeFile(join(work, 'media.ass'), demoMediaAss(v));
        await this.run(
          [
            '-f',
            'lavfi',
            '-i',
            colourSource(v, v.length),
            '-vf',
            'ass=media.ass',
            ...ENCODE_ARGS,
            '-f',
            'hls',
            '-hls_time',
            String(DEMO_MEDIA_SEGMENT_SECONDS),
            '-hls_playlist_type',
            'vod',
            '-hls_segment_filename',
            'segment-%03d.m2ts',
            'index.m3u8',
          ],
          work,
        );
        await rm(join(work, 'media.ass'), { force: true });
        try {
          // Atomic: a render is either complete under its key or absent. Another process may have
          // finished the same key first; then its copy is as good as ours.
          await rename(work, dir);
        } catch (err) {
          if (!existsSync(join(dir, 'index.m3u8'))) throw err;
        }
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    }
    const playlist = await readFile(join(dir, 'index.m3u8'));
    const segments = parsePlaylist(playlist.toString('utf8'));
    if (segments.length === 0) throw new Error(`empty playlist in ${dir}`);
    return { dir, playlist, segments };
  }

  /** Runs ffmpeg in `cwd` (so filter arguments name files without any path escaping). */
  private run(args: string[], cwd: string): Promise<Buffer> {
    this.ffmpegRuns += 1;
    return new Promise((resolve, reject) => {
      const child = spawn(
        this.ffmpegPath,
        ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args],
        { cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true },
      );
      const out: Buffer[] = [];
      let err = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), this.timeoutMs);
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => {
        if (err.length < 4000) err += c.toString('utf8');
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve(Buffer.concat(out));
        else {
          const last = err.trim().split('\n').pop() ?? '';
          reject(
            new Error(`ffmpeg exited with ${signal ?? `code ${code}`}${last ? `: ${last}` : ''}`),
          );
        }
      });
    });
  }
}

let sharedMedia: DemoMedia | undefined;
/** The process-wide generator with the default cache, so the fallback is reported once per run. */
export function defaultDemoMedia(): DemoMedia {
  sharedMedia ??= new DemoMedia();
  return sharedMedia;
}
