/**
 * First run: the welcome screen, a wrong key (plain message, nothing stored), then the right key
 * (checked, stored, the library opens), and settings showing a key is stored without showing it.
 * The key goes to the real OS keychain (`npm test` starts a throw-away one on Linux) under a
 * service name of its own; where no keychain answers, the app's memory fallback and its warning.
 */
import { expect, test } from '@playwright/test';
import { accountFor, createSecretStore } from '../../app/core/secrets';
import { captureScreen, closeWorld, makeWorld, openApp, startApp, type World } from './app-harness';

let world: World;

test.beforeAll(async () => {
  world = await makeWorld({ secretStore: await createSecretStore('VideoDB Clips (e2e)') });
});
test.afterAll(async () => {
  if (world) await world.secretStore.delete(accountFor(world.server.url));
  await closeWorld(world);
});

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
  expect(await world.secretStore.get(accountFor(world.server.url))).toBeNull();
  await captureScreen(page, 'welcome-wrong-key');

  await field.fill(world.server.apiKey);
  await page.getByRole('button', { name: 'Check and save key' }).click();
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  await expect(
    page.getByRole('button', { name: /Pricing Strategy for SaaS Founders/ }),
  ).toBeVisible();
  // Checked, then stored where the app says it is.
  expect(await world.secretStore.get(accountFor(world.server.url))).toBe(world.server.apiKey);
  const keychain = world.secretStore.kind === 'keychain';
  if (!keychain) await expect(page.getByText(/kept only until you quit/)).toBeVisible();
  else await expect(page.getByText(/keychain is not available/)).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(world.server.apiKey);

  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toContainText(
    keychain ? 'A key is stored and kept in your system keychain.' : 'A key is stored',
  );
  await expect(dialog).not.toContainText(world.server.apiKey);
  await captureScreen(page, 'settings');
  // "Check key" asks the local server with the stored key (one authenticated GET /collection).
  const checksBefore = world.server.control
    .requests()
    .filter((r) => r.method === 'GET' && r.path === '/collection').length;
  await dialog.getByRole('button', { name: 'Check key' }).click();
  await expect(page.getByText('Your key works: VideoDB accepted it.')).toBeVisible();
  expect(
    world.server.control.requests().filter((r) => r.method === 'GET' && r.path === '/collection')
      .length,
  ).toBe(checksBefore + 1);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // No console error, CSP violation or failed request on any screen visited.
  expect(problems).toEqual([]);
});
