/**
 * A clip in a few words for its history row: what it searched, with which model, and how many
 * segments it found, so rows with the same prompt can be told apart.
 */
import type { ContentType, ModelTier } from '../../app/shared/domain';

const TYPES: Record<ContentType, string> = {
  spoken: 'Speech',
  visual: 'Scenes',
  multimodal: 'Speech and scenes',
};
const TIERS: Record<ModelTier, string> = {
  mini: 'Mini',
  basic: 'Basic',
  pro: 'Pro',
  ultra: 'Ultra',
};

/** What {@link clipSummary} reads; list rows may carry a count instead of the segments. */
export interface SummarisedClip {
  request: { contentType: ContentType; modelName: ModelTier };
  status: string;
  segmentCount?: number;
  segments?: readonly unknown[];
}

/** "Speech · Pro · 3 segments" (the count only once the clip is done and it is known). */
export function clipSummary(job: SummarisedClip): string {
  const parts = [TYPES[job.request.contentType], TIERS[job.request.modelName]];
  const count = job.segmentCount ?? job.segments?.length;
  if (job.status === 'done' && count !== undefined) {
    parts.push(count === 0 ? 'nothing matched' : count === 1 ? '1 segment' : `${count} segments`);
  }
  return parts.join(' · ');
}
