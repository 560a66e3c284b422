import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiPath, VideoDbError, type VideoDbClient } from '../../../app/core/videodb';
import { SAMPLE, archiveVideoId, type RunningServer } from '../../server';
import { serverAndClient } from './helpers';

// `.` and `..` fold a path (`/video/..` → `/`); the others leave or bend it.
const BAD_IDS = ['.', '..', 'a/b', '%2e%2e', '', '../collection', 'a b', 'a?b', 'a#b', 'a\\b'];

let server: RunningServer;
let client: VideoDbClient;
let closeAll: () => Promise<void>;

beforeAll(async () => {
  const s = await serverAndClient();
  server = s.server;
  closeAll = s.closeAll;
  client = s.client();
});
afterAll(async () => closeAll());
beforeEach(() => server.control.reset({ state: true }));

describe('videodb client: ids in API paths', () => {
  it('apiPath encodes valid ids and refuses anything that could fold or leave the path', () => {
    expect(apiPath`/video/${SAMPLE.pricingTalkId}/clip`).toBe(
      `/video/${SAMPLE.pricingTalkId}/clip`,
    );
    expect(apiPath`/video/${'m-z-0190_ab'}/index/scene/${'ffffffffffffffff'}`).toBe(
      '/video/m-z-0190_ab/index/scene/ffffffffffffffff',
    );
    for (const id of [...BAD_IDS, 42, null, undefined]) {
      let thrown: unknown = null;
      try {
        void apiPath`/video/${id}`;
      } catch (err) {
        thrown = err;
      }
      expect(thrown, String(id)).toBeInstanceOf(VideoDbError);
      expect((thrown as VideoDbError).code).toBe('validation');
      expect((thrown as VideoDbError).message).toMatch(/not valid/);
    }
  });

  it('every method refuses a bad id before anything is sent, even when called directly', async () => {
    const C = SAMPLE.defaultCollectionId;
    for (const bad of BAD_IDS) {
      const calls: Array<[string, () => Promise<unknown>]> = [
        ['getVideo', () => client.getVideo(bad, C)],
        ['listSceneIndexes', () => client.listSceneIndexes(bad)],
        ['getTranscript', () => client.getTranscript(bad)],
        ['indexSpokenWords', () => client.indexSpokenWords(bad)],
        ['indexScenes', () => client.indexScenes(bad)],
        [
          'clip',
          () => client.clip(bad, { prompt: 'pricing', contentType: 'spoken', modelName: 'basic' }),
        ],
        ['streamSegments', () => client.streamSegments(bad, [[1, 2]])],
      ];
      for (const [name, call] of calls) {
        const err = await call().then(
          () => null,
          (e: unknown) => e,
        );
        expect(err, `${name}(${JSON.stringify(bad)})`).toBeInstanceOf(VideoDbError);
        expect((err as VideoDbError).code, `${name}(${JSON.stringify(bad)})`).toBe('validation');
        expect((err as VideoDbError).ambiguous).toBeFalsy();
      }
    }
    expect(server.control.requests()).toEqual([]);
  });

  it('real ids of the seeded library still work', async () => {
    const v = await client.getVideo(SAMPLE.pricingTalkId, SAMPLE.defaultCollectionId);
    expect(v.id).toBe(SAMPLE.pricingTalkId);
    const scenes = await client.listSceneIndexes(SAMPLE.pricingTalkId);
    expect(scenes.map((s) => s.id)).toContain(SAMPLE.pricingTalkShotsIndexId);
    const archived = await client.getVideo(archiveVideoId(5199), SAMPLE.archiveCollectionId);
    expect(archived.id).toBe(archiveVideoId(5199));
  });
});
