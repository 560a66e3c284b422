import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from './helpers';
import { SAMPLE, startServer, type RunningServer } from './index';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('media served by the local server (no auth)', () => {
  it('serves a playable HLS playlist whose segments all exist', async () => {
    const api = client(server);
    const v = (await api.get(`/video/${SAMPLE.pricingTalkId}`)).json.data;
    for (const url of [
      v.stream_url as string,
      (await api.post('/compile', [{ video_id: v.id, shots: [[0, 4]] }])).json.data
        .stream_url as string,
    ]) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const playlist = await res.text();
      expect(playlist.startsWith('#EXTM3U')).toBe(true);
      expect(playlist).toContain('#EXT-X-ENDLIST');
      const segments = playlist.split('\n').filter((l) => l && !l.startsWith('#'));
      expect(segments.length).toBeGreaterThanOrEqual(2);
      for (const s of segments) {
        const seg = await fetch(new URL(s, url));
        expect(seg.status).toBe(200);
        expect(seg.headers.get('content-type')).toBe('video/mp2t');
        const bytes = new Uint8Array(await seg.arrayBuffer());
        expect(bytes.length).toBeGreaterThan(1000);
        expect(bytes[0]).toBe(0x47); // MPEG-TS sync byte
      }
    }
  });

  it('unknown media is a 404', async () => {
    expect((await fetch(`${server.url}/media/stream/abc/segment-999.m2ts`)).status).toBe(404);
  });

  it('serves a distinct SVG thumbnail per video', async () => {
    const a = await fetch(`${server.url}/thumbnails/${SAMPLE.pricingTalkId}.svg`);
    const b = await fetch(`${server.url}/thumbnails/${SAMPLE.acmeDemoId}.svg`);
    expect(a.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const [sa, sb] = [await a.text(), await b.text()];
    expect(sa).toContain('<svg');
    expect(sa).toContain('Pricing Strategy');
    expect(sa).not.toBe(sb);
    expect((await fetch(`${server.url}/thumbnails/m-nope.svg`)).status).toBe(404);
  });

  it('serves the player page and hls.js', async () => {
    const page = await fetch(
      `${server.url}/player?url=${encodeURIComponent(`${server.url}/media/video/x/index.m3u8`)}`,
    );
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<video');
    const js = await fetch(`${server.url}/player/hls.min.js`);
    expect(js.status).toBe(200);
  });
});
