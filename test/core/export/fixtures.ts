/**
 * Clips for the editor export tests, and the expected reel worked out here from the segments
 * alone (not with the code under test): each edge to its nearest frame, segment i on the reel
 * where segments 0..i-1 end.
 */
import type { Job, Segment } from '../../../app/shared/domain';

/** The frame rates the exports must be exact at, as fractions. */
export const RATES = [
  { fps: 24, num: 24, den: 1, drop: false },
  { fps: 25, num: 25, den: 1, drop: false },
  { fps: 29.97, num: 30000, den: 1001, drop: true },
  { fps: 30, num: 30, den: 1, drop: false },
] as const;
export type Rate = (typeof RATES)[number];

/**
 * Segments with edges off frame boundaries at every rate, past the first minute and the tenth
 * (where drop-frame timecode skips and does not skip numbers), one past an hour, one short one
 * (under YouTube's 10 s), one with no text and one with text that XML, SRT and WebVTT must escape.
 */
export const SEGMENTS: Segment[] = [
  { start: 12.345, end: 17.891, text: 'Pricing starts at $10 & up', score: 0.9, streamUrl: null },
  {
    start: 61.31,
    end: 95.03,
    text: 'Plans <compared>\n  side  by side',
    score: 0.8,
    streamUrl: null,
  },
  { start: 130.01, end: 134.2, text: 'A short one', score: 0.7, streamUrl: null },
  { start: 600.52, end: 640.04, text: '', score: 0.6, streamUrl: null },
  {
    start: 3725.123,
    end: 3731.51,
    text: 'Q&A --> "questions" ünïcödé 🎬',
    score: 0.5,
    streamUrl: null,
  },
];

/** A finished clip of `segments`. */
export function makeJob(overrides: Partial<Job> = {}): Job {
  return {
    id: 'j1',
    request: {
      videoId: 'm-1',
      collectionId: 'c-1',
      prompt: 'pricing',
      contentType: 'spoken',
      modelName: 'basic',
    },
    videoName: 'Launch talk',
    status: 'done',
    progress: 100,
    stuck: false,
    tracking: true,
    favourite: false,
    segments: SEGMENTS,
    clipStreamUrl: 'https://stream.example/clip/j1.m3u8',
    clipPlayerUrl: 'https://player.example/j1',
    linksMintedAt: null,
    sourceStreamUrl: 'https://stream.example/video/m-1.m3u8',
    error: null,
    attempts: 1,
    createdAt: 0,
    updatedAt: 0,
    sentAt: 0,
    finishedAt: 0,
    ...overrides,
  };
}

/** Nearest frame to `seconds` at `rate`. */
export const frameAt = (seconds: number, rate: Rate): number =>
  Math.round((seconds * rate.num) / rate.den);

/** The expected clips: source edges in the video, and the place on the reel, in frames. */
export function expectedReel(segments: readonly Segment[], rate: Rate) {
  let record = 0;
  return segments.map((s) => {
    const first = frameAt(s.start, rate);
    const frames = frameAt(s.end, rate) - first;
    const clip = { first, frames, recordIn: record, recordOut: record + frames, text: s.text };
    record += frames;
    return clip;
  });
}
