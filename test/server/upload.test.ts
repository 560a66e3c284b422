/**
 * The local server's uploads (videodb-api.md §8): upload_url → the presigned target (one
 * multipart POST as the SDKs send it, or a resumable session of PUT pieces) → `/upload` registers
 * the file (or a public URL) as a new, transcript-free video of the collection.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { client } from './helpers';
import { SAMPLE, startServer, type RunningServer } from './index';

let server: RunningServer;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  server = await startServer({ jobDurationMs: 200, media: false });
  api = client(server);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.control.reset({ state: true });
});

const FILE = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31 + 7) % 256));

async function uploadUrl(name = 'Team offsite'): Promise<string> {
  const a = await api.get(
    `/collection/${SAMPLE.talksCollectionId}/upload_url?name=${encodeURIComponent(name)}`,
  );
  expect(a.status).toBe(200);
  const url = a.json.data.upload_url as string;
  expect(url.startsWith(`${server.url}/upload-target/`)).toBe(true);
  return url;
}

async function waitForJob(outputUrl: string): Promise<Record<string, unknown>> {
  const path = new URL(outputUrl).pathname;
  for (let i = 0; i < 100; i++) {
    const a = await api.get(path);
    if (a.json.status !== 'processing') return a.json as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the job did not end');
}

describe('uploads on the local server', () => {
  it('takes one multipart POST (as the SDKs send it) and registers it as a new video', async () => {
    const url = await uploadUrl();
    const form = new FormData();
    form.set('file', new Blob([FILE]), 'offsite.mp4');
    const sent = await fetch(url, { method: 'POST', body: form });
    expect(sent.status).toBe(200);
    expect(server.control.uploadTargets()[0]?.bytes.equals(FILE)).toBe(true);

    const before = await api.get(`/video?collection_id=${SAMPLE.talksCollectionId}`);
    const reg = await api.post(`/collection/${SAMPLE.talksCollectionId}/upload`, {
      url,
      name: 'Team offsite',
    });
    expect(reg.status).toBe(200);
    const done = await waitForJob(reg.json.data.output_url as string);
    const media = (done['data'] ??
      (done['response'] as { data: unknown } | undefined)?.data) as Record<string, unknown>;
    expect(media['id']).toMatch(/^m-/);
    expect(media['name']).toBe('Team offsite');
    expect(media['collection_id']).toBe(SAMPLE.talksCollectionId);

    const after = await api.get(`/video?collection_id=${SAMPLE.talksCollectionId}`);
    expect(after.json.data.videos.length).toBe(before.json.data.videos.length + 1);
    // Transcript-free: searchable by nothing until someone indexes it.
    const clip = await api.post(`/video/${media['id'] as string}/clip`, {
      prompt: 'anything',
      content_type: 'spoken',
    });
    expect(clip.status).toBe(200);
    const failed = await waitForJob(clip.json.data.output_url as string);
    expect(JSON.stringify(failed)).toMatch(/not indexed/);
  });

  it('keeps the bytes of a resumable session across a cut and continues from there', async () => {
    const url = await uploadUrl();
    const total = FILE.length;
    // Nothing yet: the status query answers 308 with no Range.
    const empty = await fetch(url, {
      method: 'PUT',
      headers: { 'content-range': `bytes */${total}` },
    });
    expect(empty.status).toBe(308);
    expect(empty.headers.get('range')).toBeNull();

    server.control.set({ uploadCutAfterBytes: 100_000 });
    await expect(
      fetch(url, {
        method: 'PUT',
        headers: { 'content-range': `bytes 0-${total - 1}/${total}` },
        body: FILE,
      }),
    ).rejects.toThrow();
    server.control.set({ uploadCutAfterBytes: null });

    const asked = await fetch(url, {
      method: 'PUT',
      headers: { 'content-range': `bytes */${total}` },
    });
    expect(asked.status).toBe(308);
    expect(asked.headers.get('range')).toBe('bytes=0-99999');
    // A piece that does not start where the upload stands is refused.
    const wrong = await fetch(url, {
      method: 'PUT',
      headers: { 'content-range': `bytes 5-${total - 1}/${total}` },
      body: FILE.subarray(5),
    });
    expect(wrong.status).toBe(400);
    const rest = await fetch(url, {
      method: 'PUT',
      headers: { 'content-range': `bytes 100000-${total - 1}/${total}` },
      body: FILE.subarray(100_000),
    });
    expect(rest.status).toBe(200);
    const t = server.control.uploadTargets()[0]!;
    expect(t.complete).toBe(true);
    expect(t.bytes.equals(FILE)).toBe(true);
  });

  it('a plain target refuses PUT, and an incomplete upload cannot be registered', async () => {
    server.control.set({ uploadTarget: 'plain' });
    const url = await uploadUrl();
    const put = await fetch(url, { method: 'PUT', headers: { 'content-range': 'bytes */10' } });
    expect(put.status).toBe(405);
    const reg = await api.post(`/collection/${SAMPLE.talksCollectionId}/upload`, { url });
    expect(reg.status).toBe(400);
    expect(reg.json.message).toMatch(/not complete/);
  });

  it('registers a public URL, once: the same URL again names the existing id', async () => {
    server.control.set({ uploadAnswer: 'direct' });
    const link = 'https://media.example/recordings/all-hands.mp4';
    const first = await api.post(`/collection/${SAMPLE.talksCollectionId}/upload`, { url: link });
    expect(first.status).toBe(200);
    expect(first.json.data.name).toBe('all-hands');
    const again = await api.post(`/collection/${SAMPLE.talksCollectionId}/upload`, { url: link });
    expect(again.status).toBe(400);
    expect(again.json.message).toBe(
      `Media already exists with id ${first.json.data.id as string} `,
    );
    const audio = await api.post(`/collection/${SAMPLE.talksCollectionId}/upload`, {
      url: 'https://media.example/a.mp3',
      media_type: 'audio',
    });
    expect(audio.json.data.id).toMatch(/^a-/);
  });
});
