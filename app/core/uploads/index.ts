/** "Add videos…": files and links become videos of a collection; resumable, never sent twice. */
export { UploadEngine, mediaTypeOf, type UploadEngineDeps } from './upload-engine';
export { createUploadsHandlers, type UploadsCallName } from './uploads-handlers';
