/**
 * First run: the welcome screen, a wrong key (plain message, nothing stored), then the right key
 * (checked, stored, the library opens), and settings showing a key is stored without showing it.
 */
import { expect, test } from '@playwright/test';
import { captureScreen, closeWorld, makeWorld, openApp, startApp, type World } from './app-harness';

let world: World;

test.beforeAll(async () => {
  world = await makeWorld();
});
test.afterAll(async () => closeWorld(world));

test('first run with a wrong key, then the right one', async ({ page, context }) => {
  test.setTimeout(90_000);
  const preview = await startApp(world);
  const problems = await openApp(page, context, preview);
  await page.setViewportSize({ width: 1280, height: 800 });

  await expect(page.getByRole('heading', { name: 'Welcome to VideoDB Clips' })).toBeVisible();
  await captureScreen(page, 'welcome');

  const field = page.getByLabel('API key');
  await field.fill('sk-this-is-not-it');
  await page.getByRole('button', { name: 'Check and save key' }).click();
  await expect(page.getByRole('alert')).toContainText('VideoDB did not accept this key');
  expect(await world.secretStore.get(`${world.server.url}`)).toBeNull();
  await captureScreen(page, 'welcome-wrong-key');

  await field.fill(world.server.apiKey);
  await page.getByRole('button', { name: 'Check and save key' }).click();
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  await expect(
    page.getByRole('button', { name: /Pricing Strategy for SaaS Founders/ }),
  ).toBeVisible();
  // The memory store warns that the key will not be remembered.
  await expect(page.getByText(/kept only until you quit/)).toBeVisible();
  await expect(page.locator('body')).not.toContainText(world.server.apiKey);

  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toContainText('A key is stored');
  await expect(dialog).not.toContainText(world.server.apiKey);
  await captureScreen(page, 'settings');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  expect(problems.filter((p) => /Content Security Policy/i.test(p))).toEqual([]);
});
