/**
 * The local server's `/player` page (what "Copy link" gives in the demo) plays a stream with no
 * console error and no failed request, favicon included (issue 15 §4).
 */
import { expect, test } from '@playwright/test';
import { SAMPLE, startServer, type RunningServer } from '../server';

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer({});
});
test.afterAll(async () => server.close());

test('player page: plays, clean console, no failed request', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText ?? '';
    if (!/ERR_ABORTED/.test(why)) problems.push(`request failed: ${r.url()} (${why})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const stream = await fetch(`${server.url}/video/${SAMPLE.pricingTalkId}`, {
    headers: { 'x-access-token': server.apiKey },
  }).then(async (r) => ((await r.json()) as { data: { stream_url: string } }).data.stream_url);
  await page.goto(`${server.url}/player?url=${encodeURIComponent(stream)}`);
  await expect
    .poll(() => page.locator('video').evaluate((v: HTMLVideoElement) => v.readyState), {
      timeout: 20_000,
    })
    .toBeGreaterThan(0);
  await expect(page.locator('#s')).toHaveText('');
  expect(problems).toEqual([]);
});
