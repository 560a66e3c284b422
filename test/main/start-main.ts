/**
 * Start the real main process (runMain) against the electron mock and a fake core, in a fresh
 * data folder: what each desktop-runtime test file needs. The file must have mocked `electron`
 * (vi.mock) before importing this.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeBrowserWindow, mock } from '../support/electron-mock';
import { makeFakeCore, type FakeCore } from './fake-core';
import {
  registerAppScheme,
  runMain,
  type MainHandle,
  type MainOptions,
} from '../../app/main/main-process';
import { registerMainIpc } from '../../app/main/ipc';
import { createMemorySecretStore } from '../../app/core/secrets';
import { toAppError } from '../../app/core';
import { makeFixtureRenderer } from '../preview/fixture-renderer';

/** A logger that keeps what was logged. */
export function recordingLogger() {
  const lines: Array<{ level: string; message: string; fields?: unknown }> = [];
  const at =
    (level: string) =>
    (message: string, fields?: unknown): void =>
      void lines.push({ level, message, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A started app and what the test needs to look at it. */
export interface StartedMain {
  handle: MainHandle;
  core: FakeCore;
  logger: ReturnType<typeof recordingLogger>;
  userData: string;
  rendererDir: string;
  /** The CoreDeps main gave the core. */
  coreDeps: Parameters<MainOptions['createCore']>[0];
  cleanup(): void;
}

/** Start runMain with the mock (`overrides` replace the defaults). */
export async function startMain(overrides: Partial<MainOptions> = {}): Promise<StartedMain> {
  const userData = mkdtempSync(join(tmpdir(), 'clips-main-rt-'));
  const fixture = makeFixtureRenderer();
  mock.app.paths['userData'] = userData;
  const core = makeFakeCore();
  const logger = recordingLogger();
  let coreDeps: StartedMain['coreDeps'] | null = null;
  registerAppScheme();
  const { createCore, ...rest } = overrides;
  const handle = await runMain({
    // The fake core unless the test brings its own (then `core` below is not the one running).
    createCore: async (deps) => {
      coreDeps = deps;
      return createCore ? createCore(deps) : core;
    },
    createSecretStore: async () => createMemorySecretStore(),
    registerIpc: registerMainIpc,
    toError: toAppError,
    logger,
    preloadPath: '/app/out/preload/index.cjs',
    rendererDir: fixture.root,
    appVersion: '0.1.0',
    ...rest,
  });
  if (handle === null || coreDeps === null) throw new Error('runMain did not start');
  return {
    handle,
    core,
    logger,
    userData,
    rendererDir: fixture.root,
    coreDeps,
    cleanup() {
      rmSync(userData, { recursive: true, force: true });
      rmSync(fixture.parent, { recursive: true, force: true });
    },
  };
}

/** The newest window the app created. */
export const lastWindow = (): FakeBrowserWindow => {
  const w = FakeBrowserWindow.created.at(-1);
  if (!w) throw new Error('no window was created');
  return w;
};
