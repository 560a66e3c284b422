/** One prompt across many videos: child clip jobs, one ranked answer, one reel. */
export {
  breakdown,
  mergeOverlaps,
  overlapIoU,
  rankAcross,
  reelOf,
  MERGE_GAP_SECONDS,
  type ChildAnswer,
  type CompileItems,
  type RankedSegment,
  type VideoBreakdown,
} from './merge';
