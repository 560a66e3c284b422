import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

vi.mock('electron', () => import('../support/electron-mock').then((m) => m.electronModule));

import {
  FakeBrowserWindow,
  FakeFrame,
  FakeNotification,
  FakeWebContents,
  menuState,
  mock,
} from '../support/electron-mock';
import { makeFakeCore, CORE_CALLS, type FakeCore } from './fake-core';
import { FAKE_ANSWERS } from './fake-answers';
import { registerAppScheme, runMain, type MainHandle } from '../../app/main/main-process';
import { registerMainIpc } from '../../app/main/ipc';
import { COPYRIGHT } from '../../app/main/about';
import { REFUSED_SENDER } from '../../app/main/ipc/register-ipc';
import { createAppProtocolHandler } from '../../app/main/security/app-protocol';
import { VideoDbError, toAppError } from '../../app/core';
import { createMemorySecretStore } from '../../app/core/secrets';
import { CALL_NAMES, EVENT_CHANNEL } from '../../app/shared/contract';
import { makeFixtureRenderer, OUTSIDE_SECRET } from '../preview/fixture-renderer';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

let core: FakeCore;
let handle: MainHandle;
let win: FakeBrowserWindow;
let userData: string;
let fixture: { root: string; parent: string };
let coreDeps: any;
/** Spy counts right after start (spies may be cleared between tests by the runner). */
const atStart = { enableSandbox: 0, coreStart: 0, about: [] as unknown[][] };

beforeAll(async () => {
  userData = mkdtempSync(join(tmpdir(), 'clips-main-'));
  fixture = makeFixtureRenderer();
  mock.app.paths['userData'] = userData;
  core = makeFakeCore();
  registerAppScheme();
  const started = await runMain({
    createCore: async (deps) => {
      coreDeps = deps;
      return core;
    },
    createSecretStore: async () => createMemorySecretStore(),
    registerIpc: registerMainIpc,
    toError: toAppError,
    logger: silent,
    preloadPath: '/app/out/preload/index.cjs',
    rendererDir: fixture.root,
    appVersion: '0.1.0',
  });
  if (started === null) throw new Error('runMain did not start');
  handle = started;
  win = FakeBrowserWindow.created[0]!;
  atStart.enableSandbox = mock.app.enableSandbox.mock.calls.length;
  atStart.coreStart = core.start.mock.calls.length;
  atStart.about = [...mock.app.setAboutPanelOptions.mock.calls];
});

afterAll(() => {
  rmSync(userData, { recursive: true, force: true });
  rmSync(fixture.parent, { recursive: true, force: true });
});

/** An IPC event from the given frame of the given webContents. */
const eventFrom = (sender: unknown, frame: FakeFrame | null) => ({ sender, senderFrame: frame });
const trusted = () => eventFrom(win.webContents, win.webContents.mainFrame);
/** A call from the page: input and answer cross as structured clones, as in real IPC. */
const invoke = (channel: string, event: unknown, input?: unknown) =>
  mock.ipcMain.invoke(channel, event, input) as Promise<any>;

describe('IPC registration', () => {
  it('registers exactly the contract calls plus the refusing event channel', () => {
    expect([...mock.ipcMain.handlers.keys()].sort()).toEqual([...CALL_NAMES, EVENT_CHANNEL].sort());
    expect(mock.ipcMain.listenerCount(EVENT_CHANNEL)).toBe(1);
  });

  it('passes parsed input from our main frame to the core and wraps the result', async () => {
    core.spies['jobs:list'].mockClear();
    const result = await invoke('jobs:list', trusted(), { search: 'x' });
    expect(core.spies['jobs:list'].mock.calls).toEqual([[{ search: 'x', offset: 0, limit: 100 }]]);
    expect(result).toEqual({ ok: true, value: FAKE_ANSWERS['jobs:list'] });
  });

  it('checks every answer against the contract: one that drifted is an error, loudly', async () => {
    core.spies['jobs:list'].mockResolvedValueOnce({ jobs: [], total: 0 });
    expect(await invoke('jobs:list', trusted(), {})).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: expect.stringMatching(/^Contract drift: jobs:list answered totalIsLowerBound/),
      },
    });
  });

  it('every core call is reachable through the guard', async () => {
    for (const name of CORE_CALLS) core.spies[name].mockClear();
    for (const name of CALL_NAMES) {
      const result = await invoke(name, trusted(), undefined);
      // Calls with required fields refuse `undefined` — but only with `validation`.
      if (!result.ok) expect(result.error.code).toBe('validation');
    }
    const reached = CORE_CALLS.filter((n) => core.spies[n].mock.calls.length > 0);
    expect(reached.length).toBeGreaterThan(5);
  });

  it('refuses a foreign webContents, a subframe, another origin and a missing frame', async () => {
    core.spies['secrets:status'].mockClear();
    const other = new FakeWebContents();
    const sub = new FakeFrame('app://app/index.html', win.webContents.mainFrame, 1, 'sub');
    const samePlaceOtherFrame = new FakeFrame('app://app/index.html', null, 1, 'other-token');
    const evil = new FakeFrame('https://evil.example/', null, 1, 'main');
    const cases = [
      eventFrom(other, other.mainFrame),
      eventFrom(win.webContents, sub),
      eventFrom(win.webContents, samePlaceOtherFrame),
      eventFrom(win.webContents, evil),
      eventFrom(win.webContents, null),
    ];
    for (const event of cases) {
      expect(await invoke('secrets:status', event, {})).toEqual(REFUSED_SENDER);
    }
    expect(core.spies['secrets:status']).not.toHaveBeenCalled();
  });

  it('refuses anything sent on the event channel', async () => {
    expect(await invoke(EVENT_CHANNEL, trusted(), { name: 'jobs:changed' })).toEqual(
      REFUSED_SENDER,
    );
  });

  it('turns bad input into validation and core failures into classified errors', async () => {
    // The refusal names the field (zod's issue path), so a form can show it next to that field.
    expect(await invoke('jobs:get', trusted(), { id: 7 })).toMatchObject({
      ok: false,
      error: { code: 'validation', field: 'id' },
    });
    core.spies['jobs:get'].mockRejectedValueOnce(
      new VideoDbError('not-found', 'That clip is gone.'),
    );
    expect(await invoke('jobs:get', trusted(), { id: 'a' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'That clip is gone.' },
    });
    core.spies['jobs:get'].mockRejectedValueOnce(new Error('secret internals sk-123'));
    const internal = await invoke('jobs:get', trusted(), { id: 'a' });
    expect(internal.error.code).toBe('internal');
    expect(internal.error.message).not.toContain('sk-123');
  });
});

describe('events', () => {
  it('are held until the renderer is ready, then flow directly; a reload holds them again', async () => {
    // Start from a fresh page (earlier tests already said ready).
    win.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    win.webContents.sent.length = 0;
    const sent = () => win.webContents.sent.filter((s) => s.channel === EVENT_CHANNEL);
    core.emit('jobs:removed', { ids: ['a'] });
    core.emit('jobs:removed', { ids: ['b'] });
    expect(sent()).toEqual([]);
    expect(await invoke('app:ready', trusted(), {})).toEqual({ ok: true, value: { ok: true } });
    expect(sent().map((s) => s.args[0])).toEqual([
      { name: 'jobs:removed', payload: { ids: ['a'] } },
      { name: 'jobs:removed', payload: { ids: ['b'] } },
    ]);
    core.emit('jobs:removed', { ids: ['c'] });
    expect(sent()).toHaveLength(3);
    win.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    core.emit('jobs:removed', { ids: ['d'] });
    expect(sent()).toHaveLength(3);
    await invoke('app:ready', trusted(), {});
    expect(sent()).toHaveLength(4);
  });

  it('events reach the page as structured clones; one that cannot be cloned is dropped, not stuck', async () => {
    // Electron docs, web-contents "send": arguments are serialized with the Structured Clone
    // Algorithm and functions throw; the mock's send does the same through v8.serialize.
    await invoke('app:ready', trusted(), {});
    const sent = () => win.webContents.sent.filter((s) => s.channel === EVENT_CHANNEL);
    const before = sent().length;
    const at = new Date(5);
    core.emit('jobs:removed', { ids: ['x'], at });
    expect(sent()[before]!.args[0]).toEqual({ name: 'jobs:removed', payload: { ids: ['x'], at } });
    expect((sent()[before]!.args[0] as any).payload.at).not.toBe(at);
    core.emit('jobs:removed', { ids: ['y'], later: () => 1 });
    core.emit('jobs:removed', { ids: ['z'] });
    expect(
      sent()
        .slice(before + 1)
        .map((s) => s.args[0]),
    ).toEqual([{ name: 'jobs:removed', payload: { ids: ['z'] } }]);
  });

  it('a refused app:ready does not release events', async () => {
    win.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    const before = win.webContents.sent.length;
    core.emit('jobs:removed', { ids: ['e'] });
    await invoke('app:ready', eventFrom(new FakeWebContents(), null), {});
    expect(win.webContents.sent.length).toBe(before);
    await invoke('app:ready', trusted(), {});
    expect(win.webContents.sent.length).toBe(before + 1);
  });

  it('a notification click focuses the window and sends app:focus-job', async () => {
    coreDeps.notifier.notify({ title: 'Clip ready', body: 'pricing', jobId: 'job-1' });
    const n = FakeNotification.instances.at(-1)!;
    expect(n.shown).toBe(true);
    const focusedBefore = win.focused;
    n.emit('click');
    await vi.waitFor(() =>
      expect(win.webContents.sent.at(-1)?.args[0]).toEqual({
        name: 'app:focus-job',
        payload: { id: 'job-1' },
      }),
    );
    expect(win.focused).toBe(focusedBefore + 1);
  });

  it('no notification for the clip the focused window already shows; any other clip, or unfocused, gets one', async () => {
    const count = () => FakeNotification.instances.length;
    win.show();
    win.focus();
    await invoke('app:viewing-job', trusted(), { id: 'job-2' });
    let before = count();
    coreDeps.notifier.notify({ title: 'Clip ready', body: 'pricing', jobId: 'job-2' });
    expect(count()).toBe(before);
    coreDeps.notifier.notify({ title: 'Clip ready', body: 'intro', jobId: 'job-3' });
    expect(count()).toBe(before + 1);
    // The window lost the focus (another app in front): the person hears about it.
    win.hasFocus = false;
    before = count();
    coreDeps.notifier.notify({ title: 'Clip ready', body: 'pricing', jobId: 'job-2' });
    expect(count()).toBe(before + 1);
    // Focused again, but the page moved on to no single clip.
    win.focus();
    await invoke('app:viewing-job', trusted(), { id: null });
    before = count();
    coreDeps.notifier.notify({ title: 'Clip ready', body: 'pricing', jobId: 'job-2' });
    expect(count()).toBe(before + 1);
  });

  // Electron docs, app: 'open-url' (macOS; the handler must call preventDefault) and
  // 'second-instance' (event, argv, workingDirectory) on Windows and Linux.
  it('deep links: open-url and a second launch’s argv show the clip or the video; anything else is ignored', async () => {
    await invoke('app:ready', trusted(), {});
    const sentEvents = () =>
      win.webContents.sent.map((m: { args: unknown[] }) => m.args[0] as { name: string });
    const prevent = vi.fn();
    mock.app.emit('open-url', { preventDefault: prevent }, 'videodb-clips://job/job-7');
    expect(prevent).toHaveBeenCalled();
    await vi.waitFor(() =>
      expect(sentEvents().at(-1)).toEqual({ name: 'app:focus-job', payload: { id: 'job-7' } }),
    );
    mock.app.emit('second-instance', {}, ['clips', '--x', 'videodb-clips://video/c-1/m-2'], '/');
    await vi.waitFor(() =>
      expect(sentEvents().at(-1)).toEqual({
        name: 'app:open-video',
        payload: { collectionId: 'c-1', videoId: 'm-2' },
      }),
    );
    const count = sentEvents().length;
    const focused = win.focused;
    mock.app.emit('open-url', { preventDefault: vi.fn() }, 'videodb-clips://job/..');
    mock.app.emit('open-url', { preventDefault: vi.fn() }, 'https://evil.example/job/x');
    // A second launch without a link only brings the window forward.
    mock.app.emit('second-instance', {}, ['clips'], '/');
    await vi.waitFor(() => expect(win.focused).toBe(focused + 1));
    expect(sentEvents()).toHaveLength(count);
    // A development run does not claim the scheme from the OS (the installed app does).
    expect(mock.app.protocols).toEqual([]);
  });

  it('menu shortcuts reach the renderer as app:menu', async () => {
    const template = menuState.template as any[];
    const items = template.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
    const newClip = items.find((i: any) => i.accelerator === 'CmdOrCtrl+N');
    expect(newClip).toBeDefined();
    newClip.click();
    await vi.waitFor(() =>
      expect(win.webContents.sent.at(-1)?.args[0]).toEqual({
        name: 'app:menu',
        payload: { action: 'new-clip' },
      }),
    );
    const roles = template.flatMap((m) => [m.role, ...(m.submenu ?? []).map((i: any) => i.role)]);
    for (const role of ['copy', 'paste', 'undo', 'windowMenu', 'help', 'togglefullscreen']) {
      expect(roles).toContain(role);
    }
    const accels = items.map((i: any) => i.accelerator).filter(Boolean);
    expect(accels).toEqual(
      expect.arrayContaining(['CmdOrCtrl+F', 'CmdOrCtrl+Shift+C', 'CmdOrCtrl+,']),
    );
  });
});

describe('Help and About', () => {
  const helpItems = () =>
    ((menuState.template as any[]).find((m) => m.role === 'help')?.submenu ?? []) as any[];

  it('Help → Show Logs opens the one logs folder, app.getPath("logs")', async () => {
    mock.shell.openPath.mockClear();
    helpItems()
      .find((i) => i.label === 'Show Logs')
      .click();
    // The mock's getPath('logs') is `<userData>/logs`, as Electron's default on Linux and Windows.
    await vi.waitFor(() =>
      expect(mock.shell.openPath.mock.calls).toEqual([[join(userData, 'logs')]]),
    );
  });

  it('the About panel has the name, version and the copyright of electron-builder.yml', () => {
    // app.setAboutPanelOptions (Electron docs, app); role 'about' shows it on every OS.
    expect(atStart.about).toEqual([
      [expect.objectContaining({ applicationName: 'VideoDB Clips', applicationVersion: '0.1.0' })],
    ]);
    const yml = readFileSync('electron-builder.yml', 'utf8');
    expect(yml).toContain(`copyright: ${COPYRIGHT}\n`);
    expect((atStart.about[0]![0] as any).copyright).toBe(COPYRIGHT);
    expect(helpItems().map((i) => i.role)).toContain('about');
  });
});

describe('window and session hardening', () => {
  it('creates the window with the hardened preferences and our preload', () => {
    const prefs = win.options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      preload: '/app/out/preload/index.cjs',
      // The mock is an unpackaged app (app.isPackaged false): developer tools stay available.
      devTools: true,
    });
    expect(atStart.enableSandbox).toBe(1);
    expect(win.webContents.loadedUrl).toBe('app://app/index.html');
    expect(win.options.backgroundColor).toBe('#16181d');
    expect(mock.nativeTheme.themeSource).toBe('system');
  });

  it('registers app:// as a privileged standard scheme and serves it', () => {
    expect(mock.protocol.privileged).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    expect(mock.protocol.handlers.has('app')).toBe(true);
  });

  // Handler shapes from Electron's session docs: request (webContents, permission, callback,
  // details{requestingUrl, isMainFrame}), check (webContents, permission, requestingOrigin,
  // details). Element fullscreen (the video player's button) asks for 'fullscreen'.
  const request = (permission: string, requestingUrl: string) => {
    const cb = vi.fn();
    mock.session.defaultSession.permissionRequestHandler!(win.webContents, permission, cb, {
      requestingUrl,
      isMainFrame: true,
    });
    expect(cb).toHaveBeenCalledTimes(1);
    return cb.mock.calls[0]![0] as boolean;
  };
  const check = (permission: string, origin: string) =>
    mock.session.defaultSession.permissionCheckHandler!(win.webContents, permission, origin, {
      requestingUrl: `${origin}/index.html`,
      isMainFrame: true,
    });

  it('allows fullscreen for our own page only', () => {
    expect(request('fullscreen', 'app://app/index.html')).toBe(true);
    expect(check('fullscreen', 'app://app')).toBe(true);
    for (const other of ['https://evil.example', 'app://other', 'http://localhost:5173', 'null']) {
      expect(request('fullscreen', `${other}/index.html`)).toBe(false);
      expect(check('fullscreen', other)).toBe(false);
    }
  });

  it('denies every other permission request and check, also for our own page', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'pointerLock',
      'automatic-fullscreen',
    ]) {
      expect(request(permission, 'app://app/index.html')).toBe(false);
      expect(check(permission, 'app://app')).toBe(false);
    }
  });

  it('prevents navigation; opens only https links in the browser', () => {
    mock.shell.openExternal.mockClear();
    const nav = (url: string) => {
      const event = { url, preventDefault: vi.fn() };
      win.webContents.emit('will-navigate', event);
      return event.preventDefault;
    };
    for (const url of [
      'https://docs.videodb.io/x',
      'http://example.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://app/other.html',
      'https://user:pw@example.com/',
    ]) {
      expect(nav(url)).toHaveBeenCalled();
    }
    expect(mock.shell.openExternal.mock.calls).toEqual([['https://docs.videodb.io/x']]);
  });

  it('denies window.open; https targets go to the browser', () => {
    mock.shell.openExternal.mockClear();
    const open = win.webContents.windowOpenHandler!;
    expect(open({ url: 'https://console.videodb.io/' })).toEqual({ action: 'deny' });
    expect(open({ url: 'data:text/html,hi' })).toEqual({ action: 'deny' });
    expect(open({ url: 'not a url' })).toEqual({ action: 'deny' });
    expect(mock.shell.openExternal.mock.calls).toEqual([['https://console.videodb.io/']]);
  });

  it('webviews are never attached', () => {
    const event = { preventDefault: vi.fn() };
    win.webContents.emit('will-attach-webview', event);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('a link the UI did not hand out opens only after the user says yes', async () => {
    mock.shell.openExternal.mockClear();
    const shownBefore = mock.dialog.shown.length;
    mock.dialog.answers.push(0); // Cancel
    await invoke('app:open-external', trusted(), { url: 'https://evil.example/phish' });
    expect(mock.shell.openExternal).not.toHaveBeenCalled();
    const asked = mock.dialog.shown[shownBefore]!;
    expect(asked.buttons).toEqual(['Cancel', 'Open Link']);
    expect(asked.detail).toContain('https://evil.example/phish');
    mock.dialog.answers.push(1); // Open Link
    await invoke('app:open-external', trusted(), { url: 'https://evil.example/phish' });
    expect(mock.shell.openExternal.mock.calls).toEqual([['https://evil.example/phish']]);
    // The console's player page is the app's own: no question.
    const shown = mock.dialog.shown.length;
    await invoke('app:open-external', trusted(), {
      url: 'https://console.videodb.io/player?url=x',
    });
    expect(mock.dialog.shown.length).toBe(shown);
  });

  it('app:open-external opens https and refuses the rest with validation', async () => {
    mock.shell.openExternal.mockClear();
    expect(
      await invoke('app:open-external', trusted(), { url: 'https://videodb.io/pricing' }),
    ).toEqual({
      ok: true,
      value: { ok: true },
    });
    for (const url of [
      'http://videodb.io',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://app/',
    ]) {
      const r = await invoke('app:open-external', trusted(), { url });
      expect(r).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    expect(mock.shell.openExternal.mock.calls).toEqual([['https://videodb.io/pricing']]);
  });

  it('injects the Electron pieces into the core', () => {
    coreDeps.clipboard.writeText('hello');
    expect(mock.clipboard.text).toBe('hello');
    expect(coreDeps.dataDir).toBe(userData);
    expect(coreDeps.connectivityHints.isOnline()).toBe(true);
    const listener = vi.fn();
    const off = coreDeps.connectivityHints.onChange(listener);
    mock.powerMonitor.emit('resume');
    expect(listener).toHaveBeenCalledTimes(1);
    off();
    mock.powerMonitor.emit('resume');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(atStart.coreStart).toBe(1);
  });
});

describe('app:// protocol', () => {
  const serve = () => createAppProtocolHandler(fixture.root);

  it('serves the page with a CSP that starts from default-src none', async () => {
    const res = await mock.protocol.handlers.get('app')!(new Request('app://app/index.html'));
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp.startsWith("default-src 'none'")).toBe(true);
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(await res.text()).toContain('fixture');
  });

  it.each([
    ['a page', 'app://app/index.html', 200],
    ['a script', 'app://app/assets/app.js', 200],
    ['a missing file', 'app://app/nope.js', 404],
    ['another host', 'app://other/index.html', 403],
  ])('answers %s with the CSP and the other security headers', async (_what, url, status) => {
    // As the registered protocol handler answers Electron (protocol.handle returns a Response).
    const res = await mock.protocol.handlers.get('app')!(new Request(url));
    expect(res.status).toBe(status);
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-type')).toBeTruthy();
  });

  it.each([
    'app://app/../secret.txt',
    'app://app/%2e%2e/secret.txt',
    'app://app/%2E%2E/secret.txt',
    'app://app/assets/..%2f..%2fsecret.txt',
    'app://app/..%5csecret.txt',
    'app://app/%252e%252e/secret.txt',
    'app://app/assets/%2e%2e%5c%2e%2e%5csecret.txt',
    'app://app/C:%5cWindows%5cwin.ini',
    'app://app/%00secret.txt',
    'app://app//etc/passwd',
    'app://other/index.html',
  ])('refuses %s', async (url) => {
    const res = await serve()(new Request(url));
    expect([403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain(OUTSIDE_SECRET);
  });

  it('hands /media-relay/ to the core (issue 9): the page connects to its own origin only', async () => {
    const url = 'app://app/media-relay/https/stream.example/v/index.m3u8';
    const res = await mock.protocol.handlers.get('app')!(new Request(url));
    expect(await res.text()).toBe(`relayed ${url}`);
    expect(core.relayMedia).toHaveBeenCalledTimes(1);
    // Before the core exists the relay answers 503, not a file of the renderer folder.
    const early = await createAppProtocolHandler(fixture.root)(new Request(url));
    expect(early.status).toBe(503);
    const csp = (await serve()(new Request('app://app/index.html'))).headers.get(
      'content-security-policy',
    )!;
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("media-src 'self' blob:;");
    expect(csp).not.toMatch(/connect-src[^;]*(https:|127\.0\.0\.1)/);
    // Stream files go out over Chromium's network stack (net.fetch), proxy and certificates included.
    expect(coreDeps.network.fetchMedia).toBeTypeOf('function');
    mock.net.fetch.mockClear();
    await coreDeps.network
      .fetchMedia('http://127.0.0.1:9/x', { method: 'GET' })
      .catch(() => undefined);
    expect(mock.net.fetch).toHaveBeenCalledWith('http://127.0.0.1:9/x', { method: 'GET' });
  });

  it('refuses a path that resolves outside through a symlink', async () => {
    const { symlinkSync } = await import('node:fs');
    symlinkSync(join(fixture.parent, 'secret.txt'), join(fixture.root, 'link.txt'));
    const res = await serve()(new Request('app://app/link.txt'));
    expect(res.status).toBe(403);
    expect(readFileSync(join(fixture.parent, 'secret.txt'), 'utf8')).toBe(OUTSIDE_SECRET);
  });

  it('answers 404 for missing files and 405 for writes', async () => {
    expect((await serve()(new Request('app://app/nope.js'))).status).toBe(404);
    expect(
      (await serve()(new Request('app://app/index.html', { method: 'POST', body: 'x' }))).status,
    ).toBe(405);
  });
});

describe('lifecycle', () => {
  it('a second instance focuses the existing window', () => {
    const before = win.focused;
    mock.app.emit('second-instance');
    expect(win.focused).toBe(before + 1);
  });

  it('remembers the window bounds on close, on disk before close returns', () => {
    // The process may be gone right after `close` (Cmd+Q), so no write may still be pending.
    win.emit('close', { preventDefault() {} });
    const saved = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'));
    expect(saved).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
  });

  it('quitting waits for the core to close, then quits', async () => {
    const event = { preventDefault: vi.fn() };
    let release!: () => void;
    core.close.mockImplementationOnce(() => new Promise<void>((r) => (release = r)));
    mock.app.quit.mockClear();
    mock.app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await new Promise((r) => setTimeout(r, 20));
    expect(mock.app.quit).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(mock.app.quit).toHaveBeenCalled());
    expect(mock.ipcMain.handlers.size).toBe(0);
    // The second before-quit (from app.quit) goes through.
    const again = { preventDefault: vi.fn() };
    mock.app.emit('before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    expect(handle.getWindow()).toBe(win);
  });

  it('a second process without the single-instance lock quits at once', async () => {
    mock.app.singleInstance = false;
    mock.app.quit.mockClear();
    const result = await runMain({
      createCore: async () => {
        throw new Error('must not start a core');
      },
      createSecretStore: async () => createMemorySecretStore(),
      registerIpc: registerMainIpc,
      toError: toAppError,
      logger: silent,
      preloadPath: '/x',
      rendererDir: fixture.root,
      appVersion: '0.1.0',
    });
    expect(result).toBeNull();
    expect(mock.app.quit).toHaveBeenCalled();
    mock.app.singleInstance = true;
  });
});
