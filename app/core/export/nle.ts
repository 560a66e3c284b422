/**
 * Timelines for video editors, built from a reel (timeline.ts): FCPXML for Final Cut Pro and
 * DaVinci Resolve, Premiere XML (xmeml, also read by Resolve and Final Cut 7), a CMX 3600 EDL and
 * OpenTimelineIO JSON. Every time is a whole frame of the reel's rate; the sequence starts at 0.
 */
import { CoreError } from '../errors';
import {
  fileNameOf,
  isDropFrame,
  timecode,
  timecodeBase,
  type FrameRate,
  type MediaRef,
  type Reel,
  type ReelClip,
} from './timeline';

/** Text and attribute values escaped for XML; characters XML 1.0 cannot hold are dropped. */
export function xmlEscape(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** A clip's name in an editor: its text, shortened, or "Segment n". */
export function clipName(clip: ReelClip, max = 60): string {
  const text = clip.text;
  if (!text) return `Segment ${clip.index}`;
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

// ── FCPXML ─────────────────────────────────────────────────────────────

/**
 * A time as FCPXML writes it: a rational number of seconds on frame boundaries, `1001/30000s` for
 * one frame at 29.97, `2s` when it is whole.
 */
export function fcpxmlTime(frames: number, rate: FrameRate): string {
  const top = frames * rate.den;
  if (top % rate.num === 0) return `${top / rate.num}s`;
  return `${top}/${rate.num}s`;
}

/**
 * FCPXML 1.9 (Final Cut Pro 10.5 and later, DaVinci Resolve 17 and later): one project whose
 * spine holds an asset-clip per segment. The format is a custom 1920×1080 one at the reel's rate;
 * the editor conforms the media to it.
 */
export function toFcpxml(reel: Reel): string {
  const { rate } = reel;
  const t = (frames: number) => fcpxmlTime(frames, rate);
  const tcFormat = isDropFrame(rate) ? 'DF' : 'NDF';
  const assetId = new Map(reel.media.map((m, i) => [m.id, `r${i + 2}`]));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE fcpxml>',
    '<fcpxml version="1.9">',
    '  <resources>',
    `    <format id="r1" frameDuration="${t(1)}" width="1920" height="1080"/>`,
  ];
  for (const m of reel.media) {
    lines.push(
      `    <asset id="${assetId.get(m.id)}" name="${xmlEscape(m.name)}" start="0s" duration="${t(m.frames)}" hasVideo="1" hasAudio="1" format="r1" audioSources="1" audioChannels="2">`,
      `      <media-rep kind="original-media" src="${xmlEscape(m.url)}"/>`,
      '    </asset>',
    );
  }
  lines.push(
    '  </resources>',
    '  <library>',
    '    <event name="VideoDB Clips">',
    `      <project name="${xmlEscape(reel.name)}">`,
    `        <sequence format="r1" duration="${t(reel.frames)}" tcStart="0s" tcFormat="${tcFormat}" audioLayout="stereo" audioRate="48k">`,
    '          <spine>',
  );
  for (const c of reel.clips) {
    lines.push(
      `            <asset-clip ref="${assetId.get(c.media.id)}" name="${xmlEscape(clipName(c))}" offset="${t(c.recordIn)}" start="${t(c.sourceIn)}" duration="${t(c.frames)}" format="r1" tcFormat="${tcFormat}">`,
      ...(c.text ? [`              <note>${xmlEscape(c.text)}</note>`] : []),
      '            </asset-clip>',
    );
  }
  lines.push(
    '          </spine>',
    '        </sequence>',
    '      </project>',
    '    </event>',
    '  </library>',
    '</fcpxml>',
    '',
  );
  return lines.join('\n');
}

// ── Premiere XML (xmeml) ───────────────────────────────────────────────

/** `<rate>` of xmeml: the timecode base, and NTSC when the real rate is base × 1000/1001. */
function xmemlRate(rate: FrameRate, indent: string): string {
  return `${indent}<rate><timebase>${timecodeBase(rate)}</timebase><ntsc>${rate.den === 1001 ? 'TRUE' : 'FALSE'}</ntsc></rate>`;
}

/**
 * Premiere XML (xmeml version 4, the Final Cut Pro 7 interchange format Premiere Pro and Resolve
 * read): one sequence with a video track and a stereo pair of audio tracks, a clipitem per
 * segment. `start`/`end` are the clip's place in the sequence, `in`/`out` in its file, in frames;
 * the sequence's timecode is drop-frame at 29.97.
 */
export function toXmeml(reel: Reel): string {
  const { rate } = reel;
  const drop = isDropFrame(rate);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE xmeml>',
    '<xmeml version="4">',
    '  <sequence id="sequence-1">',
    `    <name>${xmlEscape(reel.name)}</name>`,
    `    <duration>${reel.frames}</duration>`,
    xmemlRate(rate, '    '),
    '    <timecode>',
    xmemlRate(rate, '      '),
    `      <string>${timecode(0, rate)}</string>`,
    '      <frame>0</frame>',
    `      <displayformat>${drop ? 'DF' : 'NDF'}</displayformat>`,
    '    </timecode>',
    '    <media>',
    '      <video>',
    '        <format>',
    '          <samplecharacteristics>',
    xmemlRate(rate, '            '),
    '            <width>1920</width>',
    '            <height>1080</height>',
    '          </samplecharacteristics>',
    '        </format>',
    '        <track>',
  ];
  const described = new Set<string>();
  const file = (m: MediaRef, indent: string): string[] => {
    if (described.has(m.id)) return [`${indent}<file id="file-${m.id}"/>`];
    described.add(m.id);
    return [
      `${indent}<file id="file-${m.id}">`,
      `${indent}  <name>${xmlEscape(m.local ? fileNameOf(m.url) : m.name)}</name>`,
      `${indent}  <pathurl>${xmlEscape(m.url)}</pathurl>`,
      xmemlRate(rate, `${indent}  `),
      `${indent}  <duration>${m.frames}</duration>`,
      `${indent}  <media>`,
      `${indent}    <video/>`,
      `${indent}    <audio><channelcount>2</channelcount></audio>`,
      `${indent}  </media>`,
      `${indent}</file>`,
    ];
  };
  const clipitem = (c: ReelClip, kind: 'video' | 'audio', track: number): string[] => {
    const i = '          ';
    return [
      `${i}<clipitem id="clipitem-${kind}${track}-${c.index}">`,
      `${i}  <name>${xmlEscape(clipName(c))}</name>`,
      `${i}  <enabled>TRUE</enabled>`,
      `${i}  <duration>${c.media.frames}</duration>`,
      xmemlRate(rate, `${i}  `),
      `${i}  <start>${c.recordIn}</start>`,
      `${i}  <end>${c.recordIn + c.frames}</end>`,
      `${i}  <in>${c.sourceIn}</in>`,
      `${i}  <out>${c.sourceIn + c.frames}</out>`,
      ...file(c.media, `${i}  `),
      ...(kind === 'audio'
        ? [
            `${i}  <sourcetrack><mediatype>audio</mediatype><trackindex>${track}</trackindex></sourcetrack>`,
          ]
        : []),
      ...(kind === 'video' && c.text
        ? [`${i}  <comments><mastercomment1>${xmlEscape(c.text)}</mastercomment1></comments>`]
        : []),
      `${i}</clipitem>`,
    ];
  };
  for (const c of reel.clips) lines.push(...clipitem(c, 'video', 1));
  lines.push('        </track>', '      </video>', '      <audio>');
  for (const track of [1, 2]) {
    lines.push('        <track>');
    for (const c of reel.clips) lines.push(...clipitem(c, 'audio', track));
    lines.push('        </track>');
  }
  lines.push('      </audio>', '    </media>', '  </sequence>', '</xmeml>', '');
  return lines.join('\n');
}

// ── CMX 3600 EDL ───────────────────────────────────────────────────────

/** A comment line's text: one line of printable characters. */
function edlComment(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/**
 * A CMX 3600 EDL: `FCM: DROP FRAME` at 29.97 (timecodes with `;`), one cut event per segment
 * with source in/out (in the media) and record in/out (on the reel from 00:00:00:00). The reel
 * name is `AX` (a file, not a tape) and `* FROM CLIP NAME:` names the file, which is how Premiere,
 * Resolve and Avid relink; `* SOURCE FILE:` gives the whole path or URL. CMX 3600 numbers events
 * with three digits, so an EDL holds up to 999 segments.
 */
export function toEdl(reel: Reel): string {
  if (reel.clips.length > 999)
    throw new CoreError(
      'validation',
      'An EDL holds up to 999 segments. Choose fewer clips, or use FCPXML or Premiere XML.',
    );
  const { rate } = reel;
  const tc = (frames: number) => timecode(frames, rate);
  const title = edlComment(reel.name).slice(0, 70) || 'VideoDB Clips';
  const lines = [
    `TITLE: ${title}`,
    `FCM: ${isDropFrame(rate) ? 'DROP FRAME' : 'NON-DROP FRAME'}`,
    '',
  ];
  for (const c of reel.clips) {
    const n = String(c.index).padStart(3, '0');
    lines.push(
      `${n}  AX       AA/V  C        ${tc(c.sourceIn)} ${tc(c.sourceIn + c.frames)} ${tc(c.recordIn)} ${tc(c.recordIn + c.frames)}`,
      `* FROM CLIP NAME: ${edlComment(c.media.local ? fileNameOf(c.media.url) : c.media.name)}`,
      `* SOURCE FILE: ${edlComment(c.media.url)}`,
    );
    if (c.text) lines.push(`* COMMENT: ${edlComment(c.text)}`);
    lines.push('');
  }
  return lines.join('\n');
}

// ── OpenTimelineIO ─────────────────────────────────────────────────────

/**
 * OpenTimelineIO JSON (`.otio`): a Timeline.1 whose tracks (a Stack) hold a video and an audio
 * track of Clip.2 items; each clip's `source_range` is its part of the media, at the reel's rate
 * (OTIO writes 29.97 as the float 30000/1001). The clips follow each other with no gap, so a
 * clip's place on the reel is the sum of the clips before it.
 */
export function toOtio(reel: Reel): string {
  const fps = reel.rate.num / reel.rate.den;
  const time = (value: number) => ({ OTIO_SCHEMA: 'RationalTime.1', rate: fps, value });
  const clip = (c: ReelClip) => ({
    OTIO_SCHEMA: 'Clip.2',
    metadata: { videodb: { jobId: c.jobId, start: c.start, end: c.end, text: c.text } },
    name: clipName(c),
    source_range: {
      OTIO_SCHEMA: 'TimeRange.1',
      duration: time(c.frames),
      start_time: time(c.sourceIn),
    },
    effects: [],
    markers: [],
    enabled: true,
    media_references: {
      DEFAULT_MEDIA: {
        OTIO_SCHEMA: 'ExternalReference.1',
        metadata: {},
        name: c.media.name,
        available_range: {
          OTIO_SCHEMA: 'TimeRange.1',
          duration: time(c.media.frames),
          start_time: time(0),
        },
        available_image_bounds: null,
        target_url: c.media.url,
      },
    },
    active_media_reference_key: 'DEFAULT_MEDIA',
  });
  const track = (name: string, kind: 'Video' | 'Audio') => ({
    OTIO_SCHEMA: 'Track.1',
    metadata: {},
    name,
    source_range: null,
    effects: [],
    markers: [],
    enabled: true,
    children: reel.clips.map(clip),
    kind,
  });
  return (
    JSON.stringify(
      {
        OTIO_SCHEMA: 'Timeline.1',
        metadata: {},
        name: reel.name,
        global_start_time: time(0),
        tracks: {
          OTIO_SCHEMA: 'Stack.1',
          metadata: {},
          name: 'tracks',
          source_range: null,
          effects: [],
          markers: [],
          enabled: true,
          children: [track('V1', 'Video'), track('A1', 'Audio')],
        },
      },
      null,
      2,
    ) + '\n'
  );
}
