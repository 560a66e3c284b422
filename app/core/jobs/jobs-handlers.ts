/** The `jobs:` calls, answered by the {@link JobEngine} and the history in the store. */
import type { Handlers } from '../../shared/contract';
import type { Store } from '../store';
import type { JobEngine } from './job-engine';

/** Names of the `jobs:` calls. */
export type JobsCallName = Extract<keyof Handlers, `jobs:${string}`>;

/** One handler per `jobs:` call. */
export function createJobsHandlers(jobs: JobEngine, store: Store): Pick<Handlers, JobsCallName> {
  return {
    'jobs:submit': (input) => jobs.submit(input),
    'jobs:list': async (input) => jobs.list(input),
    'jobs:get': async ({ id }) => jobs.get(id),
    'jobs:videos': async () => store.jobs.videos(),
    'jobs:retry': async ({ id }) => jobs.retry(id),
    'jobs:resend-uncertain': async ({ id }) => jobs.resendUncertain(id),
    'jobs:stop-tracking': async ({ id }) => jobs.stopTracking(id),
    'jobs:follow': async ({ id }) => jobs.follow(id),
    'jobs:delete': async ({ ids }) => jobs.delete(ids),
    'jobs:set-favourite': async ({ id, favourite }) => jobs.setFavourite(id, favourite),
  };
}
