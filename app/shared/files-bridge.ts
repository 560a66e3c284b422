/**
 * `window.files`: where on this computer the files a person dropped or chose are, so main can
 * upload them ("Add videos…"). Not a contract call: a page only knows `File` objects. Preload
 * answers with Electron's `webUtils.getPathForFile`; the preview page copies each file to the
 * preview's own folder first (a browser never learns a file's path) and answers with that copy.
 * Types and names only (preload imports it).
 */

/** What the page is given on `window.files` (`F` is the DOM's `File`; this module has no DOM). */
export interface FilesBridge<F = File> {
  /** The paths of `files`, in order; '' for one that is not a file on disk. */
  pathsFor(files: readonly F[]): Promise<string[]>;
}

/** The DOM's `File`, as far as this module needs to name it. */
interface File {
  readonly name: string;
}

/** Path of the preview server's route that keeps a copy of a file the page hands it. */
export const STAGE_FILE_PATH = '/__preview/stage-file';
/** Header that carries the preview's token on {@link STAGE_FILE_PATH}. */
export const STAGE_TOKEN_HEADER = 'x-preview-token';
