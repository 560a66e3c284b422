import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { rmSync } from 'node:fs';
import { parseSync } from 'subtitle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, SAMPLE, type RunningServer } from '../../server';
import { makeCore, tempDataDir, waitFor, type TestCore } from '../fixtures/harness';

// Issue 11 §3: the editor formats through `clipboard:copy`, offline, from a clip the local
// server made: built from the stored timeline alone, at the default 25 fps.

describe('editor exports through clipboard:copy', () => {
  let server: RunningServer;
  let tc: TestCore;
  const dataDir = tempDataDir('editor-export-');
  beforeAll(async () => {
    server = await startServer({ jobDurationMs: 200 });
    tc = await makeCore({ serverUrl: server.url, apiKey: server.apiKey, dataDir });
  });
  afterAll(async () => {
    await tc.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('copies FCPXML and SRT of a finished clip offline; a queued clip is skipped', async () => {
    const request = {
      videoId: SAMPLE.pricingTalkId,
      collectionId: SAMPLE.defaultCollectionId,
      contentType: 'spoken' as const,
      modelName: 'basic' as const,
    };
    const { job } = await tc.core.handlers['jobs:submit']({ ...request, prompt: 'raising prices' });
    const done = await waitFor(async () => {
      const x = await tc.core.handlers['jobs:get']({ id: job.id });
      return x.clipStreamUrl && x.segments.length > 0 ? x : null;
    });
    server.control.set({ offline: true });
    await server.control.settled();
    await tc.core.handlers['connectivity:check']({});
    const { job: queued } = await tc.core.handlers['jobs:submit']({ ...request, prompt: 'later' });

    const fcp = await tc.core.handlers['clipboard:copy']({
      jobIds: [job.id, queued.id],
      format: 'fcpxml',
    });
    expect(fcp).toMatchObject({ count: 1, skipped: [queued.id] });
    expect(tc.clipboard.at(-1)).toBe(fcp.text);
    expect(XMLValidator.validate(fcp.text)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (n) => n === 'asset-clip',
    }).parse(fcp.text);
    expect(doc.fcpxml.resources.asset['media-rep'].src).toBe(done.clipStreamUrl);
    const clips = doc.fcpxml.library.event.project.sequence.spine['asset-clip'];
    let record = 0;
    clips.forEach((c: { offset: string; duration: string }, i: number) => {
      const s = done.segments[i]!;
      const frames = Math.round(s.end * 25) - Math.round(s.start * 25);
      expect(c.offset).toBe(record % 25 === 0 ? `${record / 25}s` : `${record}/25s`);
      expect(c.duration).toBe(frames % 25 === 0 ? `${frames / 25}s` : `${frames}/25s`);
      record += frames;
    });
    expect(clips).toHaveLength(done.segments.length);

    const srt = await tc.core.handlers['clipboard:copy']({ jobIds: [job.id], format: 'srt' });
    const cues = parseSync(srt.text).map((n) => n.data as { start: number; text: string });
    expect(cues.map((c) => c.text.replace(/\n/g, ' '))).toEqual(
      done.segments.map((s) => s.text.replace(/\s+/g, ' ').trim()).filter(Boolean),
    );
    expect(cues[0]?.start).toBe(0);
  });
});
