/** The media relay and the hosts it may fetch from. */
export {
  MAX_MEDIA_ORIGINS,
  MEDIA_ORIGINS_KEY,
  MediaAllowlist,
  mediaOriginOf,
  type MediaAllowlistDeps,
} from './media-allowlist';
export {
  createMediaRelay,
  createMediaRoom,
  mediaRelayTarget,
  playlistLinks,
  type MediaRelayDeps,
} from './media-relay';
