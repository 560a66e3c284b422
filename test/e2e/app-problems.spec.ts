/**
 * Things going wrong: a clip job that fails (plain message, Retry), a video that is not searchable
 * yet (warning before sending, "make searchable" with progress), and the 5000-video collection.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { SAMPLE } from '../server';
import { captureScreen, closeWorld, makeWorld, openApp, startApp, type World } from './app-harness';

let world: World;

test.beforeAll(async () => {
  world = await makeWorld({ jobDurationMs: 800 });
});
test.afterAll(async () => closeWorld(world));

/** The app at 1280×800 on the world's preview (started here when a test runs alone or retries). */
async function openWindow(page: Page, context: BrowserContext): Promise<void> {
  const preview = world.preview ?? (await startApp(world, { withKey: true }));
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, context, preview);
}

/** The window on the 5000-video Archive collection; its grid once it shows. */
async function openArchive(page: Page, context: BrowserContext) {
  await openWindow(page, context);
  await page.getByRole('button', { name: /Archive/ }).click();
  const grid = page.getByRole('region', { name: /^Videos, \d+$/ });
  await expect(grid).toBeVisible({ timeout: 30_000 });
  return grid;
}

test('a job that fails says so and can be retried', async ({ page, context }) => {
  test.setTimeout(90_000);
  const preview = await startApp(world, { withKey: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, context, preview);
  world.server.control.set({ jobOutcome: 'fail' });
  await page.getByRole('button', { name: new RegExp(`^${SAMPLE.pricingTalkName}`) }).click();
  const pane = page.getByRole('complementary', { name: 'Video details' });
  await pane.getByLabel('What are you looking for?').fill('discounts at the end of the quarter');
  await pane.getByLabel('What are you looking for?').press('Control+Enter');
  await pane.getByRole('button', { name: 'Open in history' }).click();
  const detail = page.getByRole('complementary', { name: 'Clip details' });
  const alert = detail.getByRole('alert');
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(detail.locator('.badge--failed')).toBeVisible();
  await captureScreen(page, 'job-failed');

  world.server.control.set({ jobOutcome: 'done' });
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(detail.locator('.badge--done')).toBeVisible({ timeout: 30_000 });
});

test('a video not yet searchable: warning, make searchable, progress', async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  await openWindow(page, context);
  await page.getByRole('button', { name: new RegExp(`^${SAMPLE.unsearchableVideoName}`) }).click();
  const pane = page.getByRole('complementary', { name: 'Video details' });
  await expect(pane.getByRole('heading', { name: SAMPLE.unsearchableVideoName })).toBeVisible();
  await expect(pane.getByLabel('Scene index')).toBeDisabled();
  // Whether a video is searchable by speech is not asked up front (on the API, reading a
  // transcript starts one): the first spoken clip tells, in the API's own words.
  await pane.getByLabel('What are you looking for?').fill('group photo');
  await pane.getByRole('button', { name: 'Make clip' }).click();
  await expect(
    pane.getByRole('status').filter({ hasText: 'not indexed for spoken words' }),
  ).toBeVisible({
    timeout: 30_000,
  });
  const clipPosts = () =>
    world.server.control
      .requests()
      .filter(
        (r) =>
          r.method === 'POST' &&
          r.path.endsWith('/clip') &&
          (r.body as { prompt?: string }).prompt === 'group photo',
      ).length;
  expect(clipPosts()).toBe(1);

  // From then on the app knows: asking again warns before sending and offers the fix.
  await pane.getByRole('button', { name: 'Make clip' }).click();
  const warning = pane.getByRole('alert');
  await expect(warning).toContainText('is not searchable by speech yet');
  await captureScreen(page, 'not-searchable');
  expect(clipPosts()).toBe(1);

  await warning.getByRole('button', { name: 'Make searchable by speech' }).click();
  const speech = pane.locator('li', { hasText: 'By speech' });
  await expect(speech.getByText('Yes')).toBeVisible({ timeout: 30_000 });
});

test('the 5000-video collection scrolls, loading pages as needed', async ({ page, context }) => {
  test.setTimeout(90_000);
  const grid = await openArchive(page, context);
  const total = Number((await grid.getAttribute('aria-label'))!.replace(/\D/g, ''));
  expect(total).toBeGreaterThanOrEqual(5000);
  await captureScreen(page, 'archive');

  for (const fraction of [0.25, 0.5, 0.75, 1]) {
    await grid.evaluate(
      (el, f) => (el.scrollTop = (el.scrollHeight - el.clientHeight) * f),
      fraction,
    );
    await expect(grid.locator('.video-card--skeleton')).toHaveCount(0, { timeout: 15_000 });
    const cards = await grid.locator('.video-card').count();
    expect(cards).toBeGreaterThan(0);
    expect(cards).toBeLessThan(120);
  }
  const last = grid.locator(`[data-index="${total - 1}"]`);
  await expect(last).toBeVisible();
});

test('a fling draws light cards; their thumbnails come back when it slows', async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  const grid = await openArchive(page, context);
  await expect(grid.locator('.video-card--skeleton')).toHaveCount(0, { timeout: 15_000 });
  // A card whose video has a thumbnail but which draws none.
  const bare = grid.locator(
    '.video-card:not(.video-card--skeleton) .video-card__thumb:not(:has(img)):not(:has(.video-card__no-thumb))',
  );
  await expect(grid.locator('.video-card__thumb img').first()).toBeVisible();
  await expect(bare).toHaveCount(0);
  // 80 % of the view a frame for 20 frames, then read the cards on screen in the same frame.
  const during = await grid.evaluate(async (el) => {
    for (let i = 0; i < 20; i++) {
      el.scrollTop += Math.round(el.clientHeight * 0.8);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
    }
    return {
      cards: el.querySelectorAll('.video-card:not(.video-card--skeleton)').length,
      images: el.querySelectorAll('.video-card__thumb img').length,
    };
  });
  expect(during.cards).toBeGreaterThan(0);
  expect(during.images, 'cards that came into view during the fling draw no thumbnail').toBe(0);
  // Stopped: every card on screen draws its thumbnail again.
  await expect(bare).toHaveCount(0, { timeout: 5_000 });
  await expect(grid.locator('.video-card--skeleton')).toHaveCount(0, { timeout: 15_000 });
  await expect(grid.locator('.video-card__thumb img').first()).toBeVisible();
});
