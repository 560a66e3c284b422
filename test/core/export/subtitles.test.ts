import { parseSync } from 'subtitle';
import { WebVTTParser } from 'webvtt-parser';
import entities from 'webvtt-parser/html-entities.json';
import { describe, expect, it } from 'vitest';
import { formatClips } from '../../../app/core/export';
import { expectedReel, makeJob, RATES, SEGMENTS, type Rate } from './fixtures';

// Issue 11 §3: SRT and WebVTT of the segments' texts, read back by `subtitle` (SRT and VTT) and
// `webvtt-parser` (the W3C validator's parser), timed on the reel to the frame.

/** The frame a time in milliseconds falls on, and how far it is from that frame's start. */
function frameOfMs(ms: number, rate: Rate) {
  const frame = Math.round((ms * rate.num) / (1000 * rate.den));
  return { frame, off: Math.abs(ms - (frame * 1000 * rate.den) / rate.num) };
}

/** The expected cues: one per segment with text, on the reel. */
function expectedCues(rate: Rate) {
  return expectedReel(SEGMENTS, rate)
    .filter((e) => e.text.trim() !== '')
    .map((e) => ({ ...e, text: e.text.replace(/\s+/g, ' ').trim() }));
}

describe.each(RATES)('subtitles at $fps fps', (rate) => {
  const job = makeJob();
  const cues = expectedCues(rate);

  it('SRT: every cue parses back, on its segment’s reel frames, with its text', () => {
    const srt = formatClips([job], 'srt', { fps: rate.fps });
    const nodes = parseSync(srt);
    expect(nodes.every((n) => n.type === 'cue')).toBe(true);
    const parsed = nodes.map((n) => n.data as { start: number; end: number; text: string });
    expect(parsed).toHaveLength(cues.length);
    parsed.forEach((p, i) => {
      const e = cues[i]!;
      const start = frameOfMs(p.start, rate);
      const end = frameOfMs(p.end, rate);
      expect([start.frame, end.frame]).toEqual([e.recordIn, e.recordOut]);
      // Milliseconds are as near the frame's start as milliseconds can be.
      expect(Math.max(start.off, end.off)).toBeLessThanOrEqual(0.5);
      // An arrow in the text would read as a timing line: it is written as one character.
      expect(p.text.replace(/\n/g, ' ')).toBe(e.text.replace(/-->/g, '→'));
    });
    // Cues are numbered from 1, with a blank line after each.
    expect(
      srt
        .split('\n\n')
        .filter(Boolean)
        .map((b) => b.split('\n')[0]),
    ).toEqual(cues.map((_, i) => String(i + 1)));
  });

  it('WebVTT: valid for the W3C parser, same cues, text unescaped back exactly', () => {
    const vtt = formatClips([job], 'vtt', { fps: rate.fps });
    const tree = new WebVTTParser(entities).parse(vtt, 'metadata');
    expect(tree.errors).toEqual([]);
    expect(tree.cues).toHaveLength(cues.length);
    tree.cues.forEach((c, i) => {
      const e = cues[i]!;
      const start = frameOfMs(c.startTime * 1000, rate);
      const end = frameOfMs(c.endTime * 1000, rate);
      expect([start.frame, end.frame]).toEqual([e.recordIn, e.recordOut]);
      const text = c.tree.children.map((n) => n.value ?? '').join('');
      expect(text.replace(/\n/g, ' ')).toBe(e.text);
    });
    // A second parser agrees on the times.
    const nodes = parseSync(vtt);
    expect(nodes[0]).toEqual({ type: 'header', data: 'WEBVTT' });
    const other = nodes.slice(1).map((n) => n.data as { start: number; end: number });
    expect(other.map((o) => [o.start, o.end])).toEqual(
      tree.cues.map((c) => [Math.round(c.startTime * 1000), Math.round(c.endTime * 1000)]),
    );
  });
});

describe('subtitles: text', () => {
  it('wraps a long text in lines of about 42 characters, never a blank line inside a cue', () => {
    const long = 'word '.repeat(40).trim();
    const job = makeJob({
      segments: [{ start: 0, end: 10, text: long, score: 1, streamUrl: null }],
    });
    const srt = formatClips([job], 'srt');
    const [cue] = parseSync(srt).map((n) => n.data as { text: string });
    const lines = cue!.text.split('\n');
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.every((l) => l.length > 0 && l.length <= 42)).toBe(true);
    expect(lines.join(' ')).toBe(long);
  });

  it('several clips make one reel: the second clip’s cues follow the first’s', () => {
    const a = makeJob();
    const b = makeJob({ id: 'j2', segments: SEGMENTS.slice(0, 1) });
    const rate = RATES[0];
    const all = expectedReel([...SEGMENTS, SEGMENTS[0]!], rate).filter((e) => e.text !== '');
    const parsed = parseSync(formatClips([a, b], 'srt', { fps: rate.fps })).map(
      (n) => n.data as { start: number },
    );
    expect(parsed.map((p) => frameOfMs(p.start, rate).frame)).toEqual(all.map((e) => e.recordIn));
  });
});
