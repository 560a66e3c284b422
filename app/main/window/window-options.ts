import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { WindowBounds } from './window-state';

/** Window background per theme, matching the renderer's page background to avoid a flash. */
export const BACKGROUND = { dark: '#16181d', light: '#ffffff' } as const;

/** Smallest useful window. */
export const MIN_SIZE = { width: 720, height: 480 } as const;

/**
 * The hardened web preferences (design.md "Security rules"): isolated, sandboxed, no Node in the
 * page, web security on, no `<webview>`, nothing experimental, and only our bundled preload.
 * Developer tools only where asked for: never in a packaged build.
 */
export function hardenedWebPreferences(
  preloadPath: string,
  opts: { devTools: boolean } = { devTools: false },
): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    // Middle-click would try to open a new window; they are all denied anyway.
    disableBlinkFeatures: 'Auxclick',
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
    devTools: opts.devTools,
  };
}

/** Options of the main window: remembered bounds, theme background, hardened preferences. */
export function mainWindowOptions(opts: {
  preloadPath: string;
  bounds: WindowBounds;
  dark: boolean;
  title: string;
  /** `!app.isPackaged`: developer tools in development only. */
  devTools: boolean;
}): BrowserWindowConstructorOptions {
  const { x, y, width, height } = opts.bounds;
  return {
    ...(x !== undefined && y !== undefined ? { x, y } : {}),
    width,
    height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: opts.title,
    show: false,
    backgroundColor: opts.dark ? BACKGROUND.dark : BACKGROUND.light,
    webPreferences: hardenedWebPreferences(opts.preloadPath, { devTools: opts.devTools }),
  };
}
