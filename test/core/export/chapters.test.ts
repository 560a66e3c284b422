import { describe, expect, it } from 'vitest';
import { formatClips } from '../../../app/core/export';
import type { Segment } from '../../../app/shared/domain';
import { expectedReel, makeJob, RATES } from './fixtures';

// Issue 11 §3: YouTube chapters. YouTube reads `m:ss Title` (or `h:mm:ss`) lines and shows
// chapters when the first is at 0:00 and each lasts at least 10 seconds; these tests read the
// lines back and check those rules against the reel.

/** `0:00 Title` lines → [seconds, title]. */
function readChapters(text: string): Array<[number, string]> {
  return text.split('\n').map((line) => {
    const m = /^(?:(\d+):)?(\d{1,2}):(\d{2}) (\S.*)$/.exec(line);
    expect(m, line).not.toBeNull();
    const [, h, mm, ss, title] = m!;
    if (h !== undefined) expect(mm).toHaveLength(2);
    return [Number(h ?? 0) * 3600 + Number(mm) * 60 + Number(ss), title!];
  });
}

const seg = (start: number, end: number, text: string): Segment => ({
  start,
  end,
  text,
  score: 1,
  streamUrl: null,
});

describe('YouTube chapters', () => {
  it.each(RATES)(
    'start at 0:00, each at least 10 s, on segment starts of the reel at $fps fps',
    (rate) => {
      const segments = [
        seg(100.02, 115.51, 'Welcome'),
        seg(200.3, 203.1, 'Aside'), // 2.8 s: joins the chapter before
        seg(300.04, 340.97, 'Pricing'),
        seg(400.5, 404.44, ''), // short and without text
        seg(500, 520.02, 'Questions'),
        seg(600, 606, 'Goodbye'), // last and short: joins the chapter before
      ];
      const chapters = readChapters(
        formatClips([makeJob({ segments })], 'youtube-chapters', { fps: rate.fps }),
      );
      const reel = expectedReel(segments, rate);
      const starts = reel.map((e) => Math.floor((e.recordIn * rate.den) / rate.num));
      const end = Math.floor((reel.at(-1)!.recordOut * rate.den) / rate.num);
      expect(chapters[0]![0]).toBe(0);
      chapters.forEach(([start], i) => {
        const next = chapters[i + 1]?.[0] ?? end;
        expect(next - start).toBeGreaterThanOrEqual(10);
        if (i > 0) expect(starts).toContain(start);
      });
      expect(chapters.map(([, t]) => t)).toEqual(['Welcome', 'Pricing', 'Questions']);
      expect(chapters.map(([s]) => s)).toEqual([0, starts[2], starts[4]]);
    },
  );

  it('names a merged chapter after its longest segment with text, or "Segment n"', () => {
    const text = formatClips(
      [makeJob({ segments: [seg(0, 3, 'Hi'), seg(10, 40, 'The main part'), seg(50, 65, '')] })],
      'youtube-chapters',
    );
    expect(readChapters(text)).toEqual([
      [0, 'The main part'],
      [33, 'Segment 3'],
    ]);
  });

  it('a reel of only short segments still gets chapters of at least 10 s', () => {
    const segments = Array.from({ length: 12 }, (_, i) =>
      seg(i * 60, i * 60 + 4.31, `Part ${i + 1}`),
    );
    const chapters = readChapters(formatClips([makeJob({ segments })], 'youtube-chapters'));
    // 12 × 4.32 s (108 frames at 25 fps) = 51.84 s: a chapter every third segment, the short tail joined to the last.
    expect(chapters.map(([s]) => s)).toEqual([0, 12, 25, 38]);
    const end = 51;
    chapters.forEach(([start], i) =>
      expect((chapters[i + 1]?.[0] ?? end) - start).toBeGreaterThanOrEqual(10),
    );
  });

  it('write hours past an hour, and keep a title on one line', () => {
    const segments = [seg(0, 3700, 'Long\ntalk'), seg(4000, 4020, 'After the hour')];
    expect(readChapters(formatClips([makeJob({ segments })], 'youtube-chapters'))).toEqual([
      [0, 'Long talk'],
      [3700, 'After the hour'],
    ]);
    expect(formatClips([makeJob({ segments })], 'youtube-chapters')).toContain('1:01:40 After');
  });
});
