/**
 * The core's `downloads:` calls. `downloads:save` (which asks where first) and
 * `downloads:show-in-folder` belong to the transport: they need a dialog or the file manager.
 */
import type { Handlers } from '../../shared/contract';
import type { DownloadEngine } from './download-engine';
import type { EditorExports } from './editor-exports';

/** Names of the core's `downloads:` calls. */
export type DownloadsCallName =
  | 'downloads:list'
  | 'downloads:pause'
  | 'downloads:resume'
  | 'downloads:editor-export'
  | 'downloads:editor-exports';

/** One handler per core `downloads:` call. */
export function createDownloadsHandlers(
  downloads: DownloadEngine,
  editorExports: EditorExports,
): Pick<Handlers, DownloadsCallName> {
  return {
    'downloads:editor-export': async ({ jobId }) => editorExports.start(jobId),
    'downloads:editor-exports': async ({ jobId }) => editorExports.list(jobId),
    'downloads:list': async ({ jobId }) => downloads.list(jobId),
    'downloads:pause': ({ id }) => downloads.pause(id),
    'downloads:resume': async ({ id }) => downloads.resume(id),
  };
}
