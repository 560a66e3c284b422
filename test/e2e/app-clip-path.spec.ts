/**
 * The main path: browse to a video, write a prompt, watch the clip go to done, read its segments,
 * play it, copy its links (checked on the browser clipboard), and ask the same thing again.
 * Every screen on the way is checked with axe and photographed in light and dark.
 */
import { expect, test } from '@playwright/test';
import { SAMPLE } from '../server';
import { captureScreen, closeWorld, makeWorld, openApp, startApp, type World } from './app-harness';

let world: World;

test.beforeAll(async () => {
  world = await makeWorld({ jobDurationMs: 1500 });
});
test.afterAll(async () => closeWorld(world));

test('browse, prompt, done, segments, play, copy links, duplicate', async ({ page, context }) => {
  test.setTimeout(120_000);
  const preview = await startApp(world, { withKey: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  const problems = await openApp(page, context, preview);
  // What the page itself connects to (XHR/fetch/media), to check the relay below.
  const connections: string[] = [];
  page.on('request', (r) => {
    if (['xhr', 'fetch', 'media'].includes(r.resourceType())) connections.push(r.url());
  });

  // Library
  const card = page.getByRole('button', { name: new RegExp(`^${SAMPLE.pricingTalkName}`) });
  await expect(card).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Default Collection');
  await captureScreen(page, 'library');

  await page.getByRole('button', { name: 'List' }).click();
  await expect(page.locator('.video-card--list').first()).toBeVisible();
  await captureScreen(page, 'library-list');
  await page.getByRole('button', { name: 'Grid' }).click();

  // Video detail
  await card.click();
  const pane = page.getByRole('complementary', { name: 'Video details' });
  await expect(pane.getByRole('heading', { name: SAMPLE.pricingTalkName })).toBeVisible();
  await expect(pane.getByText('Scene indexes')).toBeVisible();
  await captureScreen(page, 'video-detail');

  // Prompt: Ctrl+Enter submits
  const prompt = pane.getByLabel('What are you looking for?');
  await prompt.fill('raising prices for existing customers');
  await prompt.press('Control+Enter');
  await expect(pane.getByText('Clip requested.')).toBeVisible();
  await captureScreen(page, 'prompt-submitted');
  await pane.getByRole('button', { name: 'Open in history' }).click();

  // Job detail: watch it go to done
  const detail = page.getByRole('complementary', { name: 'Clip details' });
  await expect(
    detail.getByRole('heading', { name: 'raising prices for existing customers' }),
  ).toBeVisible();
  await expect(detail.locator('.badge--done')).toBeVisible({ timeout: 30_000 });
  const segments = detail.locator('.segment');
  await expect(segments.first()).toBeVisible();
  expect(await segments.count()).toBeGreaterThan(0);
  await expect(segments.first()).toContainText(/\d+:\d\d–\d+:\d\d/);
  await expect(segments.first()).toContainText('% match');
  await expect(segments.first()).toContainText(/price|pric/i);
  await expect(detail.getByRole('heading', { name: 'Playing: The whole clip' })).toBeVisible();
  await captureScreen(page, 'job-detail');
  await captureScreen(page, 'history');

  // The compiled clip plays in the window (hls.js over MSE against the local server).
  const video = detail.locator('video');
  await expect
    .poll(async () => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 })
    .toBeGreaterThan(0);
  await expect(detail.getByText(/could not be played/)).toHaveCount(0);
  // Every playlist and segment came through the page's own origin (issue 9: connect-src 'self').
  const streamed = () => connections.filter((u) => u.startsWith(`${preview.origin}/media-relay/`));
  await expect.poll(() => streamed().join('\n'), { timeout: 10_000 }).toMatch(/\.m3u8/);
  await expect
    .poll(() => streamed().join('\n'), { timeout: 10_000 })
    .toMatch(/\.(ts|m2ts|m4s|mp4)(\?|$)/m);
  expect(connections.filter((u) => !u.startsWith(preview.origin))).toEqual([]);

  // Play in context starts a little before the segment.
  await segments.first().getByRole('button', { name: 'Play in context' }).click();
  await expect(
    detail.getByRole('heading', { name: 'Playing: Segment 1 in context' }),
  ).toBeVisible();

  // Copy links: player link by default, then Markdown from the menu.
  await detail.getByRole('button', { name: 'Copy link', exact: true }).click();
  await expect(page.getByText('Copied the player link.')).toBeVisible();
  const playerLink = await page.evaluate(() => navigator.clipboard.readText());
  expect(playerLink).toMatch(/^https?:\/\//);
  expect(playerLink).toBe(preview.clipboardText());

  await detail.getByRole('button', { name: 'More ways to copy' }).click();
  await captureScreen(page, 'copy-menu');
  await page.getByRole('menuitem', { name: 'Markdown list with timestamps' }).click();
  await expect(page.getByText('Copied the Markdown list.')).toBeVisible();
  const markdown = await page.evaluate(() => navigator.clipboard.readText());
  expect(markdown).toContain('- [raising prices for existing customers');
  expect(markdown).toMatch(/\n {2}- \d+:\d\d–\d+:\d\d /);

  // Shortcuts help
  await page.keyboard.press('F1');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await captureScreen(page, 'help');
  await page.keyboard.press('Escape');

  // The same request again while the first is in flight shows that job instead of a new one.
  world.server.control.set({ jobDurationMs: 20_000 });
  await page.keyboard.press('Control+1');
  await page.getByRole('button', { name: new RegExp(`^${SAMPLE.pricingTalkName}`) }).click();
  const videoPane = page.getByRole('complementary', { name: 'Video details' });
  const again = videoPane.getByLabel('What are you looking for?');
  await again.fill('the three pricing tiers');
  await again.press('Control+Enter');
  await expect(videoPane.getByText('Clip requested.')).toBeVisible();
  const clipPosts = () =>
    world.server.control.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/clip'))
      .length;
  await expect.poll(clipPosts).toBe(2);
  await again.fill('  The three PRICING tiers ');
  await again.press('Control+Enter');
  await expect(videoPane.getByText('You already asked for this clip. Here it is:')).toBeVisible();
  expect(clipPosts()).toBe(2);
  await expect(videoPane.getByRole('button', { name: /the three pricing tiers/ })).toBeVisible();

  // No console error, CSP violation or failed request on any screen visited.
  expect(problems).toEqual([]);

  // And the page cannot reach the API's host (or any other) itself: the CSP stops it.
  const direct = await page.evaluate(async (url) => {
    try {
      await fetch(url);
      return 'reached';
    } catch {
      return 'blocked';
    }
  }, `${world.server.url}/collection`);
  expect(direct).toBe('blocked');
});
