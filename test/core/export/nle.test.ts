import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Timecode from 'smpte-timecode';
import { describe, expect, it } from 'vitest';
import { formatClips, hasLinkFor } from '../../../app/core/export';
import { expectedReel, makeJob, RATES, SEGMENTS, type Rate } from './fixtures';

// Issue 11 §3: every editor timeline read back by an independent parser (fast-xml-parser for the
// XML formats, smpte-timecode for the EDL's timecodes, JSON.parse for OTIO), its required
// structure checked and every time compared with the segments at 24, 25, 29.97 and 30 fps.

/** Parse XML after checking it is well-formed; attributes keep their names, lists stay lists. */
function readXml(text: string, lists: string[]) {
  expect(XMLValidator.validate(text)).toBe(true);
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    processEntities: true,
    isArray: (name) => lists.includes(name),
  }).parse(text);
}

/** An FCPXML time (`30030/30000s`, `2s`) as whole frames at `rate`; fails off a frame boundary. */
function fcpFrames(value: string, rate: Rate): number {
  const m = /^(\d+)(?:\/(\d+))?s$/.exec(value);
  expect(m, value).not.toBeNull();
  const top = BigInt(m![1]!) * BigInt(rate.num);
  const bottom = BigInt(m![2] ?? '1') * BigInt(rate.den);
  expect(top % bottom, `${value} is on a frame boundary`).toBe(0n);
  return Number(top / bottom);
}

const texts = SEGMENTS.map((s) => s.text.replace(/\s+/g, ' ').trim());

describe.each(RATES)('editor timelines at $fps fps', (rate) => {
  const expected = expectedReel(SEGMENTS, rate);
  const total = expected.at(-1)!.recordOut;
  // From the whole video's stream, source and record times differ, so both are checked.
  const job = makeJob({ clipStreamUrl: null });
  const opts = { fps: rate.fps };

  it('FCPXML: version, resources, library/event/project/sequence/spine/asset-clip, exact times', () => {
    const doc = readXml(formatClips([job], 'fcpxml', opts), ['asset', 'asset-clip', 'event']);
    const root = doc.fcpxml;
    expect(root.version).toMatch(/^1\.\d+$/);
    const format = root.resources.format;
    expect(fcpFrames(format.frameDuration, rate)).toBe(1);
    const [asset] = root.resources.asset;
    expect(asset['media-rep'].src).toBe(job.sourceStreamUrl);
    expect(asset.format).toBe(format.id);
    const sequence = root.library.event[0].project.sequence;
    expect(sequence.format).toBe(format.id);
    expect(sequence.tcFormat).toBe(rate.drop ? 'DF' : 'NDF');
    expect(fcpFrames(sequence.duration, rate)).toBe(total);
    const clips = sequence.spine['asset-clip'];
    expect(clips).toHaveLength(expected.length);
    clips.forEach((c: Record<string, string>, i: number) => {
      const e = expected[i]!;
      expect(c.ref).toBe(asset.id);
      expect(fcpFrames(c.offset!, rate)).toBe(e.recordIn);
      expect(fcpFrames(c.start!, rate)).toBe(e.first);
      expect(fcpFrames(c.duration!, rate)).toBe(e.frames);
      expect(c.note ?? '').toBe(texts[i]);
    });
    // The asset reaches at least the end of the last clip cut from it.
    expect(fcpFrames(asset.duration, rate)).toBeGreaterThanOrEqual(
      expected.at(-1)!.first + expected.at(-1)!.frames,
    );
  });

  it('Premiere XML: sequence/media/video/track/clipitem with in/out/start/end in frames', () => {
    const doc = readXml(formatClips([job], 'xmeml', opts), ['track', 'clipitem']);
    const seq = doc.xmeml.sequence;
    expect(doc.xmeml.version).toBe('4');
    expect(seq.rate.timebase).toBe(String(Math.round(rate.num / rate.den)));
    expect(seq.rate.ntsc).toBe(rate.den === 1001 ? 'TRUE' : 'FALSE');
    expect(seq.timecode.displayformat).toBe(rate.drop ? 'DF' : 'NDF');
    expect(Number(seq.duration)).toBe(total);
    const tracks = [...seq.media.video.track, ...seq.media.audio.track];
    expect(tracks).toHaveLength(3);
    for (const track of tracks) {
      const items = track.clipitem;
      expect(items).toHaveLength(expected.length);
      items.forEach((c: Record<string, unknown>, i: number) => {
        const e = expected[i]!;
        expect([c.start, c.end, c.in, c.out].map(Number)).toEqual([
          e.recordIn,
          e.recordOut,
          e.first,
          e.first + e.frames,
        ]);
      });
    }
    // The file is described once (its path), then referred to by its id.
    const files = tracks.flatMap((t) => t.clipitem.map((c: { file: object }) => c.file));
    const described = files.filter((f: { pathurl?: string }) => f.pathurl !== undefined);
    expect(described).toHaveLength(1);
    expect(described[0].pathurl).toBe(job.sourceStreamUrl);
    expect(files.every((f: { id: string }) => f.id === described[0].id)).toBe(true);
    expect(seq.media.video.track[0].clipitem[1].comments.mastercomment1).toBe(texts[1]);
  });

  it('CMX 3600 EDL: title, FCM, event lines with source and record timecodes', () => {
    const edl = formatClips([job], 'edl', opts);
    const lines = edl.split(/\r?\n/);
    expect(lines[0]).toMatch(/^TITLE: \S/);
    expect(lines[1]).toBe(rate.drop ? 'FCM: DROP FRAME' : 'FCM: NON-DROP FRAME');
    const sep = rate.drop ? ';' : ':';
    const tc = `(\\d\\d:\\d\\d:\\d\\d${sep}\\d\\d)`;
    const event = new RegExp(`^(\\d{3})  (\\S{1,8}) +(\\S+) +C +${tc} ${tc} ${tc} ${tc}$`);
    const frames = (s: string) => Timecode(s, [rate.num, rate.den], rate.drop).frameCount;
    const events = lines.filter((l) => /^\d{3} /.test(l)).map((l) => event.exec(l));
    expect(events).toHaveLength(expected.length);
    events.forEach((m, i) => {
      expect(m, lines.join('\n')).not.toBeNull();
      const e = expected[i]!;
      expect(Number(m![1])).toBe(i + 1);
      expect([m![4], m![5], m![6], m![7]].map((s) => frames(s!))).toEqual([
        e.first,
        e.first + e.frames,
        e.recordIn,
        e.recordOut,
      ]);
    });
    // Every other line is a comment naming the file, or blank.
    for (const l of lines.slice(2))
      if (!/^\d{3} /.test(l)) expect(l).toMatch(/^(\* [A-Z ]+: .*)?$/);
    expect(edl).toContain(`* SOURCE FILE: ${job.sourceStreamUrl}`);
  });

  it('OpenTimelineIO: Timeline.1 with a Stack of tracks, Clip.2 items and exact source ranges', () => {
    const otio = JSON.parse(formatClips([job], 'otio', opts));
    expect(otio.OTIO_SCHEMA).toBe('Timeline.1');
    expect(otio.tracks.OTIO_SCHEMA).toBe('Stack.1');
    const kinds = otio.tracks.children.map((t: { OTIO_SCHEMA: string; kind: string }) => [
      t.OTIO_SCHEMA,
      t.kind,
    ]);
    expect(kinds).toEqual([
      ['Track.1', 'Video'],
      ['Track.1', 'Audio'],
    ]);
    for (const track of otio.tracks.children) {
      let record = 0;
      track.children.forEach((c: any, i: number) => {
        const e = expected[i]!;
        expect(c.OTIO_SCHEMA).toMatch(/^Clip\.\d$/);
        const { start_time: start, duration } = c.source_range;
        expect(c.source_range.OTIO_SCHEMA).toBe('TimeRange.1');
        expect(start.OTIO_SCHEMA).toBe('RationalTime.1');
        expect(start.rate).toBeCloseTo(rate.num / rate.den, 12);
        expect(duration.rate).toBe(start.rate);
        expect([start.value, duration.value]).toEqual([e.first, e.frames]);
        // Clips follow each other with no gap: the place on the reel is the sum before.
        expect(record).toBe(e.recordIn);
        record += duration.value;
        const ref = c.media_references[c.active_media_reference_key];
        expect(ref.OTIO_SCHEMA).toBe('ExternalReference.1');
        expect(ref.target_url).toBe(job.sourceStreamUrl);
      });
      expect(record).toBe(total);
    }
  });
});

describe('editor timelines: media and escaping', () => {
  it('refer to the downloaded MP4, then the clip stream, cut where each segment sits in the clip', () => {
    const rate = RATES[2];
    const expected = expectedReel(SEGMENTS, rate);
    const withFile = formatClips([makeJob()], 'fcpxml', {
      fps: rate.fps,
      media: { j1: '/Users/ana/Movies/pricing clip.mp4' },
    });
    const doc = readXml(withFile, ['asset', 'asset-clip']);
    expect(doc.fcpxml.resources.asset[0]['media-rep'].src).toBe(
      'file:///Users/ana/Movies/pricing%20clip.mp4',
    );
    const starts = doc.fcpxml.library.event.project.sequence.spine['asset-clip'].map(
      (c: { start: string }) => fcpFrames(c.start, rate),
    );
    expect(starts).toEqual(expected.map((e) => e.recordIn));

    const edl = formatClips([makeJob()], 'edl', { fps: rate.fps });
    expect(edl).toContain('* SOURCE FILE: https://stream.example/clip/j1.m3u8');
    const xmeml = readXml(
      formatClips([makeJob()], 'xmeml', { media: { j1: 'C:\\clips\\a.mp4' } }),
      ['clipitem'],
    );
    expect(xmeml.xmeml.sequence.media.video.track.clipitem[0].file.pathurl).toBe(
      'file:///C:/clips/a.mp4',
    );
    expect(xmeml.xmeml.sequence.media.video.track.clipitem[0].file.name).toBe('a.mp4');
  });

  it('keep names with &, <, quotes and emoji intact through the XML parser', () => {
    const job = makeJob({
      videoName: 'R&D <draft> "v2" 🎬',
      request: { ...makeJob().request, prompt: "it's" },
    });
    const fcp = readXml(formatClips([job], 'fcpxml'), ['asset', 'asset-clip']);
    expect(fcp.fcpxml.resources.asset[0].name).toBe('R&D <draft> "v2" 🎬');
    expect(fcp.fcpxml.library.event.project.name).toBe(`it's — R&D <draft> "v2" 🎬`);
    const names = fcp.fcpxml.library.event.project.sequence.spine['asset-clip'].map(
      (c: { name: string }) => c.name,
    );
    expect(names).toEqual([texts[0], texts[1], texts[2], 'Segment 4', texts[4]]);
  });

  it('offer a timeline only for a clip with segments and media', () => {
    expect(hasLinkFor(makeJob(), 'fcpxml')).toBe(true);
    expect(hasLinkFor(makeJob({ clipStreamUrl: null, sourceStreamUrl: null }), 'edl')).toBe(false);
    expect(hasLinkFor(makeJob({ clipStreamUrl: null, sourceStreamUrl: null }), 'srt')).toBe(true);
    expect(hasLinkFor(makeJob({ status: 'processing', segments: [] }), 'srt')).toBe(false);
    expect(() =>
      formatClips([makeJob({ clipStreamUrl: null, sourceStreamUrl: null })], 'otio'),
    ).toThrow('This clip is not ready yet.');
  });

  it('an EDL holds up to 999 events and says so past that', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      start: i,
      end: i + 0.5,
      text: '',
      score: null,
      streamUrl: null,
    }));
    expect(() => formatClips([makeJob({ segments: many })], 'edl')).toThrow(/up to 999/);
    expect(formatClips([makeJob({ segments: many.slice(0, 999) })], 'edl')).toContain('\n999  AX');
  });
});
