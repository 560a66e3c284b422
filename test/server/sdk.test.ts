import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, connect } from 'videodb';
import { SAMPLE, startServer, type RunningServer } from './index';

// The official Node SDK (v0.2.0) against the local server. The SDK polls every 5 s after the
// first poll, so jobs take 0 ms here: the first poll already sees them done.
describe('official videodb SDK against the local server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ jobDurationMs: 0 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists collections and videos, gets a video, clips and compiles', async () => {
    const conn = connect(server.apiKey, server.url);
    const collections = await conn.getCollections();
    expect(collections.map((c) => c.name)).toEqual([
      'Default Collection',
      'Conference Talks',
      'Customer Calls',
      'Archive',
    ]);

    const def = await conn.getCollection();
    expect(def.id).toBe(SAMPLE.defaultCollectionId);
    const videos = await def.getVideos();
    expect(videos.length).toBe(SAMPLE.videoCounts.default);
    expect(videos.map((v) => v.name)).toContain(SAMPLE.pricingTalkName);

    const video = await def.getVideo(SAMPLE.pricingTalkId);
    expect(video.name).toBe(SAMPLE.pricingTalkName);
    expect(Number(video.length)).toBeGreaterThan(120);
    expect(video.streamUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/video\/.+\.m3u8$/);

    // Video.clip exists in 0.2.0: POST /video/{id}/clip, then it polls output_url itself.
    const result = await video.clip('raising prices for existing customers', 'spoken', 'basic');
    expect(result.shots.length).toBeGreaterThan(0);
    const top = result.shots[0]!;
    expect(top.text).toMatch(/raising prices for existing customers/);
    expect(top.searchScore).toBeGreaterThan(0.5);
    expect(top.videoId).toBe(SAMPLE.pricingTalkId);

    const stream = await result.compile();
    expect(stream).toMatch(/\/media\/stream\/[0-9a-f]{16}\/index\.m3u8/);
    const playlist = await fetch(stream!);
    expect(playlist.status).toBe(200);
    expect(await playlist.text()).toContain('#EXTM3U');

    const shotStream = await top.generateStream();
    expect(shotStream).toContain('/media/stream/');
  });

  it('reads scene indexes and transcripts through the SDK', async () => {
    const conn = connect(server.apiKey, server.url);
    const video = await (await conn.getCollection()).getVideo(SAMPLE.knifeSkillsId);
    const indexes = await video.listSceneIndex();
    expect(indexes.length).toBeGreaterThan(0);
    const transcript = await video.getTranscript();
    expect(JSON.stringify(transcript)).toContain('knife skills');
  });

  it('maps a bad key to the SDK authentication error', async () => {
    const conn = connect('sk-wrong', server.url);
    await expect(conn.getCollections()).rejects.toBeInstanceOf(AuthenticationError);
  });
});
