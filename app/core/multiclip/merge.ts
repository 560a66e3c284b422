/**
 * One ranked answer from many clips (issue 12 §1): each video's segments with overlapping (or
 * touching) ones merged, then all videos' segments in one list by score; a per-video breakdown;
 * and the compile timeline of the top N across videos, in rank order. Pure: no storage, no network.
 */
import type { Segment } from '../../shared/domain';

/** Segments closer than this (seconds) count as touching and are merged. */
export const MERGE_GAP_SECONDS = 0.25;

/** A child clip's answer, as merging needs it. */
export interface ChildAnswer {
  videoId: string;
  collectionId: string;
  videoName: string;
  segments: readonly Segment[];
}

/** A segment of the merged answer. */
export interface RankedSegment {
  videoId: string;
  collectionId: string;
  videoName: string;
  start: number;
  end: number;
  /** The best score of what was merged; null when none could be read. */
  score: number | null;
  text: string;
  /** How many of the video's segments this one stands for. */
  merged: number;
}

/** Merge one video's overlapping or touching segments (input in any order). */
export function mergeOverlaps(child: ChildAnswer, gap = MERGE_GAP_SECONDS): RankedSegment[] {
  const sorted = [...child.segments]
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.end > s.start)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: RankedSegment[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s.start <= last.end + gap) {
      last.end = Math.max(last.end, s.end);
      last.score = best(last.score, s.score);
      if (s.text !== '' && !last.text.split(' … ').includes(s.text))
        last.text = last.text === '' ? s.text : `${last.text} … ${s.text}`;
      last.merged += 1;
      continue;
    }
    out.push({
      videoId: child.videoId,
      collectionId: child.collectionId,
      videoName: child.videoName,
      start: s.start,
      end: s.end,
      score: s.score,
      text: s.text,
      merged: 1,
    });
  }
  return out;
}

function best(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/**
 * Every child's merged segments in one list: highest score first (unknown scores last), then by
 * the order the videos were given, then by time.
 */
export function rankAcross(children: readonly ChildAnswer[]): RankedSegment[] {
  const order = new Map(children.map((c, i) => [c.videoId, i]));
  return children
    .flatMap((c) => mergeOverlaps(c))
    .sort(
      (a, b) =>
        (b.score ?? -1) - (a.score ?? -1) ||
        (order.get(a.videoId) ?? 0) - (order.get(b.videoId) ?? 0) ||
        a.start - b.start,
    );
}

/** Per video: how many merged segments, the best score, the time they cover. */
export interface VideoBreakdown {
  videoId: string;
  videoName: string;
  segments: number;
  bestScore: number | null;
  seconds: number;
}

/** The per-video breakdown of a ranked list, best video first. */
export function breakdown(ranked: readonly RankedSegment[]): VideoBreakdown[] {
  const by = new Map<string, VideoBreakdown>();
  for (const s of ranked) {
    const b = by.get(s.videoId) ?? {
      videoId: s.videoId,
      videoName: s.videoName,
      segments: 0,
      bestScore: null,
      seconds: 0,
    };
    b.segments += 1;
    b.bestScore = best(b.bestScore, s.score);
    b.seconds += s.end - s.start;
    by.set(s.videoId, b);
  }
  return [...by.values()].sort((a, b) => (b.bestScore ?? -1) - (a.bestScore ?? -1));
}

/** What `POST /compile` takes: the reel, in order, as runs of one video's shots. */
export type CompileItems = Array<{
  videoId: string;
  collectionId: string;
  shots: Array<[number, number]>;
}>;

/**
 * The top `n` ranked segments as a reel, in rank order: consecutive segments of the same video
 * share one item, so the reel plays exactly the ranked order.
 */
export function reelOf(ranked: readonly RankedSegment[], n: number): CompileItems {
  const items: CompileItems = [];
  for (const s of ranked.slice(0, Math.max(0, n))) {
    const last = items[items.length - 1];
    const shot: [number, number] = [s.start, s.end];
    if (last !== undefined && last.videoId === s.videoId) last.shots.push(shot);
    else items.push({ videoId: s.videoId, collectionId: s.collectionId, shots: [shot] });
  }
  return items;
}

/** Intersection over union of two sets of time ranges (0 when both are empty). */
export function overlapIoU(
  a: ReadonlyArray<{ start: number; end: number }>,
  b: ReadonlyArray<{ start: number; end: number }>,
): number {
  const union = (xs: ReadonlyArray<{ start: number; end: number }>) => {
    const sorted = [...xs].filter((x) => x.end > x.start).sort((p, q) => p.start - q.start);
    const out: Array<{ start: number; end: number }> = [];
    for (const x of sorted) {
      const last = out[out.length - 1];
      if (last && x.start <= last.end) last.end = Math.max(last.end, x.end);
      else out.push({ start: x.start, end: x.end });
    }
    return out;
  };
  const ua = union(a);
  const ub = union(b);
  const length = (xs: Array<{ start: number; end: number }>) =>
    xs.reduce((t, x) => t + (x.end - x.start), 0);
  let inter = 0;
  let i = 0;
  let j = 0;
  while (i < ua.length && j < ub.length) {
    const lo = Math.max(ua[i]!.start, ub[j]!.start);
    const hi = Math.min(ua[i]!.end, ub[j]!.end);
    if (hi > lo) inter += hi - lo;
    if (ua[i]!.end < ub[j]!.end) i++;
    else j++;
  }
  const uni = length(ua) + length(ub) - inter;
  return uni <= 0 ? 0 : inter / uni;
}
