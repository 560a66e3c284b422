import { safeExternalUrl } from './external-url';

/** What to do with a navigation or window.open: never in the app; maybe in the user's browser. */
export interface NavigationDecision {
  allowInApp: false;
  /** The https URL to hand to `shell.openExternal`, or null to drop the request. */
  openExternal: string | null;
}

/**
 * The page never navigates away and never opens windows. An https link becomes a request to open
 * it in the user's browser; everything else (file:, javascript:, app:, http:, data:) is dropped.
 */
export function decideNavigation(url: string): NavigationDecision {
  return { allowInApp: false, openExternal: safeExternalUrl(url) };
}

/** The parts of a webContents the hardening touches. */
export interface HardenableContents {
  on(
    event: 'will-navigate',
    listener: (event: { preventDefault(): void; url: string }) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Apply the navigation rules to one webContents: `will-navigate` prevented, `window.open` denied,
 * `<webview>` never attached; https targets go to `openExternal` (the OS browser).
 */
export function hardenContents(
  contents: HardenableContents,
  openExternal: (url: string) => void,
): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    const { openExternal: target } = decideNavigation(event.url);
    if (target !== null) openExternal(target);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const { openExternal: target } = decideNavigation(url);
    if (target !== null) openExternal(target);
    return { action: 'deny' };
  });
}
