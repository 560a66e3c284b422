/** Clipboard export formats, and the editor exports built from a clip's timeline. */
export { chaptersOf, MIN_CHAPTER_SECONDS, toYoutubeChapters, youtubeTimestamp } from './chapters';
export type { Chapter } from './chapters';
export { clipName, fcpxmlTime, toEdl, toFcpxml, toOtio, toXmeml, xmlEscape } from './nle';
export { cuesOf, toSrt, toVtt, wrapText } from './subtitles';
export type { Cue } from './subtitles';
export {
  buildReel,
  frameRate,
  framesToMillis,
  framesToSeconds,
  hasTimelineMedia,
  isDropFrame,
  secondsToFrames,
  timecode,
  timecodeBase,
  toMediaUrl,
} from './timeline';
export type { EditorExportOptions, FrameRate, MediaRef, Reel, ReelClip } from './timeline';
export { csvField, formatClips, formatTimestamp, hasLinkFor, playerLinkOf } from './format-clips';
export { createClipboardHandlers, type ClipboardHandlerDeps } from './clipboard-handlers';
