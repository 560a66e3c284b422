import { describe, expect, it } from 'vitest';
import { formatClips } from '../../app/core/export';
import type { Job } from '../../app/shared/domain';

// Issue 9 §2: exports of a result that spans several videos, with a score VideoDB sent unreadable.

const job: Job = {
  id: 'j1',
  request: {
    videoId: 'm-1',
    collectionId: 'c-1',
    prompt: 'pricing',
    contentType: 'spoken',
    modelName: 'basic',
  },
  videoName: 'Talk',
  status: 'done',
  progress: 100,
  stuck: false,
  tracking: true,
  favourite: false,
  segments: [
    { start: 1, end: 2, text: 'own video', score: 0.5, streamUrl: null },
    { start: 3, end: 4, text: 'other video', score: null, streamUrl: null, videoId: 'm-2' },
  ],
  clipStreamUrl: 'https://stream.example/clip.m3u8',
  clipPlayerUrl: null,
  linksMintedAt: null,
  sourceStreamUrl: null,
  error: null,
  attempts: 1,
  createdAt: 0,
  updatedAt: 0,
  sentAt: 0,
  finishedAt: 0,
};

describe('export: segments of several videos', () => {
  it('json names each segment’s video and keeps an unknown score as null', () => {
    const [clip] = JSON.parse(formatClips([job], 'json'));
    expect(
      clip.segments.map((s: { videoId: string; score: unknown }) => [s.videoId, s.score]),
    ).toEqual([
      ['m-1', 0.5],
      ['m-2', null],
    ]);
  });

  it('csv puts each segment’s own video in video_id and leaves an unknown score empty', () => {
    const rows = formatClips([job], 'csv').trimEnd().split('\r\n');
    const header = rows[0]!.split(',');
    const cells = rows.slice(1).map((r) => r.split(','));
    const col = (name: string) => cells.map((c) => c[header.indexOf(name)]);
    expect(col('video_id')).toEqual(['m-1', 'm-2']);
    expect(col('score')).toEqual(['0.5', '']);
  });
});
