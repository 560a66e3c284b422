/** Waiting for a multi-clip to reach a state, shared by the multi-clip core tests. */
import type { MultiClipDetail } from '../../../app/shared/domain';
import { untilAnswer, type TestCore } from '../fixtures/harness';

/** `multiclip:get` until `ok` holds (the timeout names the last counts). */
export function untilMultiClip(
  tc: TestCore,
  id: string,
  ok: (m: MultiClipDetail) => boolean,
  ms = 20_000,
): Promise<MultiClipDetail> {
  return untilAnswer(() => tc.core.handlers['multiclip:get']({ id }), ok, {
    timeoutMs: ms,
    what: 'multi-clip state',
    show: (m) => m.counts,
  });
}
