/** Clipboard export formats. */
export { csvField, formatClips, formatTimestamp, playerLinkOf } from './format-clips';
