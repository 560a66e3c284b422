/**
 * Offline and restart: the network goes away (the server stops listening), the saved library is
 * shown, a prompt is queued and sent exactly once when the network is back; then the preview is
 * restarted on the same data folder and secret store, and the history and a running job resume.
 */
import { expect, test } from '@playwright/test';
import { SAMPLE } from '../server';
import { captureScreen, closeWorld, makeWorld, openApp, startApp, type World } from './app-harness';

let world: World;

test.beforeAll(async () => {
  world = await makeWorld({ jobDurationMs: 1500 });
});
test.afterAll(async () => closeWorld(world));

const clipPosts = (prompt: string) =>
  world.server.control
    .requests()
    .filter(
      (r) =>
        r.method === 'POST' &&
        r.path.endsWith('/clip') &&
        (r.body as { prompt?: string } | undefined)?.prompt === prompt,
    );

test('offline: saved library, queued submit, sent once when back', async ({ page, context }) => {
  test.setTimeout(120_000);
  const preview = await startApp(world, { withKey: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, context, preview);
  const card = page.getByRole('button', { name: new RegExp(`^${SAMPLE.pricingTalkName}`) });
  await card.click();
  await expect(
    page.getByRole('complementary', { name: 'Video details' }).getByText('Scene indexes'),
  ).toBeVisible();
  // Visit another collection so switching back later reads the saved copy.
  await page.getByRole('button', { name: /Conference Talks/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Conference Talks');

  world.server.control.set({ offline: true });
  await world.server.control.settled();
  const bar = page.getByRole('contentinfo', { name: 'Status' });
  await expect(bar.getByText('Offline')).toBeVisible({ timeout: 20_000 });

  await page.getByRole('button', { name: /Default Collection/ }).click();
  await expect(page.getByText('Offline — showing saved library.')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: new RegExp(`^${SAMPLE.pricingTalkName}`) }).click();
  const pane = page.getByRole('complementary', { name: 'Video details' });
  const prompt = pane.getByLabel('What are you looking for?');
  await prompt.fill('annual plan discounts');
  await pane.getByRole('button', { name: 'Queue clip' }).click();
  await expect(pane.getByText('Queued — will be sent when you’re back online.')).toBeVisible();
  await expect(bar).toContainText('1 queued');
  await captureScreen(page, 'offline-queued');
  expect(clipPosts('annual plan discounts')).toHaveLength(0);

  world.server.control.set({ offline: false });
  await world.server.control.settled();
  await expect(bar.getByText('Online')).toBeVisible({ timeout: 20_000 });
  await expect(bar).toContainText('Nothing waiting to send', { timeout: 20_000 });
  await pane.getByRole('button', { name: /annual plan discounts/ }).click();
  const detail = page.getByRole('complementary', { name: 'Clip details' });
  await expect(detail.locator('.badge--done')).toBeVisible({ timeout: 30_000 });
  expect(clipPosts('annual plan discounts')).toHaveLength(1);
});

test('restart: the history and a running job resume', async ({ page, context }) => {
  test.setTimeout(120_000);
  await world.preview?.close();
  world.server.control.set({ jobDurationMs: 6000 });
  let preview = await startApp(world, { withKey: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, context, preview);
  await page.getByRole('button', { name: new RegExp(`^${SAMPLE.pricingTalkName}`) }).click();
  const pane = page.getByRole('complementary', { name: 'Video details' });
  await pane.getByLabel('What are you looking for?').fill('value metric');
  await pane.getByLabel('What are you looking for?').press('Control+Enter');
  await expect(pane.getByText('Clip requested.')).toBeVisible();
  await expect.poll(() => clipPosts('value metric').length).toBe(1);
  await expect(pane.locator('.badge--processing').first()).toBeVisible({ timeout: 15_000 });

  await preview.close();
  preview = await startApp(world);
  await page.goto(preview.url);
  await page.getByRole('button', { name: /Clip history/ }).click();
  const list = page.getByRole('listbox', { name: /Clips, \d+, newest first/ });
  await expect(list.getByRole('option', { name: /annual plan discounts/ })).toContainText('Done');
  const running = list.getByRole('option', { name: /value metric/ });
  await expect(running).toBeVisible();
  await running.click();
  const detail = page.getByRole('complementary', { name: 'Clip details' });
  await expect(detail.locator('.badge--done')).toBeVisible({ timeout: 30_000 });
  await expect(detail.locator('.segment').first()).toBeVisible();
  expect(clipPosts('value metric')).toHaveLength(1);
});
