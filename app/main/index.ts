/**
 * Entry point of the Electron main process (bundled to out/main/index.js). Wires the real core,
 * keychain, logger and ipcMain into {@link runMain}.
 *
 * Demo mode (unpackaged runs only): VIDEODB_CLIPS_DEMO_API_BASE_URL, VIDEODB_CLIPS_DEMO_API_KEY and
 * VIDEODB_CLIPS_DEMO_DATA_DIR point the app at the local server with a memory-only key, so the
 * demo never touches the user's keychain or real data folder.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import {
  SECRET_SERVICE,
  accountFor,
  createCore,
  createLogger,
  createMemorySecretStore,
  createSecretStore,
} from '../core';
import type { Logger, SecretStore } from '../core/types';
import type { DemoNetworkControl } from '../shared/demo-network';
import { toAppError } from '../core';
import { registerMainIpc } from './ipc';
import { registerAppScheme, runMain } from './main-process';

registerAppScheme();

const here = dirname(fileURLToPath(import.meta.url));
const env = process.env;
const demo =
  !app.isPackaged && env['VIDEODB_CLIPS_DEMO_API_BASE_URL'] !== undefined
    ? {
        apiBaseUrl: env['VIDEODB_CLIPS_DEMO_API_BASE_URL'],
        apiKey: env['VIDEODB_CLIPS_DEMO_API_KEY'] ?? null,
        dataDir: env['VIDEODB_CLIPS_DEMO_DATA_DIR'] ?? null,
        controlUrl: env['VIDEODB_CLIPS_DEMO_CONTROL_URL'] ?? null,
        controlToken: env['VIDEODB_CLIPS_DEMO_CONTROL_TOKEN'] ?? null,
      }
    : null;

/** The demo's "Simulate offline" switch: the local server's control API (loopback only). */
function demoNetworkControl(controlUrl: string, token: string): DemoNetworkControl {
  let offline = false;
  return {
    isOffline: () => offline,
    async setOffline(next) {
      const res = await fetch(`${controlUrl}/_control/set`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-control-token': token },
        body: JSON.stringify({ offline: next }),
      });
      if (!res.ok) throw new Error(`The demo server refused the switch (HTTP ${res.status}).`);
      offline = next;
    },
  };
}
if (demo?.dataDir) {
  app.setPath('userData', demo.dataDir);
  // The demo's logs stay in its own folder too (on macOS they would go to ~/Library/Logs).
  app.setAppLogsPath(join(demo.dataDir, 'logs'));
}

/**
 * The one logs folder: the file logger writes there and Help → Show Logs (and the start-up
 * failure dialog) open it. `~/Library/Logs/VideoDB Clips` on macOS, `<userData>/logs` elsewhere.
 */
const logsDir = ((): string => {
  try {
    return app.getPath('logs');
  } catch {
    return join(app.getPath('userData'), 'logs');
  }
})();

/** Console fallback for when the file logger cannot start (it must never stop the app). */
const consoleLogger: Logger = {
  debug: () => undefined,
  info: (m, f) => console.info(m, f ?? ''),
  warn: (m, f) => console.warn(m, f ?? ''),
  error: (m, f) => console.error(m, f ?? ''),
};

function makeLogger(): Logger {
  try {
    return createLogger({ file: join(logsDir, 'main.log') });
  } catch {
    return consoleLogger;
  }
}

const logger = makeLogger();

async function makeSecretStore(): Promise<SecretStore> {
  if (demo === null) return createSecretStore(SECRET_SERVICE, { logger });
  const store = createMemorySecretStore('session');
  if (demo.apiKey) await store.set(accountFor(demo.apiBaseUrl), demo.apiKey);
  return store;
}

// Development (the Vite dev server): every answer and event is checked against the contract.
if (env['ELECTRON_RENDERER_URL'] && !app.isPackaged) env['VIDEODB_CHECK_CONTRACT'] ??= '1';

runMain({
  createCore,
  createSecretStore: makeSecretStore,
  registerIpc: registerMainIpc,
  toError: toAppError,
  logger,
  preloadPath: join(here, '../preload/index.cjs'),
  rendererDir: join(here, '../renderer'),
  ...(env['ELECTRON_RENDERER_URL'] && !app.isPackaged
    ? { devServerUrl: env['ELECTRON_RENDERER_URL'] }
    : {}),
  ...(demo !== null ? { defaultApiBaseUrl: demo.apiBaseUrl } : {}),
  ...(demo?.controlUrl && demo.controlToken
    ? { demoNetwork: demoNetworkControl(demo.controlUrl, demo.controlToken) }
    : {}),
  appVersion: app.getVersion(),
  logsDir,
}).catch((err: unknown) => {
  logger.error('The app could not start', { error: String(err) });
  app.exit(1);
});
