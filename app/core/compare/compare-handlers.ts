/** The core's `compare:` calls. */
import type { Handlers } from '../../shared/contract';
import type { CompareService } from './compare-service';

/** Names of the `compare:` calls. */
export type CompareCallName =
  'compare:submit' | 'compare:get' | 'compare:list' | 'compare:retry-failed' | 'compare:parent-of';

/** One handler per `compare:` call. */
export function createCompareHandlers(compare: CompareService): Pick<Handlers, CompareCallName> {
  return {
    'compare:submit': (input) => compare.submit(input),
    'compare:get': async ({ id }) => compare.get(id),
    'compare:list': async ({ videoId }) => compare.list(videoId),
    'compare:retry-failed': ({ id }) => compare.retryFailed(id),
    'compare:parent-of': async ({ jobId }) => compare.parentOf(jobId),
  };
}
