import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Job } from '../../app/shared/domain';
import { formatClips, formatTimestamp, playerLinkFor } from '../../app/core';
import { csvField } from '../../app/core/export/format-clips';
import { startServer, SAMPLE, type RunningServer } from '../server';
import { makeCore, tempDataDir, waitFor, type TestCore } from './fixtures/harness';

const job = (over: Partial<Job> = {}): Job => ({
  id: 'j1',
  request: {
    videoId: 'm-1',
    collectionId: 'c-1',
    prompt: 'price, "tiers"',
    contentType: 'spoken',
    modelName: 'basic',
  },
  videoName: 'Talk [2024]',
  status: 'done',
  progress: 100,
  stuck: false,
  tracking: true,
  favourite: false,
  segments: [
    {
      start: 12.4,
      end: 45,
      text: 'first, with "quotes"\nand a newline',
      score: 0.9,
      streamUrl: null,
    },
    { start: 3725, end: 3790.9, text: 'late', score: 0.5, streamUrl: 'https://s/seg.m3u8' },
  ],
  clipStreamUrl: 'https://stream.example/clip.m3u8',
  clipPlayerUrl: null,
  linksMintedAt: null,
  sourceStreamUrl: null,
  error: null,
  attempts: 1,
  createdAt: Date.UTC(2025, 0, 1),
  updatedAt: Date.UTC(2025, 0, 1),
  sentAt: null,
  finishedAt: null,
  ...over,
});

describe('clipboard formats', () => {
  it('formats timestamps as m:ss or h:mm:ss', () => {
    expect(formatTimestamp(0)).toBe('0:00');
    expect(formatTimestamp(12.9)).toBe('0:12');
    expect(formatTimestamp(75)).toBe('1:15');
    expect(formatTimestamp(3725)).toBe('1:02:05');
  });

  it('player and stream links, one line per job', () => {
    const a = job();
    const b = job({
      id: 'j2',
      clipPlayerUrl: 'https://player/x',
      clipStreamUrl: 'https://s/b.m3u8',
    });
    expect(formatClips([a, b], 'player-link')).toBe(
      `${playerLinkFor('https://stream.example/clip.m3u8')}\nhttps://player/x`,
    );
    expect(formatClips([a, b], 'stream-link')).toBe(
      'https://stream.example/clip.m3u8\nhttps://s/b.m3u8',
    );
  });

  it('markdown: a list item per job with nested timestamped segments', () => {
    expect(formatClips([job()], 'markdown')).toBe(
      [
        `- [price, "tiers" — Talk \\[2024\\]](${playerLinkFor('https://stream.example/clip.m3u8')})`,
        '  - 0:12–0:45 first, with "quotes" and a newline',
        '  - 1:02:05–1:03:10 late',
      ].join('\n'),
    );
  });

  it('csv: RFC 4180 quoting, one row per segment', () => {
    const text = formatClips([job()], 'csv');
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^job_id,prompt,/);
    expect(text).toContain('"price, ""tiers"""');
    expect(text).toContain('"first, with ""quotes""\nand a newline"');
    expect(text.endsWith('\r\n')).toBe(true);
    // header + 2 segment rows (the newline inside a quoted field is not a row break)
    expect(text.match(/\r\n/g)).toHaveLength(3);
  });

  it('csv: cells a spreadsheet would run as a formula stay text (OWASP)', () => {
    const risky = ['=HYPERLINK("https://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tx'];
    for (const prompt of risky) {
      const text = formatClips([job({ request: { ...job().request, prompt } })], 'csv');
      const cell = `"'${prompt.replace(/"/g, '""')}"`;
      expect(text).toContain(`,${cell},`);
    }
    // Numbers stay numbers, and ordinary text is untouched.
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField('pricing tiers')).toBe('pricing tiers');
    expect(csvField('a-b')).toBe('a-b');
  });

  it('json: parseable, with the segments', () => {
    const parsed = JSON.parse(formatClips([job()], 'json'));
    expect(parsed[0].segments).toHaveLength(2);
    expect(parsed[0].playerUrl).toBe(playerLinkFor('https://stream.example/clip.m3u8'));
  });

  it('app link: the clip opens in this app, any clip, no stream needed (issue 10 §3)', () => {
    const a = job({ id: 'j-1', clipStreamUrl: null, status: 'queued' });
    const b = job({ id: 'j-2' });
    expect(formatClips([a, b], 'app-link')).toBe(
      'videodb-clips://job/j-1\nvideodb-clips://job/j-2',
    );
  });

  it('a clip without a link is not ready', () => {
    expect(() => formatClips([job({ clipStreamUrl: null })], 'player-link')).toThrow(
      'This clip is not ready yet.',
    );
  });
});

describe('clipboard:copy through the core', () => {
  let server: RunningServer;
  let tc: TestCore;
  const dataDir = tempDataDir('clip-');
  beforeAll(async () => {
    server = await startServer({ jobDurationMs: 200 });
    tc = await makeCore({ serverUrl: server.url, apiKey: server.apiKey, dataDir });
  });
  afterEach(async () => {
    server.control.set({ offline: false });
    await server.control.settled();
  });
  afterAll(async () => {
    await tc.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('copies links of finished clips, offline too; a queued clip is not ready', async () => {
    const { job: j } = await tc.core.handlers['jobs:submit']({
      videoId: SAMPLE.pricingTalkId,
      collectionId: SAMPLE.defaultCollectionId,
      prompt: 'raising prices',
      contentType: 'spoken',
      modelName: 'basic',
    });
    const done = await waitFor(async () => {
      const x = await tc.core.handlers['jobs:get']({ id: j.id });
      return x.clipStreamUrl ? x : null;
    });
    server.control.set({ offline: true });
    await server.control.settled();
    await tc.core.handlers['connectivity:check']({});
    const r = await tc.core.handlers['clipboard:copy']({ jobIds: [j.id], format: 'markdown' });
    expect(r.count).toBe(1);
    expect(tc.clipboard.at(-1)).toBe(r.text);
    expect(r.text.split('\n')).toHaveLength(1 + done.segments.length);
    const link = await tc.core.handlers['clipboard:copy']({
      jobIds: [j.id],
      format: 'player-link',
    });
    expect(link.text).toBe(done.clipPlayerUrl ?? playerLinkFor(done.clipStreamUrl!));

    const { job: q } = await tc.core.handlers['jobs:submit']({
      videoId: SAMPLE.pricingTalkId,
      collectionId: SAMPLE.defaultCollectionId,
      prompt: 'still queued',
      contentType: 'spoken',
      modelName: 'basic',
    });
    // One clip not ready does not fail the others: the ready one is copied, the other named.
    const before = tc.clipboard.length;
    const mixed = await tc.core.handlers['clipboard:copy']({
      jobIds: [j.id, q.id],
      format: 'player-link',
    });
    expect(mixed).toMatchObject({ count: 1, skipped: [q.id], text: link.text });
    expect(tc.clipboard.at(-1)).toBe(link.text);
    // None ready: nothing is written to the clipboard.
    const none = await tc.core.handlers['clipboard:copy']({ jobIds: [q.id], format: 'csv' });
    expect(none).toMatchObject({ count: 0, skipped: [q.id], text: '' });
    expect(tc.clipboard).toHaveLength(before + 1);
  });
});
