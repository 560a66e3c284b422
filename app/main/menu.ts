/**
 * The application menu: the standard roles people expect (app, edit, view, window, help) plus the
 * app's own actions with their shortcuts, each forwarded to the renderer as an `app:menu` event.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MENU_ACTIONS } from '../shared/contract';

/** One of the actions the menu forwards. */
export type MenuAction = (typeof MENU_ACTIONS)[number];

/** Options of {@link buildMenuTemplate}. */
export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** Development builds get reload and developer tools. */
  dev: boolean;
  send(action: MenuAction): void;
  /** Opens the help page in the browser. */
  openHelp(): void;
  /** Opens the folder with the log files in the file manager. */
  showLogs(): void;
}

/** The menu template (pure; main passes it to `Menu.buildFromTemplate`). */
export function buildMenuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const mac = opts.platform === 'darwin';
  const item = (
    label: string,
    accelerator: string,
    action: MenuAction,
  ): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => opts.send(action),
  });
  const settings = item(mac ? 'Settings…' : 'Settings', 'CmdOrCtrl+,', 'settings');

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: opts.appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        settings,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: 'File',
    submenu: [
      item('New Clip', 'CmdOrCtrl+N', 'new-clip'),
      { type: 'separator' },
      ...(mac ? [] : [settings, { type: 'separator' } as const]),
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      { type: 'separator' },
      item('Find', 'CmdOrCtrl+F', 'search'),
      item('Copy Clip Link', 'CmdOrCtrl+Shift+C', 'copy-link'),
    ],
  });
  template.push({
    label: 'View',
    submenu: [
      item('Library', 'CmdOrCtrl+1', 'show-library'),
      item('History', 'CmdOrCtrl+2', 'show-history'),
      item('Refresh', 'CmdOrCtrl+R', 'refresh'),
      { type: 'separator' },
      ...(opts.dev ? [{ role: 'forceReload' } as const, { role: 'toggleDevTools' } as const] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    role: 'windowMenu',
  });
  template.push({
    role: 'help',
    submenu: [
      { label: 'VideoDB Documentation', click: () => opts.openHelp() },
      { type: 'separator' },
      { label: 'Show Logs', click: () => opts.showLogs() },
      // macOS has About in the app menu; elsewhere it lives in Help (app.setAboutPanelOptions).
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'about' } as const]),
    ],
  });
  return template;
}
