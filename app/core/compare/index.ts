/** One prompt on one video across content types and model tiers: runs, times, agreement. */
export { CompareService, type CompareDeps, type CompareInput } from './compare-service';
export { createCompareHandlers, type CompareCallName } from './compare-handlers';
export { meanOverlaps, overlapMatrix, type RunRanges } from './overlap';
