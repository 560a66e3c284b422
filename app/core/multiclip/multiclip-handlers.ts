/** The core's `multiclip:` calls. */
import type { Handlers } from '../../shared/contract';
import type { MultiClipService } from './multiclip-service';

/** Names of the `multiclip:` calls. */
export type MultiClipCallName =
  | 'multiclip:submit'
  | 'multiclip:readiness'
  | 'multiclip:parent-of'
  | 'multiclip:list'
  | 'multiclip:get'
  | 'multiclip:retry-failed'
  | 'multiclip:compile'
  | 'multiclip:copy';

/** One handler per `multiclip:` call. */
export function createMultiClipHandlers(
  multiclips: MultiClipService,
): Pick<Handlers, MultiClipCallName> {
  return {
    'multiclip:submit': (input) => multiclips.submit(input),
    'multiclip:readiness': (input) => multiclips.readiness(input),
    'multiclip:parent-of': async ({ jobId }) => multiclips.parentOf(jobId),
    'multiclip:list': async () => multiclips.list(),
    'multiclip:get': async ({ id }) => multiclips.get(id),
    'multiclip:retry-failed': ({ id, prepare }) => multiclips.retryFailed(id, { prepare }),
    'multiclip:compile': ({ id, topN }) => multiclips.compile(id, topN),
    'multiclip:copy': ({ id, format }) => multiclips.copy(id, format),
  };
}
