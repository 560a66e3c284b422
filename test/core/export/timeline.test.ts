import Timecode from 'smpte-timecode';
import { describe, expect, it } from 'vitest';
import {
  buildReel,
  fcpxmlTime,
  frameRate,
  secondsToFrames,
  timecode,
  toMediaUrl,
} from '../../../app/core/export';
import { expectedReel, makeJob, RATES, SEGMENTS } from './fixtures';

// Issue 11 §3: the reel behind every editor export, and its timecode, checked against
// smpte-timecode (an independent SMPTE implementation, drop-frame included).

describe('editor exports: the reel', () => {
  it.each(RATES)('knows $fps fps as an exact fraction', (rate) => {
    expect(frameRate(rate.fps)).toEqual({ num: rate.num, den: rate.den });
  });

  it('reads 23.976 and 59.94 as NTSC rates and refuses nonsense', () => {
    expect(frameRate(23.976)).toEqual({ num: 24000, den: 1001 });
    expect(frameRate(59.94)).toEqual({ num: 60000, den: 1001 });
    expect(() => frameRate(0)).toThrow(/frame rate/);
    expect(() => frameRate(27.3)).toThrow(/not supported/);
  });

  it.each(RATES)('writes timecode as SMPTE does at $fps fps', (rate) => {
    const r = { num: rate.num, den: rate.den };
    const base = Math.round(rate.num / rate.den);
    // Every frame around the first minute, the tenth, and an hour, and a spread in between.
    const frames = new Set<number>();
    for (const around of [0, base * 60, base * 600, base * 3600, base * 86_000])
      for (let d = -40; d <= 40; d++) if (around + d >= 0) frames.add(around + d);
    for (let f = 0; f < 200_000; f += 977) frames.add(f);
    for (const f of frames) {
      const tc = timecode(f, r);
      const independent = Timecode(f, [rate.num, rate.den], rate.drop);
      expect(tc, `frame ${f}`).toBe(independent.toString());
      // And back: the string names that frame.
      expect(Timecode(tc, [rate.num, rate.den], rate.drop).frameCount).toBe(f);
    }
  });

  it('writes FCPXML times as rational seconds on frame boundaries', () => {
    expect(fcpxmlTime(1, { num: 30000, den: 1001 })).toBe('1001/30000s');
    expect(fcpxmlTime(30, { num: 30000, den: 1001 })).toBe('30030/30000s');
    expect(fcpxmlTime(50, { num: 25, den: 1 })).toBe('2s');
    expect(fcpxmlTime(0, { num: 24, den: 1 })).toBe('0s');
  });

  it.each(RATES)(
    'lays the segments end to end on whole frames at $fps fps, edges to the nearest frame',
    (rate) => {
      const reel = buildReel([makeJob({ clipStreamUrl: null })], { fps: rate.fps });
      const expected = expectedReel(SEGMENTS, rate);
      // The whole video's stream: each clip starts at its segment's own start.
      expect(reel.clips.map((c) => [c.sourceIn, c.frames, c.recordIn])).toEqual(
        expected.map((e) => [e.first, e.frames, e.recordIn]),
      );
      expect(reel.frames).toBe(expected.at(-1)!.recordOut);
      expect(reel.media.map((m) => m.covers)).toEqual(['source']);
      // The compiled clip's stream: each clip sits in it where it sits on the reel.
      const compiled = buildReel([makeJob()], { fps: rate.fps });
      expect(compiled.clips.map((c) => c.sourceIn)).toEqual(expected.map((e) => e.recordIn));
      expect(compiled.media[0]).toMatchObject({ covers: 'reel', frames: compiled.frames });
    },
  );

  it('rounds an edge to the nearer frame and leaves out a segment shorter than half a frame', () => {
    const rate = { num: 25, den: 1 };
    expect(secondsToFrames(1.019, rate)).toBe(25);
    expect(secondsToFrames(1.021, rate)).toBe(26);
    const reel = buildReel(
      [
        makeJob({
          segments: [
            { start: 1, end: 1.01, text: 'blink', score: 1, streamUrl: null },
            { start: 2, end: 3, text: 'kept', score: 1, streamUrl: null },
          ],
        }),
      ],
      { fps: 25 },
    );
    expect(reel.clips.map((c) => [c.text, c.frames, c.recordIn])).toEqual([['kept', 25, 0]]);
  });

  it('refers to the downloaded MP4 when there is one, as a file URL on any OS', () => {
    expect(toMediaUrl('/home/ana/Movies/My clip #1.mp4')).toEqual({
      url: 'file:///home/ana/Movies/My%20clip%20%231.mp4',
      local: true,
    });
    expect(toMediaUrl('C:\\Users\\Ana\\Videos\\clip.mp4').url).toBe(
      'file:///C:/Users/Ana/Videos/clip.mp4',
    );
    expect(toMediaUrl('https://cdn.example/x.mp4')).toEqual({
      url: 'https://cdn.example/x.mp4',
      local: false,
    });
    const reel = buildReel([makeJob()], { media: { j1: '/tmp/clip.mp4' } });
    expect(reel.media[0]).toMatchObject({
      url: 'file:///tmp/clip.mp4',
      covers: 'reel',
      local: true,
    });
  });

  it('needs media for a timeline: a clip with no stream and segments of another video is not ready', () => {
    const job = makeJob({
      clipStreamUrl: null,
      segments: [{ ...SEGMENTS[0]!, videoId: 'm-2' }],
    });
    expect(() => buildReel([job])).toThrow('This clip is not ready yet.');
    // Subtitles and chapters need no media.
    expect(buildReel([job], {}, false).clips).toHaveLength(1);
  });

  it('makes one reel of several clips, each cut from its own media', () => {
    const a = makeJob();
    const b = makeJob({
      id: 'j2',
      clipStreamUrl: 'https://stream.example/clip/j2.m3u8',
      segments: SEGMENTS.slice(0, 2),
    });
    const rate = RATES[1];
    const reel = buildReel([a, b], { fps: rate.fps });
    const first = expectedReel(SEGMENTS, rate);
    const second = expectedReel(SEGMENTS.slice(0, 2), rate);
    const total = first.at(-1)!.recordOut;
    expect(reel.media.map((m) => m.url)).toEqual([a.clipStreamUrl, b.clipStreamUrl]);
    expect(reel.clips.slice(5).map((c) => [c.media.url, c.sourceIn, c.recordIn])).toEqual(
      second.map((e) => [b.clipStreamUrl, e.recordIn, total + e.recordIn]),
    );
  });
});
