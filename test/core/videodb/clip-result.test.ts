import { describe, expect, it } from 'vitest';
import { createVideoDbClient, VideoDbError } from '../../../app/core/videodb';
import { compileItems } from '../../../app/core/jobs/job-engine';
import type { JobRecord } from '../../../app/core/store';

// Clip results as videodb-api.md §5 and §8 describe them, parsed without a server.

const client = createVideoDbClient({ baseUrl: 'http://127.0.0.1:9', getApiKey: () => null });
const doc = (extra: Record<string, unknown> = {}) => ({
  start: 1,
  end: 2,
  text: 'a',
  score: 0.5,
  ...extra,
});

describe('clip result: segments', () => {
  it('accepts explicit null for stream_link, stream_url and player_url', () => {
    const r = client.parseClipResult({
      results: [
        {
          video_id: 'm-1',
          stream_url: null,
          docs: [
            doc({ stream_link: null, stream_url: null, player_url: null }),
            doc({ stream_link: null, stream_url: 'https://s/2.m3u8', player_url: null }),
          ],
        },
      ],
    });
    expect(r.segments.map((s) => s.streamUrl)).toEqual([null, 'https://s/2.m3u8']);
    expect(r.sourceStreamUrl).toBeNull();
  });

  it('a score the app cannot read drops that score only, not the result', () => {
    const r = client.parseClipResult({
      results: [
        {
          video_id: 'm-1',
          docs: [
            doc({ score: 'high' }),
            doc({ score: { value: 1 } }),
            doc({ score: null }),
            doc({}),
            doc({ score: '0.75' }),
          ],
        },
      ],
    });
    const d = r.segments.map((s) => s.score);
    expect(d).toEqual([null, null, null, 0.5, 0.75]);
    const missing = client.parseClipResult({
      results: [{ docs: [{ start: 1, end: 2, text: 'no score at all' }] }],
    });
    expect(missing.segments[0]!.score).toBeNull();
  });

  it('keeps the segments of several videos, each with its video and collection', () => {
    const r = client.parseClipResult({
      results: [
        { video_id: 'm-1', collection_id: 'c-1', title: 'One', docs: [doc(), doc({ start: 5 })] },
        { video_id: 'm-2', collection_id: 'c-2', title: 'Two', docs: [doc({ start: 9 })] },
      ],
    });
    expect(r.segments.map((s) => [s.videoId, s.collectionId, s.start])).toEqual([
      ['m-1', 'c-1', 1],
      ['m-1', 'c-1', 5],
      ['m-2', 'c-2', 9],
    ]);
  });

  it('a segment without readable times still fails the result (nothing to play)', () => {
    expect(() => client.parseClipResult({ results: [{ docs: [doc({ start: 'x' })] }] })).toThrow(
      VideoDbError,
    );
  });
});

describe('compiling a result of several videos', () => {
  it('compiles the shots of each video under that video, in order of first appearance', () => {
    const job = {
      request: { videoId: 'm-1', collectionId: 'c-1' },
      segments: [
        {
          start: 1,
          end: 2,
          text: '',
          score: 1,
          streamUrl: null,
          videoId: 'm-2',
          collectionId: 'c-2',
        },
        { start: 3, end: 4, text: '', score: 1, streamUrl: null },
        { start: 5, end: 6, text: '', score: null, streamUrl: null, videoId: 'm-2' },
        { start: 7, end: 8, text: '', score: 1, streamUrl: null, videoId: 'm-1' },
      ],
    } as unknown as JobRecord;
    expect(compileItems(job)).toEqual([
      {
        videoId: 'm-2',
        collectionId: 'c-2',
        shots: [
          [1, 2],
          [5, 6],
        ],
      },
      {
        videoId: 'm-1',
        collectionId: 'c-1',
        shots: [
          [3, 4],
          [7, 8],
        ],
      },
    ]);
  });
});
