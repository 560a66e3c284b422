/** Duplicate detection: the same request for the same video is one job while it is in flight. */
import { createHash } from 'node:crypto';
import type { ClipRequest } from '../../shared/domain';

/** Trim, lowercase and collapse whitespace, so trivially different prompts count as one. */
export function normalisePrompt(prompt: string): string {
  return prompt.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Hash of everything that decides what the server would do with the request. */
export function fingerprint(r: ClipRequest): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        r.videoId,
        normalisePrompt(r.prompt),
        r.contentType,
        r.modelName,
        r.sceneIndexId ?? null,
        r.callbackUrl ?? null,
      ]),
    )
    .digest('hex');
}
