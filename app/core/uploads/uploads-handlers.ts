/** The core's `uploads:` calls ("Add videos…"). */
import type { Handlers } from '../../shared/contract';
import type { UploadEngine } from './upload-engine';

/** Names of the `uploads:` calls. */
export type UploadsCallName =
  | 'uploads:add-files'
  | 'uploads:add-link'
  | 'uploads:list'
  | 'uploads:pause'
  | 'uploads:resume'
  | 'uploads:register-again'
  | 'uploads:dismiss';

/** One handler per `uploads:` call. */
export function createUploadsHandlers(uploads: UploadEngine): Pick<Handlers, UploadsCallName> {
  return {
    'uploads:add-files': ({ collectionId, paths }) => uploads.addFiles(collectionId, paths),
    'uploads:add-link': async ({ collectionId, link, name }) =>
      uploads.addLink(collectionId, link, name),
    'uploads:list': async () => uploads.list(),
    'uploads:pause': ({ id }) => uploads.pause(id),
    'uploads:resume': async ({ id }) => uploads.resume(id),
    'uploads:register-again': async ({ id }) => uploads.registerAgain(id),
    'uploads:dismiss': async ({ id }) => {
      await uploads.dismiss(id);
      return { ok: true as const };
    },
  };
}
