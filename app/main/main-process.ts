/**
 * The Electron side of the composition root: everything that touches Electron objects, kept thin.
 * Decisions live in pure modules (security/, window/, menu, ipc/); the core arrives through
 * {@link MainOptions} so this file is testable with a mocked `electron` and a fake core.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  BrowserWindow,
  Menu,
  dialog,
  Notification,
  app,
  clipboard,
  crashReporter,
  nativeTheme,
  net,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
} from 'electron';
import { AppError, VideoDbError, deferredSecretStore, moveHistoryAside } from '../core';
import type { Core, CoreDeps, Logger, SecretStore } from '../core/types';
import type { EventName, EventPayload } from '../shared/contract';
import { buildCsp } from '../shared/csp';
import { demoNetworkHandlers, type DemoNetworkControl } from '../shared/demo-network';
import type { AppErrorInfo } from '../shared/domain';
import { aboutPanelOptions } from './about';
import { appUserModelIdFor } from './app-id';
import { createConnectivityHints } from './connectivity-hints';
import { keyMoveDialog } from './key-move-dialog';
import {
  DEEP_LINK_SCHEME,
  deepLinkInArgv,
  parseDeepLink,
  type DeepLink,
} from '../shared/deep-link';
import { createCrashGuard, crashLoopDialog, type GoneReason } from './crash-guard';
import { createJobActivity, sameView, type ActivityView } from './job-activity';
import type { IpcRegistration, RegisterIpcOptions, TransportHandlers } from './ipc/register-ipc';
import { isTrustedSender } from './ipc/trusted-sender';
import { buildMenuTemplate } from './menu';
import { createNotifier } from './notifier';
import { QUIT_DEADLINE_MS, finishWithin } from './quit';
import { installedAppUpdater, startUpdates, type Updater, type Updates } from './updates';
import { describeStartupFailure, startupDialog } from './startup-failure';
import {
  APP_INDEX_URL,
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
} from './security/app-protocol';
import { linkNeedsConfirmation, safeExternalUrl } from './security/external-url';
import { hardenContents } from './security/navigation';
import { isPermissionAllowed } from './security/permissions';
import { BACKGROUND, MIN_SIZE, mainWindowOptions } from './window/window-options';
import { fitToDisplays, loadWindowState, saveWindowStateSync } from './window/window-state';

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
  /** The folder the log files are in (Help → Show Logs opens it); default `app.getPath('logs')`. */
  logsDir?: string;
  /**
   * Where updates come from: default electron-updater's, in the installed app with a feed only
   * (see app/main/updates.ts); null = this run has no updates.
   */
  createUpdater?: () => Promise<Updater | null>;
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

/** Open the logs folder in the file manager (made first, so there is something to open). */
async function openLogsFolder(logsDir: string, logger: Logger): Promise<void> {
  await mkdir(logsDir, { recursive: true }).catch(() => undefined);
  const problem = await shell.openPath(logsDir);
  if (problem !== '') logger.warn('Could not show the logs folder', { problem });
}

/**
 * Start the engine; when it cannot start, say why in a native dialog and offer "Show Logs" (then
 * ask again), "Move History Aside and Start Fresh" (then try again) or "Quit" (null).
 */
async function startCoreOrAsk(
  start: () => Promise<Core>,
  dataDir: string,
  logger: Logger,
  showLogs: () => Promise<void>,
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
        await showLogs();
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
  // Windows shows toasts (and routes their clicks) only for an app with an AppUserModelID, which
  // must match the installer's shortcut (electron-builder's appId). Set before `ready`.
  const appUserModelId = appUserModelIdFor(process.platform);
  if (appUserModelId !== null) app.setAppUserModelId(appUserModelId);
  // Crash dumps stay on this machine (crashDumps folder); nothing is uploaded anywhere.
  crashReporter.start({ uploadToServer: false });

  let win: BrowserWindow | null = null;
  let openWindow: (() => Promise<BrowserWindow>) | null = null;
  let opening: Promise<BrowserWindow> | null = null;
  /**
   * Our window, shown and focused. On macOS the app keeps running with no window; a notification
   * click, a menu item or a second launch then opens a new one first.
   */
  const revealWindow = async (): Promise<BrowserWindow | null> => {
    if ((win === null || win.isDestroyed()) && openWindow !== null) {
      opening ??= openWindow().finally(() => (opening = null));
      await opening;
    }
    const current = win;
    if (current === null || current.isDestroyed()) return null;
    if (current.isMinimized()) current.restore();
    current.show();
    current.focus();
    return current;
  };
  const focusWindow = (): void => {
    void revealWindow().catch((err: unknown) =>
      logger.warn('Could not open the window', { error: String(err) }),
    );
  };
  // Deep links (videodb-clips://…): macOS hands them to 'open-url' (also before ready), Windows
  // and Linux start the app with the link in argv, or a second instance passes its argv here.
  // A link that arrives before the page can hear it waits for the IPC bridge.
  let pendingLink: DeepLink | null = deepLinkInArgv(process.argv);
  let bridgeReady = false;
  const openDeepLink = (link: DeepLink): void => {
    if (!bridgeReady) {
      pendingLink = link;
      return;
    }
    void revealWindow()
      .then(() =>
        link.kind === 'job'
          ? emit('app:focus-job', { id: link.id })
          : emit('app:open-video', { collectionId: link.collectionId, videoId: link.videoId }),
      )
      .catch((err: unknown) => logger.warn('Could not open the window', { error: String(err) }));
  };
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = parseDeepLink(url);
    if (link === null) logger.warn('Ignored a link the app does not know', { length: url.length });
    else openDeepLink(link);
  });
  app.on('second-instance', (_event, argv) => {
    const link = Array.isArray(argv) ? deepLinkInArgv(argv) : null;
    if (link !== null) openDeepLink(link);
    else focusWindow();
  });
  // Only the installed app claims the scheme; a development run would point the OS at Electron.
  if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);

  // Links leave for the browser only after a yes when they did not come from the app's own UI
  // (the settings' API address counts as the app's own once the engine runs).
  let ownOrigins: string[] = [];
  const confirmThenOpen = async (safe: string): Promise<boolean> => {
    if (linkNeedsConfirmation(safe, ownOrigins)) {
      const options = {
        type: 'question' as const,
        buttons: ['Cancel', 'Open Link'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
        message: 'Open this link in your browser?',
        detail: `${safe}\n\nThis link did not come from VideoDB Clips itself. Open it only if you trust where it leads.`,
      };
      const parent = win !== null && !win.isDestroyed() ? win : null;
      const { response } = parent
        ? await dialog.showMessageBox(parent, options)
        : await dialog.showMessageBox(options);
      if (response !== 1) return false;
    }
    await shell.openExternal(safe);
    return true;
  };
  // Every webContents ever created (also ones we did not expect) gets the navigation rules.
  const openExternal = (url: string): void => {
    void confirmThenOpen(url).catch((err: unknown) =>
      logger.warn('Could not open a link in the browser', { error: String(err) }),
    );
  };
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, openExternal));

  await app.whenReady();
  nativeTheme.themeSource = 'system';
  app.setAboutPanelOptions(aboutPanelOptions(app.getName(), opts.appVersion));

  const dataDir = app.getPath('userData');
  const logsDir = opts.logsDir ?? app.getPath('logs');
  const showLogs = (): Promise<void> => openLogsFolder(logsDir, logger);
  // A folder that cannot be made is reported by the engine's start below, in plain words.
  await mkdir(dataDir, { recursive: true }).catch(() => undefined);

  const origins = allowedOrigins(opts.devServerUrl);
  const ses = session.defaultSession;
  // Only element fullscreen (the player's button), only for our own page; the rest is denied.
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionAllowed(permission, details.requestingUrl, origins)),
  );
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, origins),
  );
  // The page's stream requests go through the core's media relay (hosts VideoDB named only).
  let relayMedia: ((request: Request) => Promise<Response>) | null = null;
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler(opts.rendererDir, () => relayMedia),
  );
  if (opts.devServerUrl !== undefined) {
    const dev = new URL(opts.devServerUrl);
    const hmr = `${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}`;
    const csp = buildCsp({ allowInline: true, directMedia: true, extraConnect: [hmr] });
    ses.webRequest.onHeadersReceived({ urls: [`${dev.origin}/*`] }, (details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] },
      });
    });
  }

  let ipc: IpcRegistration | null = null;
  const emit = (name: EventName, payload: unknown): void => ipc?.emit(name, payload);

  // Not awaited: opening the keychain can wait on an unlock prompt, which must come with the
  // window, not before it. The key service asks it lazily and says when it is waiting.
  const secretStore = deferredSecretStore(opts.createSecretStore());
  /** The clip the window shows on its own, as the page last said (app:viewing-job). */
  let viewingJobId: string | null = null;
  /** Updates of the installed app (null: none in this run, or not started yet). */
  let updates: Updates | null = null;
  const coreDeps: CoreDeps = {
    dataDir,
    secretStore,
    clipboard: { writeText: (text) => clipboard.writeText(text) },
    // The window first (a new one if it was closed), then the job: the event waits in the relay
    // until the page says it is ready.
    notifier: createNotifier(
      Notification,
      (jobId) => {
        void revealWindow()
          .then(() => emit('app:focus-job', { id: jobId }))
          .catch((err: unknown) =>
            logger.warn('Could not open the window', { error: String(err) }),
          );
      },
      // Skipped when the person is looking at that very clip in the focused window.
      (jobId) =>
        viewingJobId === jobId &&
        win !== null &&
        !win.isDestroyed() &&
        win.isVisible() &&
        !win.isMinimized() &&
        win.isFocused(),
    ),
    connectivityHints: createConnectivityHints({ net, powerMonitor }),
    // The API key follows a new address only on a yes in a system dialog (a page cannot click it).
    confirmKeyMove: async ({ from, to }) => {
      const options = keyMoveDialog(from, to);
      const parent = win !== null && !win.isDestroyed() ? win : null;
      const { response } = parent
        ? await dialog.showMessageBox(parent, options)
        : await dialog.showMessageBox(options);
      return response === 1;
    },
    // Chromium's own answer (system settings, PAC included) per origin, so the API goes the way
    // the video player does; the OS certificate store is read by the core itself.
    network: {
      resolveProxy: (origin) => session.defaultSession.resolveProxy(origin),
      // Stream files go over Chromium's network stack, like everything the page loaded before.
      fetchMedia: (url, init) => net.fetch(url, init),
    },
    logger,
    appVersion: opts.appVersion,
    ...(opts.defaultApiBaseUrl !== undefined ? { defaultApiBaseUrl: opts.defaultApiBaseUrl } : {}),
  };
  const core = await startCoreOrAsk(() => opts.createCore(coreDeps), dataDir, logger, showLogs);
  if (core === null) {
    app.exit(1);
    return null;
  }
  relayMedia = (request) => core.relayMedia(request);
  void core.handlers['settings:get']({}).then(
    (s) => void (ownOrigins = [s.apiBaseUrl]),
    () => undefined,
  );
  core.on('settings:changed', (s) => void (ownOrigins = [s.apiBaseUrl]));

  const transportHandlers: TransportHandlers = {
    // registerIpc flushes the event queue once this succeeds.
    'app:ready': async () => {
      // A page that (re)loads hears of an update that is already waiting.
      const version = updates?.readyVersion() ?? null;
      if (version !== null) emit('app:update-ready', { version });
      return { ok: true };
    },
    'app:restart-to-update': async () => {
      if (updates === null || updates.readyVersion() === null) {
        throw new AppError('validation', 'No update is ready to install.');
      }
      // Answer first; then finish like a quit (bounds saved, writes done) and let the updater
      // install and start the new version.
      setImmediate(() => void restartToUpdate());
      return { ok: true };
    },
    // "Save as MP4…": the system's save dialog, then the core downloads into the chosen file.
    'downloads:save': async ({ jobId }) => {
      const name = core.downloads.suggestedFileName(jobId);
      const options = {
        title: 'Save clip as MP4',
        defaultPath: join(app.getPath('downloads'), name),
        filters: [{ name: 'MP4 video', extensions: ['mp4'] }],
      };
      const parent = win;
      const { canceled, filePath } = parent
        ? await dialog.showSaveDialog(parent, options)
        : await dialog.showSaveDialog(options);
      if (canceled || !filePath) return { download: null };
      return { download: core.downloads.start(jobId, filePath) };
    },
    'downloads:show-in-folder': async ({ id }) => {
      const d = core.downloads.get(id);
      shell.showItemInFolder(d.status === 'done' ? d.targetPath : dirname(d.targetPath));
      return { ok: true };
    },
    'app:viewing-job': async ({ id }) => {
      viewingJobId = id;
      return { ok: true };
    },
    'app:open-external': async ({ url }) => {
      const safe = safeExternalUrl(url);
      if (safe === null) throw new VideoDbError('validation', 'Only https:// links can be opened.');
      await confirmThenOpen(safe);
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
  bridgeReady = true;
  // The link the app was started with, or one that came while it was starting.
  if (pendingLink !== null) openDeepLink(pendingLink);

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        platform: process.platform,
        appName: app.getName(),
        dev: opts.devServerUrl !== undefined,
        send: (action) =>
          void revealWindow()
            .then(() => emit('app:menu', { action }))
            .catch((err: unknown) =>
              logger.warn('Could not open the window', { error: String(err) }),
            ),
        openHelp: () => openExternal(HELP_URL),
        showLogs: () => void showLogs(),
      }),
    ),
  );

  const crashGuard = createCrashGuard();
  let closing: Promise<void> | null = null;
  const rememberBounds = (w: BrowserWindow): void => {
    try {
      saveWindowStateSync(dataDir, { ...w.getNormalBounds(), maximized: w.isMaximized() });
    } catch (err) {
      logger.warn('Could not remember the window size', { error: String(err) });
    }
  };
  /** The page's renderer process is gone: log why, reload it, and ask when it keeps crashing. */
  const onPageGone = async (w: BrowserWindow, reason: GoneReason, exitCode: number) => {
    registration.relay.reset();
    logger.error('The window’s page stopped', { reason, exitCode });
    if (closing !== null || w.isDestroyed() || reason === 'clean-exit') return;
    if (crashGuard.decide() === 'reload') {
      w.webContents.reload();
      return;
    }
    const { options, choices } = crashLoopDialog(reason);
    for (;;) {
      const { response } = await dialog.showMessageBox(w, options);
      const choice = choices[response] ?? 'quit';
      if (choice === 'show-logs') {
        await showLogs();
        continue;
      }
      if (choice === 'quit') {
        app.quit();
        return;
      }
      crashGuard.reset();
      if (!w.isDestroyed()) w.webContents.reload();
      return;
    }
  };

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
    created.webContents.on('render-process-gone', (_event, details) => {
      void onPageGone(created, details.reason, details.exitCode).catch((err: unknown) =>
        logger.error('Could not recover the window', { error: String(err) }),
      );
    });
    // Saved before `close` returns: the process may be gone before an asynchronous write lands.
    created.on('close', () => rememberBounds(created));
    created.on('closed', () => {
      if (win !== created) return;
      win = null;
      // Events wait for the next window's page to say it is ready.
      registration.relay.reset();
    });
    await created.loadURL(opts.devServerUrl ?? APP_INDEX_URL);
    // A new window (macOS, after the last one closed) shows the progress bar of jobs still running.
    if (shownActivity !== null) showActivity(shownActivity, true);
    return created;
  };

  openWindow = createWindow;

  // The Dock/taskbar: a badge with the number of running jobs (macOS, Linux/Unity; Windows has no
  // badge) and a progress bar while any runs, driven by the core's job events.
  const activity = createJobActivity();
  let shownActivity: ActivityView | null = null;
  const showActivity = (view: ActivityView, force = false): void => {
    if (!force && sameView(shownActivity, view)) return;
    shownActivity = view;
    if (process.platform !== 'win32') app.setBadgeCount(view.running);
    const w = win;
    if (w === null || w.isDestroyed()) return;
    if (view.progress === 'indeterminate') w.setProgressBar(2, { mode: 'indeterminate' });
    else w.setProgressBar(view.progress);
  };
  core.onAny((name, payload) => {
    if (name === 'jobs:changed')
      showActivity(activity.changed(payload as EventPayload<'jobs:changed'>));
    else if (name === 'jobs:removed') {
      showActivity(activity.removed((payload as EventPayload<'jobs:removed'>).ids));
    }
  });

  nativeTheme.on('updated', () => {
    win?.setBackgroundColor(nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light);
  });

  /**
   * Close the engine (in-flight writes finish), at most {@link QUIT_DEADLINE_MS}; the IPC handlers
   * stay until then, so calls in flight get their answer rather than "The app did not answer".
   * Resolves with whether the engine finished in time.
   */
  let closeOutcome: Promise<'finished' | 'timed-out'> | null = null;
  const shutdown = (): Promise<'finished' | 'timed-out'> => {
    closeOutcome ??= (async () => {
      const closingCore = core.close().catch((err: unknown) => {
        logger.error('The engine did not close cleanly', { error: String(err) });
      });
      closing = closingCore;
      const outcome = await finishWithin(closingCore, QUIT_DEADLINE_MS);
      if (outcome === 'timed-out') {
        logger.error('The engine did not close in time; quitting anyway', {
          waitedMs: QUIT_DEADLINE_MS,
        });
      }
      registration.dispose();
      return outcome;
    })();
    return closeOutcome;
  };
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    // Let in-flight writes finish before the process goes away, out of the user's sight: the
    // bounds are saved now (the window closes only after the engine), then the window hides.
    event.preventDefault();
    if (win !== null && !win.isDestroyed()) {
      rememberBounds(win);
      win.hide();
    }
    void shutdown().then((outcome) => {
      closed = true;
      if (outcome === 'timed-out') app.exit(0);
      else app.quit();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (win === null) focusWindow();
  });

  const restartToUpdate = async (): Promise<void> => {
    if (win !== null && !win.isDestroyed()) {
      rememberBounds(win);
      win.hide();
    }
    await shutdown();
    closed = true;
    updates?.restart();
  };

  await createWindow();
  await core.start();
  try {
    const updater = await (
      opts.createUpdater ??
      (() =>
        installedAppUpdater({
          isPackaged: app.isPackaged,
          resourcesPath: process.resourcesPath,
          logger,
        }))
    )();
    if (updater !== null) {
      updates = startUpdates({
        updater,
        logger,
        onReady: (version) => emit('app:update-ready', { version }),
      });
    }
  } catch (err) {
    logger.warn('Updates are off: the updater did not start', { error: String(err) });
  }
  // Jobs resumed from the last run count from the start, before their next event.
  await core.handlers['jobs:list']({
    statuses: ['sending', 'processing'],
    offset: 0,
    limit: 500,
  }).then(
    (page) => {
      for (const job of Array.isArray(page.jobs) ? page.jobs : []) activity.changed(job);
      showActivity(activity.view());
    },
    (err: unknown) => logger.warn('Could not count the running jobs', { error: String(err) }),
  );
  for (const warning of core.startupWarnings) logger.warn('Startup warning', { ...warning });

  return {
    core,
    ipc: registration,
    getWindow: () => win,
    shutdown: async () => {
      const outcome = await shutdown();
      closed = true;
      if (outcome === 'timed-out') app.exit(0);
      else app.quit();
    },
  };
}
