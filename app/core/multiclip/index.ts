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
export {
  MultiClipService,
  MAX_MULTICLIP_VIDEOS,
  type MultiClipDeps,
  type MultiClipInput,
} from './multiclip-service';
export { createMultiClipHandlers, type MultiClipCallName } from './multiclip-handlers';
export { formatMultiClip, type MultiClipCopyFormat } from './format-multiclip';
