/**
 * The core's `downloads:` calls. `downloads:save` (which asks where first) and
 * `downloads:show-in-folder` belong to the transport: they need a dialog or the file manager.
 */
import type { Handlers } from '../../shared/contract';
import type { DownloadEngine } from './download-engine';

/** Names of the core's `downloads:` calls. */
export type DownloadsCallName = 'downloads:list' | 'downloads:pause' | 'downloads:resume';

/** One handler per core `downloads:` call. */
export function createDownloadsHandlers(
  downloads: DownloadEngine,
): Pick<Handlers, DownloadsCallName> {
  return {
    'downloads:list': async ({ jobId }) => downloads.list(jobId),
    'downloads:pause': ({ id }) => downloads.pause(id),
    'downloads:resume': async ({ id }) => downloads.resume(id),
  };
}
