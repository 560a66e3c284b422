/** "Add videos…": files and links become videos of a collection; resumable, never sent twice. */
export { UploadEngine, mediaTypeOf, pieceSize, type UploadEngineDeps } from './upload-engine';
export { createUploadsHandlers, type UploadsCallName } from './uploads-handlers';
