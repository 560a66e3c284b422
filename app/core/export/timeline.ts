/**
 * The reel behind every editor export: the segments of one or more clips laid end to end, in
 * whole frames. Segment i of the reel starts where segments 0..i-1 end. Built from stored data
 * only (the clip's timeline), so it works offline; the editor formats (nle.ts), subtitles and
 * chapters are pure functions of it.
 */
import type { Job } from '../../shared/domain';
import { CoreError } from '../errors';

/** A frame rate as an exact fraction: 30000/1001 is 29.97 fps. */
export interface FrameRate {
  /** Frames per `den` seconds. */
  readonly num: number;
  readonly den: number;
}

/** The frame rate editors mean by `fps`: 23.976, 29.97 and 59.94 are the NTSC x/1001 rates. */
export function frameRate(fps: number): FrameRate {
  if (!Number.isFinite(fps) || fps <= 0 || fps > 240)
    throw new CoreError('validation', 'The frame rate must be between 1 and 240 frames a second.');
  const nominal = Math.round(fps);
  // 23.976, 29.97, 47.952, 59.94, 119.88: the NTSC rates are written as n×1000/1001.
  if (!Number.isInteger(fps) && Math.abs(fps - (nominal * 1000) / 1001) < 0.01)
    return { num: nominal * 1000, den: 1001 };
  if (Number.isInteger(fps)) return { num: fps, den: 1 };
  throw new CoreError('validation', `A frame rate of ${fps} frames a second is not supported.`);
}

/** Frames counted per second of timecode (30 for 29.97). */
export function timecodeBase(rate: FrameRate): number {
  return Math.round(rate.num / rate.den);
}

/** True where timecode is drop-frame by convention: the NTSC rates of 30 and 60 fps. */
export function isDropFrame(rate: FrameRate): boolean {
  return rate.den === 1001 && timecodeBase(rate) % 30 === 0;
}

/** The nearest whole frame to `seconds` (an edge between two frames goes to the nearer one). */
export function secondsToFrames(seconds: number, rate: FrameRate): number {
  // Work in integers where the float allows it: 1.001 s × 30000 / 1001 is exactly 30 frames.
  return Math.round((seconds * rate.num) / rate.den + 1e-9);
}

/** Where frame `frames` starts, in seconds. */
export function framesToSeconds(frames: number, rate: FrameRate): number {
  return (frames * rate.den) / rate.num;
}

/** Where frame `frames` starts, in whole milliseconds (for subtitles). */
export function framesToMillis(frames: number, rate: FrameRate): number {
  return Math.round((frames * rate.den * 1000) / rate.num);
}

/**
 * Timecode of a frame count: `HH:MM:SS:FF`, or `HH:MM:SS;FF` drop-frame at 29.97 and 59.94
 * (SMPTE 12M: frame numbers 0 and 1 — 0 to 3 at 59.94 — are skipped at the start of every
 * minute except each tenth, so the timecode keeps up with the clock).
 */
export function timecode(frames: number, rate: FrameRate): string {
  const base = timecodeBase(rate);
  let n = Math.max(0, Math.round(frames));
  const drop = isDropFrame(rate);
  if (drop) {
    const dropped = (base / 30) * 2;
    const perTenMinutes = base * 600 - dropped * 9;
    const perMinute = base * 60 - dropped;
    const tens = Math.floor(n / perTenMinutes);
    const rest = n % perTenMinutes;
    n +=
      dropped * 9 * tens +
      (rest > dropped ? dropped * Math.floor((rest - dropped) / perMinute) : 0);
  }
  const ff = n % base;
  const totalSeconds = Math.floor(n / base);
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600) % 24;
  const two = (v: number) => String(v).padStart(2, '0');
  return `${two(hh)}:${two(mm)}:${two(ss)}${drop ? ';' : ':'}${two(ff)}`;
}

/** A media file or stream the reel's clips are cut from. */
export interface MediaRef {
  /** Stable id within one export (`media-1`, …). */
  readonly id: string;
  /** A name for the editor's bin: the video's name. */
  readonly name: string;
  /** The downloaded MP4 (a file URL) or the stream's URL. */
  readonly url: string;
  /**
   * `reel` when the media is the compiled clip (the downloaded MP4 or the clip's stream), so a
   * segment sits in it where it sits in that clip's reel; `source` when it is the whole video,
   * so a segment sits at its own start.
   */
  readonly covers: 'reel' | 'source';
  /** True when the media is a file on this computer (the downloaded MP4). */
  readonly local: boolean;
  /** Frames of the media known to be used: at least the end of the last clip cut from it. */
  readonly frames: number;
}

/** One segment placed on the reel. */
export interface ReelClip {
  /** 1-based position on the reel. */
  readonly index: number;
  /** The segment's text on one line (may be empty). */
  readonly text: string;
  /** The id of the clip (job) the segment belongs to. */
  readonly jobId: string;
  readonly media: MediaRef;
  /** First frame in the media. */
  readonly sourceIn: number;
  /** First frame on the reel. */
  readonly recordIn: number;
  /** Length in frames (at least 1). */
  readonly frames: number;
  /** The segment's own edges in its video, in seconds, as VideoDB gave them. */
  readonly start: number;
  readonly end: number;
}

/** The segments of the exported clips, end to end, in whole frames. */
export interface Reel {
  readonly name: string;
  readonly rate: FrameRate;
  readonly clips: readonly ReelClip[];
  readonly media: readonly MediaRef[];
  /** Length of the reel in frames. */
  readonly frames: number;
}

/** Options of every editor export. */
export interface EditorExportOptions {
  /** Frames a second of the timeline; 25 unless the source's own rate is known. */
  readonly fps?: number;
  /**
   * The downloaded MP4 of a clip, by job id: a path on this computer or a URL. The export then
   * refers to that file; otherwise to the clip's stream (or the video's stream).
   */
  readonly media?: Readonly<Record<string, string>>;
}

const NOT_READY = 'This clip is not ready yet.';

/**
 * A path or URL as a URL: a URL with a scheme stays as it is; a path (POSIX or Windows) becomes a
 * `file://` URL with each part percent-encoded, the same on every OS.
 */
export function toMediaUrl(pathOrUrl: string): { url: string; local: boolean } {
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(pathOrUrl))
    return { url: pathOrUrl, local: pathOrUrl.toLowerCase().startsWith('file:') };
  const slashed = pathOrUrl.replace(/\\/g, '/');
  const drive = /^[a-z]:\//i.test(slashed);
  const parts = slashed
    .split('/')
    .map((part, i) => (i === 0 && drive ? part : encodeURIComponent(part).replace(/%40/g, '@')));
  const joined = parts.join('/');
  return {
    url: drive ? `file:///${joined}` : `file://${joined.startsWith('/') ? '' : '/'}${joined}`,
    local: true,
  };
}

/** The last part of a path or URL, decoded: the file name an editor shows. */
export function fileNameOf(url: string): string {
  const path = url.replace(/[?#].*$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Which media a job's segments are cut from, or null when it has none yet. */
function mediaOf(
  job: Job,
  options: EditorExportOptions,
): { url: string; local: boolean; covers: 'reel' | 'source' } | null {
  const downloaded = options.media?.[job.id];
  if (downloaded) return { ...toMediaUrl(downloaded), covers: 'reel' };
  if (job.clipStreamUrl) return { url: job.clipStreamUrl, local: false, covers: 'reel' };
  // The whole video's stream holds the segments only if they are all in that video.
  const ownVideo = job.segments.every(
    (s) => (s.videoId ?? job.request.videoId) === job.request.videoId,
  );
  if (job.sourceStreamUrl && ownVideo)
    return { url: job.sourceStreamUrl, local: false, covers: 'source' };
  return null;
}

/** True when `job` has segments and media an editor timeline can refer to. */
export function hasTimelineMedia(job: Job, options: EditorExportOptions = {}): boolean {
  return job.segments.length > 0 && mediaOf(job, options) !== null;
}

/** The segment's text on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Lay the segments of `jobs` end to end, in the order given. Each edge is rounded to the nearest
 * frame of the video; a segment shorter than half a frame is left out (no editor takes an empty
 * clip). With `needMedia`, a job with no media to refer to throws 'validation'.
 */
export function buildReel(
  jobs: readonly Job[],
  options: EditorExportOptions = {},
  needMedia = true,
): Reel {
  const rate = frameRate(options.fps ?? 25);
  const clips: ReelClip[] = [];
  const media: MediaRef[] = [];
  const used = new Map<MediaRef, number>();
  let recordIn = 0;
  for (const job of jobs) {
    const found = mediaOf(job, options);
    if (!found && needMedia) throw new CoreError('validation', NOT_READY);
    const ref: MediaRef = {
      id: `media-${media.length + 1}`,
      name: job.videoName || job.request.videoId,
      url: found?.url ?? '',
      covers: found?.covers ?? 'reel',
      local: found?.local ?? false,
      frames: 0,
    };
    let reelIn = 0; // where this job's own reel (the compiled clip) is so far
    for (const s of job.segments) {
      const first = secondsToFrames(s.start, rate);
      const frames = secondsToFrames(s.end, rate) - first;
      if (!(frames > 0)) continue;
      const sourceIn = ref.covers === 'reel' ? reelIn : first;
      clips.push({
        index: clips.length + 1,
        text: oneLine(s.text),
        jobId: job.id,
        media: ref,
        sourceIn,
        recordIn,
        frames,
        start: s.start,
        end: s.end,
      });
      used.set(ref, Math.max(used.get(ref) ?? 0, sourceIn + frames));
      reelIn += frames;
      recordIn += frames;
    }
    if (used.has(ref)) media.push(ref);
  }
  // Media lengths are known only once every clip is placed.
  const sized = new Map(media.map((m) => [m, { ...m, frames: used.get(m) ?? 0 }]));
  const name =
    jobs.length === 1 && jobs[0]
      ? oneLine(`${jobs[0].request.prompt} — ${jobs[0].videoName}`)
      : `${jobs.length} clips`;
  return {
    name,
    rate,
    clips: clips.map((c) => ({ ...c, media: sized.get(c.media) ?? c.media })),
    media: [...sized.values()],
    frames: recordIn,
  };
}
