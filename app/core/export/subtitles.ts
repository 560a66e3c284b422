/**
 * SRT and WebVTT of the segments' texts, timed on the reel (timeline.ts): the cue of segment i
 * starts where segments 0..i-1 end, on the same frames as the editor timelines, so the file
 * lines up with the clip's MP4 and with the timelines. A segment with no text has no cue.
 */
import { framesToMillis, type Reel } from './timeline';

/** One subtitle cue, in milliseconds of the reel. */
export interface Cue {
  readonly startMs: number;
  readonly endMs: number;
  /** Lines of at most about 42 characters (a word longer than that keeps its own line). */
  readonly lines: readonly string[];
}

/** Greedy word wrap at `width` characters. */
export function wrapText(text: string, width = 42): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The cues of a reel: one per segment that has text. */
export function cuesOf(reel: Reel): Cue[] {
  return reel.clips
    .filter((c) => c.text !== '')
    .map((c) => ({
      startMs: framesToMillis(c.recordIn, reel.rate),
      endMs: framesToMillis(c.recordIn + c.frames, reel.rate),
      lines: wrapText(c.text),
    }));
}

/** `HH:MM:SS` + `sep` + `mmm`. */
function clock(ms: number, sep: ',' | '.'): string {
  const two = (v: number) => String(v).padStart(2, '0');
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${two(h)}:${two(m)}:${two(s)}${sep}${String(ms % 1000).padStart(3, '0')}`;
}

/** SubRip (.srt): numbered cues, `00:00:01,500 --> 00:00:04,000`, a blank line after each. */
export function toSrt(reel: Reel): string {
  return cuesOf(reel)
    .map((cue, i) =>
      [
        String(i + 1),
        `${clock(cue.startMs, ',')} --> ${clock(cue.endMs, ',')}`,
        // An arrow inside the text would read as a timing line.
        ...cue.lines.map((l) => l.replace(/-->/g, '→')),
        '',
        '',
      ].join('\n'),
    )
    .join('');
}

/** WebVTT (.vtt): the `WEBVTT` header, then cues with `&`, `<` and `>` escaped as the format asks. */
export function toVtt(reel: Reel): string {
  const escape = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    'WEBVTT',
    '',
    ...cuesOf(reel).map((cue, i) =>
      [
        `${i + 1}`,
        `${clock(cue.startMs, '.')} --> ${clock(cue.endMs, '.')}`,
        ...cue.lines.map(escape),
        '',
      ].join('\n'),
    ),
  ].join('\n');
}
