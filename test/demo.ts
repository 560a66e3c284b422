/**
 * `npm run demo` (= `tsx test/demo.ts [--port N] [--data-dir D] [--browser]`): the app against the
 * local VideoDB-compatible server with its sample library and demo key, entirely offline.
 *
 * - Starts the local server (test/server) on 127.0.0.1.
 * - Builds the app first when out/ is missing.
 * - Runs the Electron app where an Electron binary exists (never triggering a download), with a
 *   memory-only demo key and its own data folder; otherwise (or with --browser) the browser
 *   preview, and prints its URL.
 * - Data goes to a fresh folder in the OS temp dir unless --data-dir is given.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer, type RunningServer } from './server';
import { startPreview } from '../app/preview';
import { BUILT, buildIfMissing, root } from '../scripts/build-app';
import { electronBinary } from '../scripts/electron-binary';

async function startLocalServer(): Promise<RunningServer> {
  try {
    return await startServer({ port: 8787 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return startServer({ port: 0 });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      browser: { type: 'boolean', default: false },
    },
  });
  const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'videodb-clips-demo-'));
  const server = await startLocalServer();
  console.log(`Local VideoDB server: ${server.url} (sample library, demo key set)`);
  console.log(`Data folder: ${dataDir}`);

  const electron = values.browser ? null : electronBinary(root);
  if (electron !== null) {
    await buildIfMissing(BUILT.all);
    console.log('Starting the Electron app…');
    const child = spawn(electron, [root], {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        VIDEODB_CLIPS_DEMO_API_BASE_URL: server.url,
        VIDEODB_CLIPS_DEMO_API_KEY: server.apiKey,
        VIDEODB_CLIPS_DEMO_DATA_DIR: dataDir,
        VIDEODB_CLIPS_DEMO_CONTROL_URL: server.controlUrl,
        VIDEODB_CLIPS_DEMO_CONTROL_TOKEN: server.control.token,
      },
    });
    const stop = (): void => void child.kill('SIGTERM');
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    child.on('exit', (code) => {
      void server.close().then(() => process.exit(code ?? 0));
    });
    return;
  }

  await buildIfMissing(BUILT.renderer);
  const preview = await startPreview({
    dataDir,
    apiBaseUrl: server.url,
    apiKey: server.apiKey,
    rendererDir: join(root, 'out', 'renderer'),
    demoNetwork: {
      isOffline: () => server.control.switches().offline,
      async setOffline(offline) {
        server.control.set({ offline });
        await server.control.settled();
      },
    },
    ...(values.port !== undefined ? { port: Number(values.port) } : {}),
  });
  console.log(
    values.browser
      ? 'Browser preview:'
      : 'No Electron binary on this machine, so the app runs as a browser preview:',
  );
  console.log(`\n  ${preview.url}\n`);
  console.log('Open that address in Chromium or Chrome. Ctrl+C stops the demo.');
  const stop = (): void => {
    void preview
      .close()
      .then(() => server.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
