/** Clipboard export formats. */
export { csvField, formatClips, formatTimestamp, hasLinkFor, playerLinkOf } from './format-clips';
