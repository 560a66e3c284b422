// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: electron-builder require()s this file */
/**
 * electron-builder afterPack hook: flips Electron's fuses in the packaged binary so the shipped
 * app cannot be turned into a general Node runtime or debugged from outside:
 * no ELECTRON_RUN_AS_NODE, no NODE_OPTIONS, no --inspect, app code only from app.asar, cookies
 * encrypted, and (macOS/Windows, where Electron supports it) asar integrity checked.
 *
 * A binary without the fuse sentinel is refused (that would ship an app with default fuses),
 * unless VIDEODB_CLIPS_ALLOW_NO_FUSES=1 says it is a deliberate stub. When
 * VIDEODB_CLIPS_AFTER_PACK_REPORT names a file, a JSON report of what was done is written there
 * (the packaging test reads it).
 */
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

/** Path of the binary that carries the fuse wire for this platform. */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const product = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${product}.app`);
    case 'win32':
      return join(appOutDir, `${product}.exe`);
    default:
      return join(appOutDir, packager.executableName);
  }
}

/** @param {any} context electron-builder's AfterPackContext */
exports.default = async function afterPack(context) {
  const { flipFuses, FuseVersion, FuseV1Options } = await import('@electron/fuses');
  const platform = context.electronPlatformName;
  const binary = electronBinaryPath(context);
  // Embedded asar integrity is only implemented by Electron on macOS and Windows.
  const integritySupported = platform === 'darwin' || platform === 'mas' || platform === 'win32';
  const fuses = {
    version: FuseVersion.V1,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
    ...(integritySupported ? { [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true } : {}),
    // arm64 macOS apps must be re-signed ad hoc after the binary changed (real signing follows).
    resetAdHocDarwinSignature: platform === 'darwin' && context.arch === 3 /* Arch.arm64 */,
  };
  const report = { binary, platform, flipped: false, sentinels: 0, reason: '' };
  try {
    report.sentinels = await flipFuses(binary, fuses);
    report.flipped = true;
    console.log(`  • fuses flipped in ${binary}`);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    report.reason = reason;
    if (process.env.VIDEODB_CLIPS_ALLOW_NO_FUSES !== '1') {
      throw new Error(`Could not flip Electron fuses in ${binary}: ${reason}`, { cause: err });
    }
    console.warn(`  • fuses NOT flipped in ${binary} (allowed for a stub build): ${reason}`);
  }
  if (process.env.VIDEODB_CLIPS_AFTER_PACK_REPORT) {
    writeFileSync(process.env.VIDEODB_CLIPS_AFTER_PACK_REPORT, JSON.stringify(report, null, 2));
  }
};
