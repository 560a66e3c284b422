/**
 * A stand-in for the `electron` module (no Electron binary can run here). Tests do
 * `vi.mock('electron', () => import('../support/electron-mock').then((m) => m.electronModule))`
 * and then inspect {@link mock}: what was registered, which windows were created with which
 * options, what was sent to the page. Objects behave just enough like Electron's for main and
 * preload to run their real code paths.
 */
import { EventEmitter } from 'node:events';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { deserialize, serialize } from 'node:v8';
import { vi } from 'vitest';

/**
 * What crosses a process boundary in Electron: IPC arguments, `invoke` results and
 * `webContents.send` payloads are copied with the structured clone algorithm (Electron docs,
 * ipc-renderer "send": "Arguments will be serialized with the Structured Clone Algorithm … sending
 * Functions, Promises, Symbols, WeakMaps, or WeakSets will throw an exception"; ipc-main "handle":
 * the resolved value is cloned the same way). `v8.serialize`/`deserialize` is that algorithm:
 * prototypes, functions and getters do not survive, and what cannot be cloned throws.
 */
export function structuredCopy<T>(value: T): T {
  return deserialize(serialize(value)) as T;
}

/** A frame like WebFrameMain. */
export class FakeFrame {
  parent: FakeFrame | null;
  processId: number;
  frameToken: string;
  url: string;
  constructor(url: string, parent: FakeFrame | null = null, processId = 1, frameToken = 'main') {
    this.url = url;
    this.parent = parent;
    this.processId = processId;
    this.frameToken = frameToken;
  }
}

/** A webContents with the bits main uses. */
export class FakeWebContents extends EventEmitter {
  mainFrame = new FakeFrame('app://app/index.html');
  sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  loadedUrl: string | null = null;
  reloads = 0;
  /** webContents.send(channel, ...args): the page gets a structured clone (see {@link structuredCopy}). */
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args: args.map(structuredCopy) });
  }
  /** webContents.reload(): the page loads again, which starts a main-frame navigation. */
  reload(): void {
    this.reloads++;
    this.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

/** A BrowserWindow that records its options. */
export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  options: any;
  webContents = new FakeWebContents();
  destroyed = false;
  minimized = false;
  maximized = false;
  focused = 0;
  shown = 0;
  hidden = 0;
  visible = false;
  background: string | null = null;
  constructor(options: any) {
    super();
    this.options = options;
    FakeBrowserWindow.created.push(this);
    // Electron emits this for every new webContents.
    mock.app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  show(): void {
    this.shown++;
    this.visible = true;
  }
  hide(): void {
    this.hidden++;
    this.visible = false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  /**
   * win.close() as Electron documents it (browser-window "close" and "closed" events): `close`
   * is emitted with an Event that may be prevented; if it is not, the window and its
   * webContents are destroyed and `closed` is emitted.
   */
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => void (prevented = true) });
    if (prevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  /** Whether the window has the keyboard focus now (win.isFocused(), Electron docs). */
  hasFocus = false;
  focus(): void {
    this.focused++;
    this.hasFocus = true;
  }
  isFocused(): boolean {
    return this.hasFocus;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 1000, height: 700 };
  }
  setBackgroundColor(color: string): void {
    this.background = color;
  }
  /**
   * win.setProgressBar(progress[, options]) (Electron docs, browser-window): below 0 removes the
   * bar, above 1 is indeterminate (on Windows with `mode: 'indeterminate'`), else a fraction.
   * `progressBar` is what the taskbar/Dock shows: null (none), 'indeterminate' or the fraction.
   */
  progressBar: number | 'indeterminate' | null = null;
  progressCalls: Array<[number, { mode?: string }?]> = [];
  setProgressBar(progress: number, options?: { mode?: string }): void {
    this.progressCalls.push(options === undefined ? [progress] : [progress, options]);
    if (progress < 0 || options?.mode === 'none') this.progressBar = null;
    else if (progress > 1 || options?.mode === 'indeterminate') this.progressBar = 'indeterminate';
    else this.progressBar = progress;
  }
}

/** ipcMain: records handle/on registrations. */
export class FakeIpcMain extends EventEmitter {
  handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  /**
   * What `ipcRenderer.invoke(channel, ...args)` does in the page, seen from main (Electron docs,
   * ipc-main "handle" and ipc-renderer "invoke"): the arguments arrive as structured clones, the
   * handler's resolved value goes back as a structured clone, a missing handler rejects with
   * "No handler registered for '<channel>'", and a thrown error reaches the page as a new Error
   * whose message is "Error invoking remote method '<channel>': <error>".
   */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const cloned = args.map(structuredCopy);
    // Only the message crosses to the page, not the error object (so no `cause` either).
    const outcome = await Promise.resolve(handler(event, ...cloned)).then(
      (value) => ({ ok: true as const, value }),
      (err: unknown) => ({ ok: false as const, message: String(err) }),
    );
    if (!outcome.ok)
      throw new Error(`Error invoking remote method '${channel}': ${outcome.message}`);
    return structuredCopy(outcome.value);
  }
  handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

/**
 * A vi.fn whose calls go through structured clone both ways: the spy (configure it with
 * mockResolvedValueOnce etc., assert with toHaveBeenCalledWith) sees cloned arguments, and the
 * caller gets a clone of what it answered, as across Electron's IPC.
 */
function cloningSpy<A extends unknown[], R>(impl: (...args: A) => Promise<R>) {
  const inner = vi.fn(impl);
  const outer = async (...args: A): Promise<R> =>
    structuredCopy(await inner(...(args.map(structuredCopy) as A)));
  return new Proxy(outer, {
    get: (_target, prop) => Reflect.get(inner, prop, inner) as unknown,
    has: (_target, prop) => Reflect.has(inner, prop),
  }) as unknown as typeof inner;
}

/** ipcRenderer for preload tests. */
export class FakeIpcRenderer extends EventEmitter {
  invoke = cloningSpy(async (_channel: string, _input: unknown): Promise<unknown> => ({
    ok: true,
    value: null,
  }));
  /**
   * A message from main on `channel` reaches the page's listeners as (event, ...clonedArgs):
   * Electron clones what `webContents.send` sent (Electron docs, web-contents "send").
   */
  override emit(channel: string | symbol, ...args: unknown[]): boolean {
    const [event, ...rest] = args;
    return super.emit(channel, event, ...rest.map(structuredCopy));
  }
}

/** A Notification class that records instances. */
export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static isSupported(): boolean {
    return true;
  }
  options: { title: string; body: string };
  shown = false;
  constructor(options: { title: string; body: string }) {
    super();
    this.options = options;
    FakeNotification.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

function makeMock() {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    singleInstance: true,
    paths: {} as Record<string, string>,
    quit: vi.fn(),
    exit: vi.fn(),
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => app.singleInstance),
    // app.setAsDefaultProtocolClient(protocol[, path, args]): boolean (Electron docs, app);
    // `protocols` records what the app claimed.
    protocols: [] as string[],
    setAsDefaultProtocolClient: vi.fn((protocol: string) => {
      app.protocols.push(protocol);
      return true;
    }),
    whenReady: vi.fn(async () => void (app.ready = true)),
    // app.getPath('logs') defaults to `<userData>/logs` on Linux and Windows (Electron docs, app
    // "setAppLogsPath"); the mock behaves like Linux.
    getPath: vi.fn(
      (name: string): string =>
        app.paths[name] ??
        (name === 'logs' ? `${app.getPath('userData')}/logs` : `/tmp/electron-mock-${name}`),
    ),
    setAppLogsPath: vi.fn((path?: string) => {
      if (path !== undefined) app.paths['logs'] = path;
    }),
    setPath: vi.fn((name: string, value: string) => void (app.paths[name] = value)),
    getName: () => 'VideoDB Clips',
    getVersion: () => '0.1.0',
    // app.getAppPath(), app.relaunch() (Electron docs, app).
    getAppPath: () => '/tmp/electron-mock-app',
    relaunch: vi.fn(),
    // app.setAboutPanelOptions(options) (Electron docs, app): what the About panel shows.
    setAboutPanelOptions: vi.fn((_options: Record<string, unknown>) => undefined),
    // app.setAppUserModelId(id) (Electron docs, app; "@platform win32" in electron.d.ts).
    setAppUserModelId: vi.fn((_id: string) => undefined),
    // app.setBadgeCount([count]) (Electron docs, app; "@platform linux,darwin"): returns whether
    // it succeeded; 0 hides the badge. `badgeCount` is what the Dock/launcher shows.
    badgeCount: 0,
    setBadgeCount: vi.fn((count?: number): boolean => {
      app.badgeCount = count ?? 0;
      return true;
    }),
    // app.isReady(): true once `ready` fired; tests record calls made before it.
    ready: false,
    isReady: () => app.ready,
  });
  const session = {
    // session.fromPartition(partition[, options]): Session (Electron docs, session); the
    // updater's downloads ask for their own partition. Requests here go through Node either way.
    partitions: [] as string[],
    fromPartition: vi.fn((partition: string) => {
      session.partitions.push(partition);
      return { partition };
    }),
    defaultSession: {
      permissionRequestHandler: null as null | ((...a: any[]) => void),
      permissionCheckHandler: null as null | ((...a: any[]) => boolean),
      headersFilter: null as unknown,
      headersListener: null as null | ((details: any, cb: (r: any) => void) => void),
      setPermissionRequestHandler(fn: (...a: any[]) => void) {
        this.permissionRequestHandler = fn;
      },
      setPermissionCheckHandler(fn: (...a: any[]) => boolean) {
        this.permissionCheckHandler = fn;
      },
      // ses.resolveProxy(url): Promise<string> in PAC result syntax, e.g. "DIRECT" or
      // "PROXY host:port; DIRECT" (Electron docs, session). Tests set the answer.
      proxyAnswer: 'DIRECT',
      resolveProxy: vi.fn(
        async (_url: string): Promise<string> => session.defaultSession.proxyAnswer,
      ),
      webRequest: {
        onHeadersReceived(filter: unknown, fn: (details: any, cb: (r: any) => void) => void) {
          session.defaultSession.headersFilter = filter;
          session.defaultSession.headersListener = fn;
        },
      },
    },
  };
  const protocol = {
    privileged: [] as unknown[],
    handlers: new Map<string, (req: Request) => Promise<Response>>(),
    registerSchemesAsPrivileged: vi.fn(
      (schemes: unknown[]) => void protocol.privileged.push(...schemes),
    ),
    handle: vi.fn(
      (scheme: string, fn: (req: Request) => Promise<Response>) =>
        void protocol.handlers.set(scheme, fn),
    ),
  };
  const exposed = new Map<string, unknown>();
  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: new FakeIpcMain(),
    ipcRenderer: new FakeIpcRenderer(),
    contextBridge: {
      exposed,
      exposeInMainWorld: vi.fn((key: string, value: unknown) => void exposed.set(key, value)),
    },
    protocol,
    session,
    // webUtils.getPathForFile(file): the path of a File from a drop or a file input, '' for one
    // the page made itself (Electron docs, web-utils). The mock reads a `path` the test gave it.
    webUtils: {
      getPathForFile: vi.fn((file: { path?: string }) => file.path ?? ''),
    },
    // crashReporter.start(options) (Electron docs, crash-reporter): with uploadToServer false the
    // dumps stay in app.getPath('crashDumps').
    crashReporter: { start: vi.fn((_options: { uploadToServer: boolean }) => undefined) },
    shell: {
      openExternal: vi.fn(async (_url: string) => undefined),
      // shell.openPath(path): Promise<string>, '' on success, else the error message (Electron docs, shell).
      openPath: vi.fn(async (_path: string) => ''),
      // shell.showItemInFolder(fullPath): void (Electron docs, shell).
      showItemInFolder: vi.fn((_fullPath: string) => undefined),
    },
    // dialog.showMessageBox([window, ]options): Promise<{response, checkboxChecked}> where
    // response is the index of the clicked button (Electron docs, dialog). Tests queue the clicks
    // in `answers`; with none queued it answers cancelId (what Esc or closing the box gives).
    dialog: {
      shown: [] as Array<{ buttons?: string[]; detail?: string; cancelId?: number }>,
      answers: [] as number[],
      // dialog.showSaveDialog([window, ]options): Promise<{canceled, filePath}>; filePath is ''
      // when canceled (Electron docs, dialog). Tests queue the chosen paths in `savePaths`; with
      // none queued the dialog is cancelled.
      saveShown: [] as Array<{ defaultPath?: string; filters?: unknown[] }>,
      savePaths: [] as string[],
      showSaveDialog: vi.fn(async (...args: unknown[]) => {
        const options = (args.length > 1 ? args[1] : args[0]) as {
          defaultPath?: string;
          filters?: unknown[];
        };
        mock.dialog.saveShown.push(options);
        const next = mock.dialog.savePaths.shift();
        return next === undefined
          ? { canceled: true, filePath: '' }
          : { canceled: false, filePath: next };
      }),
      showMessageBox: vi.fn(async (...args: unknown[]) => {
        const options = (args.length > 1 ? args[1] : args[0]) as {
          buttons?: string[];
          detail?: string;
          cancelId?: number;
        };
        mock.dialog.shown.push(options);
        const next = mock.dialog.answers.shift();
        return { response: next ?? options.cancelId ?? 0, checkboxChecked: false };
      }),
    },
    Menu: {
      template: null as unknown,
      buildFromTemplate: vi.fn((template: unknown) => ({ template })),
      setApplicationMenu: vi.fn(
        (menu: { template: unknown }) => void (mockMenu.template = menu.template),
      ),
    },
    nativeTheme: Object.assign(new EventEmitter(), {
      themeSource: 'light',
      shouldUseDarkColors: true,
    }),
    Notification: FakeNotification,
    clipboard: { text: '', writeText: vi.fn((t: string) => void (mock.clipboard.text = t)) },
    // net.fetch: "Sends a request, similarly to how fetch() works in the renderer, using Chrome's
    // network stack" (Electron docs, api/net.md); here Node's fetch answers in its place.
    net: {
      online: true,
      isOnline: () => mock.net.online,
      fetch: vi.fn((input: string, init?: RequestInit) => fetch(input, init)),
      // net.request(options): ClientRequest (Electron docs, api/net.md and api/client-request.md):
      // options carry `url` or `protocol`/`hostname`/`port`/`path`, plus `method`, `headers`,
      // `redirect` and `session`; the request emits 'response' with an IncomingMessage (a
      // Readable with statusCode and headers), 'error', and has setHeader/end/abort. Node's
      // http.ClientRequest has that shape; it never follows redirects, as `redirect: 'manual'`.
      requests: [] as string[],
      request: vi.fn(
        (options: {
          url?: string;
          protocol?: string;
          hostname?: string;
          port?: string | number;
          path?: string;
          method?: string;
          headers?: Record<string, string>;
        }): ClientRequest => {
          const url =
            options.url ??
            `${options.protocol ?? 'http:'}//${options.hostname ?? '127.0.0.1'}${
              options.port !== undefined ? `:${options.port}` : ''
            }${options.path ?? '/'}`;
          if (!url.startsWith('http://127.0.0.1:')) {
            throw new Error(`the electron mock's net.request only reaches 127.0.0.1, not ${url}`);
          }
          mock.net.requests.push(url);
          return httpRequest(url, { method: options.method ?? 'GET', headers: options.headers });
        },
      ),
    },
    powerMonitor: new EventEmitter(),
    screen: {
      getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    },
  };
}

const mockMenu: { template: unknown } = { template: null };

/** The fake electron of this test file. */
export const mock = makeMock();
/** The menu template given to `Menu.setApplicationMenu`. */
export const menuState = mockMenu;

/**
 * What `import … from 'electron'` gives under the mock. One instance per test file: start the
 * code under test once and assert on what it registered.
 */
export const electronModule: Record<string, unknown> = { ...mock, default: mock };
