/**
 * The Electron side of the composition root: everything that touches Electron objects, kept thin.
 * Decisions live in pure modules (security/, window/, menu, ipc/); the core arrives through
 * {@link MainOptions} so this file is testable with a mocked `electron` and a fake core.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BrowserWindow,
  Menu,
  dialog,
  Notification,
  app,
  clipboard,
  nativeTheme,
  net,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
} from 'electron';
import { moveHistoryAside } from '../core';
import type { Core, CoreDeps, Logger, SecretStore } from '../core/types';
import { VideoDbError } from '../core/videodb';
import type { EventName } from '../shared/contract';
import { buildCsp } from '../shared/csp';
import { demoNetworkHandlers, type DemoNetworkControl } from '../shared/demo-network';
import type { AppErrorInfo } from '../shared/domain';
import { createConnectivityHints } from './connectivity-hints';
import type { IpcRegistration, RegisterIpcOptions, TransportHandlers } from './ipc/register-ipc';
import { isTrustedSender } from './ipc/trusted-sender';
import { buildMenuTemplate } from './menu';
import { createNotifier } from './notifier';
import { describeStartupFailure, startupDialog } from './startup-failure';
import {
  APP_INDEX_URL,
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
} from './security/app-protocol';
import { safeExternalUrl } from './security/external-url';
import { hardenContents } from './security/navigation';
import { BACKGROUND, MIN_SIZE, mainWindowOptions } from './window/window-options';
import { fitToDisplays, loadWindowState, saveWindowState } from './window/window-state';

/** Help link of the Help menu. */
export const HELP_URL = 'https://docs.videodb.io';

/** What the entry point injects. */
export interface MainOptions {
  createCore(deps: CoreDeps): Promise<Core>;
  createSecretStore(): Promise<SecretStore>;
  /** `registerMainIpc` (Electron's ipcMain) in the app; a fake in tests. */
  registerIpc(opts: Omit<RegisterIpcOptions, 'ipcMain'>): IpcRegistration;
  toError(err: unknown): AppErrorInfo;
  logger: Logger;
  /** Absolute path of `out/preload/index.cjs`. */
  preloadPath: string;
  /** Absolute path of `out/renderer`. */
  rendererDir: string;
  /** Vite dev server URL (electron-vite sets ELECTRON_RENDERER_URL in `npm run dev`). */
  devServerUrl?: string;
  appVersion: string;
  /** Used until the user changes it in settings (the demo points it at the local server). */
  defaultApiBaseUrl?: string;
  /** The demo's network switch (`npm run demo` only). */
  demoNetwork?: DemoNetworkControl;
}

/** A running app (tests use it to reach the pieces). */
export interface MainHandle {
  core: Core;
  ipc: IpcRegistration;
  getWindow(): BrowserWindow | null;
  /** Same as the user quitting: close the core, then quit. */
  shutdown(): Promise<void>;
}

/** Must run before `app` is ready: `app://` is a standard, secure scheme with fetch support. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

/** Origins allowed to talk to main: `app://app`, plus the dev server in development. */
export function allowedOrigins(devServerUrl: string | undefined): string[] {
  if (devServerUrl === undefined) return [APP_ORIGIN];
  return [APP_ORIGIN, new URL(devServerUrl).origin];
}

/**
 * Start the engine; when it cannot start, say why in a native dialog and offer "Show Logs" (then
 * ask again), "Move History Aside and Start Fresh" (then try again) or "Quit" (null).
 */
async function startCoreOrAsk(
  start: () => Promise<Core>,
  dataDir: string,
  logger: Logger,
): Promise<Core | null> {
  for (;;) {
    let failure: unknown;
    try {
      return await start();
    } catch (err) {
      failure = err;
    }
    logger.error('The app could not start', { error: failure });
    const { options, choices } = startupDialog(describeStartupFailure(failure));
    for (;;) {
      const { response } = await dialog.showMessageBox(options);
      const choice = choices[response] ?? 'quit';
      if (choice === 'quit') return null;
      if (choice === 'show-logs') {
        const logs = join(dataDir, 'logs');
        await mkdir(logs, { recursive: true }).catch(() => undefined);
        const problem = await shell.openPath(logs);
        if (problem !== '') logger.warn('Could not show the logs folder', { problem });
        continue;
      }
      try {
        const aside = moveHistoryAside(dataDir);
        logger.warn('History moved aside at the user’s request', { aside });
      } catch (err) {
        logger.error('Could not move the history aside', { error: err });
      }
      break;
    }
  }
}

/**
 * Start the app. Returns null when another instance holds the single-instance lock (this one quits
 * and the other focuses its window), or when the engine could not start and the user chose Quit.
 */
export async function runMain(opts: MainOptions): Promise<MainHandle | null> {
  const { logger } = opts;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  // Every renderer sandboxed, whatever its webPreferences say.
  app.enableSandbox();

  let win: BrowserWindow | null = null;
  const focusWindow = (): void => {
    if (win === null || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  app.on('second-instance', focusWindow);

  // Every webContents ever created (also ones we did not expect) gets the navigation rules.
  const openExternal = (url: string): void => {
    void shell
      .openExternal(url)
      .catch((err: unknown) =>
        logger.warn('Could not open a link in the browser', { error: String(err) }),
      );
  };
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, openExternal));

  await app.whenReady();
  nativeTheme.themeSource = 'system';

  const dataDir = app.getPath('userData');
  // A folder that cannot be made is reported by the engine's start below, in plain words.
  await mkdir(dataDir, { recursive: true }).catch(() => undefined);

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(opts.rendererDir));
  if (opts.devServerUrl !== undefined) {
    const dev = new URL(opts.devServerUrl);
    const hmr = `${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}`;
    const csp = buildCsp({ allowInline: true, extraConnect: [hmr] });
    ses.webRequest.onHeadersReceived({ urls: [`${dev.origin}/*`] }, (details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] },
      });
    });
  }

  let ipc: IpcRegistration | null = null;
  const emit = (name: EventName, payload: unknown): void => ipc?.emit(name, payload);

  const secretStore = await opts.createSecretStore();
  const coreDeps: CoreDeps = {
    dataDir,
    secretStore,
    clipboard: { writeText: (text) => clipboard.writeText(text) },
    notifier: createNotifier(Notification, (jobId) => {
      focusWindow();
      emit('app:focus-job', { id: jobId });
    }),
    connectivityHints: createConnectivityHints({ net, powerMonitor }),
    logger,
    appVersion: opts.appVersion,
    ...(opts.defaultApiBaseUrl !== undefined ? { defaultApiBaseUrl: opts.defaultApiBaseUrl } : {}),
  };
  const core = await startCoreOrAsk(() => opts.createCore(coreDeps), dataDir, logger);
  if (core === null) {
    app.exit(1);
    return null;
  }

  const origins = allowedOrigins(opts.devServerUrl);
  const transportHandlers: TransportHandlers = {
    // registerIpc flushes the event queue once this succeeds.
    'app:ready': async () => ({ ok: true }),
    'app:open-external': async ({ url }) => {
      const safe = safeExternalUrl(url);
      if (safe === null) throw new VideoDbError('validation', 'Only https:// links can be opened.');
      await shell.openExternal(safe);
      return { ok: true };
    },
    ...demoNetworkHandlers(
      opts.demoNetwork ?? null,
      (message) => new VideoDbError('validation', message),
      () => void core.handlers['connectivity:check']({}).catch(() => undefined),
    ),
  };
  ipc = opts.registerIpc({
    core,
    isTrustedSender: (event) => isTrustedSender(event, win?.webContents ?? null, origins),
    transportHandlers,
    getEventTarget: () => (win !== null && !win.isDestroyed() ? win.webContents : null),
    toError: opts.toError,
    logger,
  });
  const registration = ipc;

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        platform: process.platform,
        appName: app.getName(),
        dev: opts.devServerUrl !== undefined,
        send: (action) => emit('app:menu', { action }),
        openHelp: () => openExternal(HELP_URL),
      }),
    ),
  );

  const createWindow = async (): Promise<BrowserWindow> => {
    const saved = await loadWindowState(dataDir);
    const areas = screen.getAllDisplays().map((d) => d.workArea);
    const bounds = fitToDisplays(saved, areas, MIN_SIZE);
    const options = mainWindowOptions({
      preloadPath: opts.preloadPath,
      bounds,
      dark: nativeTheme.shouldUseDarkColors,
      title: app.getName(),
      devTools: !app.isPackaged,
    });
    const created = new BrowserWindow({
      ...options,
      // The key switches again, literally at the call site, so static scanners
      // (electronegativity) can verify them; hardenedWebPreferences() holds the full set.
      webPreferences: {
        ...options.webPreferences,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        disableBlinkFeatures: 'Auxclick',
      },
    });
    win = created;
    if (bounds.maximized) created.maximize();
    created.once('ready-to-show', () => created.show());
    created.webContents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) registration.relay.reset();
    });
    created.webContents.on('render-process-gone', () => registration.relay.reset());
    created.on('close', () => {
      const normal = created.getNormalBounds();
      void saveWindowState(dataDir, { ...normal, maximized: created.isMaximized() }).catch(
        (err: unknown) => logger.warn('Could not remember the window size', { error: String(err) }),
      );
    });
    created.on('closed', () => {
      if (win === created) win = null;
    });
    await created.loadURL(opts.devServerUrl ?? APP_INDEX_URL);
    return created;
  };

  nativeTheme.on('updated', () => {
    win?.setBackgroundColor(nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light);
  });

  let closing: Promise<void> | null = null;
  const shutdown = (): Promise<void> => {
    closing ??= (async () => {
      try {
        await core.close();
      } catch (err) {
        logger.error('The engine did not close cleanly', { error: String(err) });
      }
      registration.dispose();
    })();
    return closing;
  };
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    // Let in-flight writes finish before the process goes away.
    event.preventDefault();
    void shutdown().then(() => {
      closed = true;
      app.quit();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (win === null) void createWindow();
  });

  await createWindow();
  await core.start();
  for (const warning of core.startupWarnings) logger.warn('Startup warning', { ...warning });

  return {
    core,
    ipc: registration,
    getWindow: () => win,
    shutdown: async () => {
      await shutdown();
      closed = true;
      app.quit();
    },
  };
}
