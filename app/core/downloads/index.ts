/** "Save as MP4…": MP4 downloads of done clips, resumable with HTTP Range, kept across restarts. */
export { DownloadEngine, type DownloadEngineDeps } from './download-engine';
export { createDownloadsHandlers, type DownloadsCallName } from './downloads-handlers';
export { EditorExports, clientRefOf, timelineOf, type EditorExportsDeps } from './editor-exports';
