/**
 * Windows shows a toast, and routes its click back to the app, only for an app with an
 * AppUserModelID that matches its Start-menu shortcut (Electron docs, "Notifications", Windows:
 * "make sure that you have set the Application User Model ID … with app.setAppUserModelId()";
 * electron-builder installs the shortcut with its `appId`). Driven through runMain with
 * process.platform 'win32' and the electron mock.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

vi.mock('electron', () => import('../support/electron-mock').then((m) => m.electronModule));

import { mock } from '../support/electron-mock';
import { APP_ID } from '../../app/main/app-id';
import { startMain, type StartedMain } from './start-main';

const realPlatform = process.platform;
/** js-yaml comes with electron-builder; only `load` is used (as in the packaging test). */
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
let started: StartedMain;
/** Each id set, and whether `ready` had fired then (the runner clears spies between tests). */
const setIds: Array<{ id: string; afterReady: boolean }> = [];

beforeAll(async () => {
  Object.defineProperty(process, 'platform', { value: 'win32' });
  mock.app.setAppUserModelId.mockImplementation(
    (id: string) => void setIds.push({ id, afterReady: mock.app.ready }),
  );
  started = await startMain();
});

afterAll(() => {
  Object.defineProperty(process, 'platform', { value: realPlatform });
  started.cleanup();
});

describe('Windows notifications', () => {
  it('the AppUserModelID is the appId of electron-builder.yml, set once before ready', () => {
    const yml = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as { appId: string };
    expect(APP_ID).toBe(yml.appId);
    expect(setIds).toEqual([{ id: yml.appId, afterReady: false }]);
  });
});
