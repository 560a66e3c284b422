/** VideoDB HTTP client: envelopes, classification of errors, job polling primitives. */
export { VideoDbError } from './errors';
export type { VideoDbErrorInit } from './errors';
export { apiPath, createVideoDbClient, playerLinkFor } from './client';
export { existingIdIn } from './upload-endpoints';
export { parseFidelity, type EditorTimeline } from './editor-endpoints';
export type {
  VideoDbClient,
  VideoDbClientOptions,
  JobHandle,
  PollResult,
  ClipResult,
  ApiVideo,
  AccountUsage,
} from './client';
export {
  envProxyResolver,
  noProxyCovers,
  parseProxyRules,
  systemTrustedCertificates,
} from './network-route';
export type {
  ParsedProxyRules,
  ProxyRoute,
  ResolveProxy,
  TrustedCertificates,
} from './network-route';
