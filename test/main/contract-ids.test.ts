import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { calls } from '../../app/shared/contract';
import { ClipRequest } from '../../app/shared/domain';
import { SAMPLE, archiveVideoId } from '../server';

const BAD_IDS = ['.', '..', 'a/b', '%2e%2e', '', '../x', 'a b', 'a?b', 'a#b', 'a\\b', 'ü'];

const clip = (over: Record<string, unknown>) => ({
  videoId: SAMPLE.pricingTalkId,
  collectionId: SAMPLE.defaultCollectionId,
  prompt: 'pricing',
  ...over,
});

describe('contract: ids', () => {
  it('refuses ids that could fold or leave an API path, in every call that takes one', () => {
    for (const bad of BAD_IDS) {
      const inputs: Array<[string, { safeParse(v: unknown): { success: boolean } }, unknown]> = [
        [
          'get-video videoId',
          calls['library:get-video'].input,
          { videoId: bad, collectionId: 'default' },
        ],
        [
          'get-video collectionId',
          calls['library:get-video'].input,
          { videoId: SAMPLE.pricingTalkId, collectionId: bad },
        ],
        ['list-videos', calls['library:list-videos'].input, { collectionId: bad }],
        ['refresh', calls['library:refresh'].input, { collectionId: bad }],
        [
          'make-searchable',
          calls['library:make-searchable'].input,
          { videoId: bad, collectionId: 'default', kind: 'spoken' },
        ],
        ['submit videoId', calls['jobs:submit'].input, clip({ videoId: bad })],
        ['submit collectionId', calls['jobs:submit'].input, clip({ collectionId: bad })],
        ['submit sceneIndexId', calls['jobs:submit'].input, clip({ sceneIndexId: bad })],
        ['jobs:get', calls['jobs:get'].input, { id: bad }],
        ['jobs:list videoId', calls['jobs:list'].input, { videoId: bad }],
        ['jobs:delete', calls['jobs:delete'].input, { ids: [bad] }],
        ['clipboard:copy', calls['clipboard:copy'].input, { jobIds: [bad] }],
      ];
      for (const [name, schema, input] of inputs)
        expect(schema.safeParse(input).success, `${name} ${JSON.stringify(bad)}`).toBe(false);
    }
  });

  it('says what is wrong in plain words', () => {
    const r = ClipRequest.safeParse(clip({ videoId: '..' }));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe(
      'That id is not valid: only letters, digits, - and _ are allowed.',
    );
  });

  it('accepts every id shape the API and the seeded library use', () => {
    const videos = Object.entries(SAMPLE)
      .filter(([k, v]) => /Id$/.test(k) && typeof v === 'string')
      .map(([, v]) => v as string);
    expect(videos.length).toBeGreaterThan(10);
    const ids = [
      ...videos,
      archiveVideoId(0),
      archiveVideoId(5199),
      'default',
      'm-z-0190f5a2-7c3e-7d41-9a6b-3c2d1e0f9a8b',
      'a-1b2c',
      'img-1b2c',
      'ffffffffffffffff',
      randomUUID(),
    ];
    for (const id of ids) {
      expect(calls['jobs:get'].input.safeParse({ id }).success, id).toBe(true);
      expect(
        calls['library:get-video'].input.safeParse({ videoId: id, collectionId: id }).success,
        id,
      ).toBe(true);
      expect(ClipRequest.safeParse(clip({ videoId: id, sceneIndexId: id })).success, id).toBe(true);
    }
  });
});
