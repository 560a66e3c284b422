import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) through the browser
 * preview against the local VideoDB server. Each spec starts its own server and preview.
 */
// The previews these specs start check every answer and event against the contract: a drift fails.
process.env['VIDEODB_CHECK_CONTRACT'] ??= '1';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test/artifacts/playwright',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Files run two at a time (the tests of one file in order, sharing its world): the specs mostly
  // wait on the local server, so two fit the 2-core CI machine and halve its time.
  fullyParallel: false,
  workers: Number(process.env['PLAYWRIGHT_WORKERS'] ?? 2),
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test/artifacts/playwright-results.json' }]],
  use: {
    headless: true,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
