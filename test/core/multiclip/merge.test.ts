/** Issue 12 §1/§3: merge and overlap rules on hand-made segments. */
import { describe, expect, it } from 'vitest';
import {
  breakdown,
  formatMultiClip,
  mergeOverlaps,
  overlapIoU,
  rankAcross,
  reelOf,
  type ChildAnswer,
} from '../../../app/core/multiclip';
import type { Segment } from '../../../app/shared/domain';

const seg = (start: number, end: number, score: number | null, text = `${start}`): Segment => ({
  start,
  end,
  score,
  text,
  streamUrl: null,
});
const child = (videoId: string, segments: Segment[]): ChildAnswer => ({
  videoId,
  collectionId: 'c-1',
  videoName: `Video ${videoId}`,
  segments,
});

describe('merging one video’s segments', () => {
  it('merges overlapping and touching segments, keeps the best score and every distinct text', () => {
    const merged = mergeOverlaps(
      child('m-a', [
        seg(30, 40, 0.4, 'c'),
        seg(10, 20, 0.5, 'a'),
        seg(19, 25, 0.9, 'b'),
        seg(25.2, 26, 0.1, 'b'),
      ]),
    );
    expect(merged).toEqual([
      expect.objectContaining({ start: 10, end: 26, score: 0.9, text: 'a … b', merged: 3 }),
      expect.objectContaining({ start: 30, end: 40, score: 0.4, text: 'c', merged: 1 }),
    ]);
  });

  it('keeps segments apart when the gap is wider than a quarter second; drops empty ones', () => {
    const merged = mergeOverlaps(child('m-a', [seg(0, 5, 0.2), seg(5.3, 6, 0.3), seg(7, 7, 1)]));
    expect(merged.map((s) => [s.start, s.end])).toEqual([
      [0, 5],
      [5.3, 6],
    ]);
  });

  it('an unknown score never beats a known one, and stays unknown alone', () => {
    expect(mergeOverlaps(child('m-a', [seg(0, 5, null), seg(4, 6, 0.3)]))[0]!.score).toBe(0.3);
    expect(mergeOverlaps(child('m-a', [seg(0, 5, null)]))[0]!.score).toBeNull();
  });
});

describe('one ranked list across videos', () => {
  const children = [
    child('m-a', [seg(10, 20, 0.5), seg(50, 60, 0.95)]),
    child('m-b', [seg(5, 8, 0.95), seg(100, 110, null)]),
    child('m-c', []),
  ];

  it('ranks by score, then by the order the videos were given, then by time; unknown scores last', () => {
    expect(rankAcross(children).map((s) => [s.videoId, s.start, s.score])).toEqual([
      ['m-a', 50, 0.95],
      ['m-b', 5, 0.95],
      ['m-a', 10, 0.5],
      ['m-b', 100, null],
    ]);
  });

  it('breaks the answer down per video, best first; a video with no segments is not listed', () => {
    expect(breakdown(rankAcross(children))).toEqual([
      { videoId: 'm-a', videoName: 'Video m-a', segments: 2, bestScore: 0.95, seconds: 20 },
      { videoId: 'm-b', videoName: 'Video m-b', segments: 2, bestScore: 0.95, seconds: 13 },
    ]);
  });

  it('builds the reel of the top N in rank order, one compile item per run of the same video', () => {
    const ranked = rankAcross([
      child('m-a', [seg(0, 1, 0.9), seg(10, 11, 0.8)]),
      child('m-b', [seg(0, 1, 0.7)]),
      child('m-a2', [seg(3, 4, 0.1)]),
    ]);
    expect(reelOf(ranked, 3)).toEqual([
      {
        videoId: 'm-a',
        collectionId: 'c-1',
        shots: [
          [0, 1],
          [10, 11],
        ],
      },
      { videoId: 'm-b', collectionId: 'c-1', shots: [[0, 1]] },
    ]);
    expect(reelOf(ranked, 0)).toEqual([]);
  });
});

describe('overlap between runs (intersection over union of time ranges)', () => {
  it('is 1 for the same ranges, 0 for disjoint ones, and the shared share otherwise', () => {
    const a = [{ start: 0, end: 10 }];
    expect(overlapIoU(a, a)).toBe(1);
    expect(overlapIoU(a, [{ start: 10, end: 20 }])).toBe(0);
    expect(overlapIoU(a, [{ start: 5, end: 15 }])).toBeCloseTo(5 / 15);
    // Overlaps inside one run count once.
    expect(
      overlapIoU(
        [
          { start: 0, end: 10 },
          { start: 2, end: 8 },
        ],
        [{ start: 0, end: 10 }],
      ),
    ).toBe(1);
    expect(overlapIoU([], [])).toBe(0);
  });
});

describe('copying a multi-clip', () => {
  const detail = {
    id: 'mc-1',
    prompt: 'pricing',
    contentType: 'spoken' as const,
    modelName: 'basic' as const,
    scopeCollectionId: null,
    createdAt: 0,
    narrowed: false,
    skipped: 0,
    children: [],
    counts: { total: 2, answered: 2, failed: 0, running: 0, uncertain: 0, preparing: 0 },
    reel: { topN: 2, streamUrl: 'https://stream.example/reel.m3u8', playerUrl: null, mintedAt: 0 },
    breakdown: [],
    segments: [
      {
        videoId: 'm-a',
        collectionId: 'c',
        videoName: 'Talk',
        start: 65,
        end: 70.5,
        score: 0.91,
        text: 'raise prices',
        merged: 1,
      },
      {
        videoId: 'm-b',
        collectionId: 'c',
        videoName: '=Q3 call',
        start: 5,
        end: 9,
        score: null,
        text: '',
        merged: 2,
      },
    ],
  };

  it('writes Markdown with the reel, each moment ranked with its video, time and score', () => {
    expect(formatMultiClip(detail, 'markdown')).toBe(
      [
        '## “pricing” across 2 videos',
        '',
        `[Reel of the top 2](https://console.videodb.io/player?url=${encodeURIComponent('https://stream.example/reel.m3u8')})`,
        '',
        '1. **Talk** 1:05–1:10 (91%) — raise prices',
        '2. **=Q3 call** 0:05–0:09 (—)',
        '',
      ].join('\n'),
    );
  });

  it('writes CSV that a spreadsheet cannot run as a formula, and refuses a reel link before the reel', () => {
    const csv = formatMultiClip(detail, 'csv');
    expect(csv.split('\r\n')[2]).toBe(`2,"'=Q3 call",m-b,5,9,,`);
    expect(() => formatMultiClip({ ...detail, reel: null }, 'reel-link')).toThrow(
      /Make the reel first/,
    );
    expect(JSON.parse(formatMultiClip(detail, 'json')).moments).toHaveLength(2);
  });
});
