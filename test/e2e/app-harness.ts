/**
 * Shared steps of the app's end-to-end specs: a local VideoDB server, the browser preview over the
 * built renderer, accessibility checks with axe, and screenshots in light and dark.
 * Requires `npx electron-vite build` first (the preview serves out/renderer).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPreview, type RunningPreview } from '../../app/preview';
import { createMemorySecretStore } from '../../app/core/secrets';
import type { CoreTuning, SecretStore } from '../../app/core/types';
import { startServer, type RunningServer } from '../server';

/** Where screenshots go (kept out of git with the rest of test/artifacts). */
export const SHOTS_DIR = join(process.cwd(), 'test/artifacts/screenshots');

/** Engine timings small enough for a test, large enough to watch states change. */
export const FAST_TUNING: Partial<CoreTuning> = {
  firstPollMs: 100,
  pollBackoff: 1.5,
  pollMaxMs: 400,
  probeOfflineMs: 300,
  probeOnlineMs: 1000,
  outboxBaseDelayMs: 100,
  outboxMaxDelayMs: 500,
};

/** A server, a data folder and a secret store that outlive a preview restart. */
export interface World {
  server: RunningServer;
  dataDir: string;
  secretStore: SecretStore;
  preview: RunningPreview | null;
}

/** Start the server and make a fresh data folder. */
export async function makeWorld(
  opts: { jobDurationMs?: number; secretStore?: SecretStore } = {},
): Promise<World> {
  if (!existsSync('out/renderer/index.html')) {
    throw new Error('Build the renderer first: npx electron-vite build');
  }
  const server = await startServer({ jobDurationMs: opts.jobDurationMs ?? 1500 });
  return {
    server,
    dataDir: mkdtempSync(join(tmpdir(), 'clips-e2e-app-')),
    secretStore: opts.secretStore ?? createMemorySecretStore('session'),
    preview: null,
  };
}

/** (Re)start the preview on the world's data folder and secret store. */
export async function startApp(
  world: World,
  opts: { withKey?: boolean; demo?: boolean } = {},
): Promise<RunningPreview> {
  const server = world.server;
  world.preview = await startPreview({
    dataDir: world.dataDir,
    apiBaseUrl: server.url,
    secretStore: world.secretStore,
    tuning: FAST_TUNING,
    ...(opts.withKey ? { apiKey: server.apiKey } : {}),
    // As `npm run demo` wires it (test/demo.ts): the switch drives the local server.
    ...(opts.demo
      ? {
          demoNetwork: {
            isOffline: () => server.control.switches().offline,
            async setOffline(offline: boolean) {
              server.control.set({ offline });
              await server.control.settled();
            },
          },
        }
      : {}),
  });
  return world.preview;
}

/** Stop everything. */
export async function closeWorld(world: World | undefined): Promise<void> {
  await world?.preview?.close();
  await world?.server.close();
}

/** Open the app page; collect console errors and CSP violations for the caller to check. */
export async function openApp(
  page: Page,
  context: BrowserContext,
  preview: RunningPreview,
): Promise<string[]> {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: preview.origin });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // No failed request on any screen (favicon included). A player aborting a segment it no longer
  // needs (seek, switching clips) is not a failure.
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText ?? '';
    if (!/ERR_ABORTED/.test(why)) problems.push(`request failed: ${r.url()} (${why})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(preview.url);
  return problems;
}

/** No serious or critical axe violation on what is on screen now. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${screen}: ${v.id} (${v.impact}) — ${v.help} — ${v.nodes
          .map(
            (n) =>
              `${n.target.join(' ')} [${(n.failureSummary ?? '').split('\n').slice(1, 2).join('')}]`,
          )
          .slice(0, 3)
          .join(' | ')}`,
    );
  expect(bad, bad.join('\n')).toEqual([]);
}

/** Check accessibility and take screenshots in light and dark. */
export async function captureScreen(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    await expectAccessible(page, `${name} (${colorScheme})`);
    await page.screenshot({ path: join(SHOTS_DIR, `${name}-${colorScheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
