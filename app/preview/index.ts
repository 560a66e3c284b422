/** The browser preview: the core and contract over a loopback WebSocket. */
export { startPreview } from './start-preview';
export type { PreviewOptions, RunningPreview } from './start-preview';
export { createWsTransport, tokenMatches } from './ws-transport';
export type { WsTransport, WsTransportOptions } from './ws-transport';
export { injectClientScript, previewCsp, readStatic, resolveInside } from './static-files';
export { bundleClient, loadClientScript } from './client-bundle';
