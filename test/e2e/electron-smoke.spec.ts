/**
 * Smoke test of the real Electron app, where an Electron binary exists. On machines installed
 * with ELECTRON_SKIP_BINARY_DOWNLOAD there is none, and the test reports itself skipped with the
 * reason. (It never calls `require('electron')`, which would try to download the binary.)
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, type RunningServer } from '../server';

/** Path of the Electron binary of node_modules/electron, or null when it was never downloaded. */
function electronBinary(): string | null {
  if (process.env['ELECTRON_PATH'] && existsSync(process.env['ELECTRON_PATH'])) {
    return process.env['ELECTRON_PATH'];
  }
  const pkg = resolve('node_modules/electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

const binary = electronBinary();
const built =
  existsSync(resolve('out/main/index.js')) && existsSync(resolve('out/renderer/index.html'));

test.describe('Electron app', () => {
  test.skip(
    binary === null,
    'No Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1; node_modules/electron/path.txt is missing).',
  );
  test.skip(!built, 'The app is not built: run `npx electron-vite build` first.');

  let server: RunningServer;
  let dataDir: string;
  test.beforeAll(async () => {
    server = await startServer();
    dataDir = mkdtempSync(join(tmpdir(), 'clips-electron-smoke-'));
  });
  test.afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('starts hardened, exposes window.api only, and answers a call', async () => {
    const app = await electron.launch({
      executablePath: binary!,
      args: [resolve('.')],
      env: {
        ...process.env,
        VIDEODB_CLIPS_DEMO_API_BASE_URL: server.url,
        VIDEODB_CLIPS_DEMO_API_KEY: server.apiKey,
        VIDEODB_CLIPS_DEMO_DATA_DIR: dataDir,
      },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForFunction(() => typeof (window as any).api === 'object');
      expect(page.url()).toBe('app://app/index.html');
      const globals = await page.evaluate(() => ({
        require: typeof (window as any).require,
        process: typeof (window as any).process,
        ipc: typeof (window as any).ipcRenderer,
      }));
      expect(globals).toEqual({ require: 'undefined', process: 'undefined', ipc: 'undefined' });
      const status = await page.evaluate(() => (window as any).api.secrets.status());
      expect(status).toMatchObject({ ok: true, value: { hasKey: true, apiBaseUrl: server.url } });
      const windows = await app.evaluate(
        ({ BrowserWindow }) => BrowserWindow.getAllWindows().length,
      );
      expect(windows).toBe(1);
      // Navigation away is refused: the page stays on app://app.
      await page.evaluate(() => {
        location.href = 'https://example.com/';
      });
      await page.waitForTimeout(500);
      expect(page.url()).toBe('app://app/index.html');
    } finally {
      await app.close();
    }
  });
});
