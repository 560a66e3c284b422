/**
 * The About panel (app menu on macOS, Help on Windows and Linux): name, version, copyright and
 * the website. Pure; main-process.ts passes it to `app.setAboutPanelOptions`.
 */
import type { AboutPanelOptionsOptions } from 'electron';

/** Copyright line; the same as electron-builder.yml's `copyright` (a test keeps them equal). */
export const COPYRIGHT = 'Copyright © 2026 VideoDB Clips contributors';
/** The product's website (package.json `homepage`). */
export const WEBSITE = 'https://videodb.io';

/** Options of the About panel for this app and version. */
export function aboutPanelOptions(appName: string, version: string): AboutPanelOptionsOptions {
  return {
    applicationName: appName,
    applicationVersion: version,
    copyright: COPYRIGHT,
    // Linux only (Electron docs, app.setAboutPanelOptions).
    website: WEBSITE,
    credits: 'Clips from your VideoDB library, described in your own words.',
  };
}
