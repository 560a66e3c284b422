/** "Add videos…": files and links become videos of a collection; resumable, never sent twice. */
export { UploadEngine, type UploadEngineDeps } from './upload-engine';
export { mediaTypeOf } from './upload-record';
export { pieceSize } from './upload-transfer';
export { createUploadsHandlers, type UploadsCallName } from './uploads-handlers';
