/**
 * YouTube chapters for a video description, from the reel (timeline.ts). YouTube shows chapters
 * only when the list starts at 0:00, has at least three entries and every chapter lasts at least
 * 10 seconds. So a new chapter starts at a segment only when the chapter before has lasted 10
 * seconds and the new one will too: a segment under 10 seconds joins the chapter before unless
 * it and the short segments right after it last 10 seconds together; a last chapter under 10
 * seconds joins the one before. A chapter of several segments is named after its longest segment
 * that has text. Times are whole seconds, as YouTube reads them; a reel too short for three chapters of
 * 10 seconds gives fewer lines, which YouTube shows as a plain list.
 */
import { framesToSeconds, type Reel, type ReelClip } from './timeline';

/** YouTube's shortest chapter, in seconds. */
export const MIN_CHAPTER_SECONDS = 10;

/** One chapter: where it starts on the reel (whole seconds) and its title. */
export interface Chapter {
  readonly start: number;
  readonly title: string;
}

/** A chapter title from a segment: its text, shortened to 70 characters, or "Segment n". */
function titleOf(clip: ReelClip): string {
  const text = clip.text;
  if (!text) return `Segment ${clip.index}`;
  return text.length > 70 ? `${text.slice(0, 69).trimEnd()}…` : text;
}

/** The chapters of a reel, merged so each lasts at least 10 seconds. */
export function chaptersOf(reel: Reel): Chapter[] {
  const seconds = (frames: number) => Math.floor(framesToSeconds(frames, reel.rate));
  const end = seconds(reel.frames);
  const starts = reel.clips.map((c) => seconds(c.recordIn));
  // Where the run of short segments from each segment on ends: at the next long one, or the end.
  const runEnds: number[] = [];
  for (let i = reel.clips.length - 1, next = end; i >= 0; i--) {
    const clip = reel.clips[i];
    if (clip && seconds(clip.recordIn + clip.frames) - (starts[i] ?? 0) >= MIN_CHAPTER_SECONDS)
      next = starts[i] ?? next;
    runEnds[i] = next;
  }
  const groups: Array<{ start: number; clips: ReelClip[] }> = [];
  reel.clips.forEach((clip, i) => {
    const start = groups.length === 0 ? 0 : (starts[i] ?? 0);
    const last = groups.at(-1);
    const long =
      (runEnds[i] ?? end) === start || (runEnds[i] ?? end) - start >= MIN_CHAPTER_SECONDS;
    if (last && (start - last.start < MIN_CHAPTER_SECONDS || !long)) last.clips.push(clip);
    else groups.push({ start, clips: [clip] });
  });
  while (groups.length > 1 && end - (groups.at(-1)?.start ?? 0) < MIN_CHAPTER_SECONDS) {
    const last = groups.pop();
    groups.at(-1)?.clips.push(...(last?.clips ?? []));
  }
  return groups.map(({ start, clips }) => {
    const longest = (list: ReelClip[]) =>
      list.reduce<ReelClip | undefined>((a, c) => (a && a.frames >= c.frames ? a : c), undefined);
    const named = longest(clips.filter((c) => c.text !== '')) ?? longest(clips);
    return { start, title: named ? titleOf(named) : '' };
  });
}

/** `0:00`, `1:15`, `1:02:05`: how YouTube reads a chapter's start. */
export function youtubeTimestamp(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const ss = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** `0:00 Title` lines, one per chapter, for a YouTube description. */
export function toYoutubeChapters(reel: Reel): string {
  return chaptersOf(reel)
    .map((c) => `${youtubeTimestamp(c.start)} ${c.title.replace(/\s+/g, ' ')}`)
    .join('\n');
}
