/**
 * The app's identity on the OS. Windows routes toasts (and their clicks) to the app whose
 * AppUserModelID matches the one its Start-menu shortcut was installed with, which is the
 * `appId` of electron-builder.yml; a test keeps the two equal.
 */
export const APP_ID = 'io.videodb.clips';

/**
 * The AppUserModelID to set before `ready`, or null where the OS has none
 * (`app.setAppUserModelId` exists on Windows only).
 */
export function appUserModelIdFor(platform: NodeJS.Platform): string | null {
  return platform === 'win32' ? APP_ID : null;
}
