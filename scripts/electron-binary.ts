/**
 * Where the Electron binary of `node_modules/electron` is, or null when it was never downloaded
 * (installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or a download that failed). Read from the
 * package's own `path.txt`, never through `require('electron')`, which starts a download.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function electronBinary(root: string): string | null {
  const fromEnv = process.env['ELECTRON_PATH'];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

/** The one line `npm start` and `npm run dev` print where no Electron binary exists. */
export const NO_ELECTRON_MESSAGE =
  'No Electron binary is installed on this machine, so the desktop app cannot start here. ' +
  'Try the app in your browser instead: npm run demo -- --browser';
