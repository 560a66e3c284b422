/**
 * The demo's "Simulate offline" switch (issue 15 §4): a person cuts the demo's network from the
 * status bar, asks for a clip (it waits in the outbox), restores the network and watches it go
 * out exactly once. Outside the demo the switch is not there.
 */
import { expect, test } from '@playwright/test';
import { SAMPLE } from '../server';
import { captureScreen, closeWorld, makeWorld, openApp, startApp, type World } from './app-harness';

let world: World;

test.beforeAll(async () => {
  world = await makeWorld({ jobDurationMs: 800 });
});
test.afterAll(async () => closeWorld(world));

const clipPosts = (prompt: string) =>
  world.server.control
    .requests()
    .filter(
      (r) =>
        r.method === 'POST' &&
        /\/clip$/.test(r.path) &&
        (r.body as { prompt?: string } | undefined)?.prompt === prompt,
    );

test('demo: simulate offline, queue a clip, restore, sent once', async ({ page, context }) => {
  const preview = await startApp(world, { withKey: true, demo: true });
  const problems = await openApp(page, context, preview);
  const bar = page.getByRole('contentinfo', { name: 'Status' });
  const cut = bar.getByRole('button', { name: 'Demo: simulate offline' });
  await expect(cut).toBeVisible();
  await cut.click();
  await expect(bar.getByText('Offline', { exact: true })).toBeVisible({ timeout: 5_000 });
  await expect(bar.getByRole('button', { name: 'Demo: restore network' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  await page.getByRole('button', { name: new RegExp(`^${SAMPLE.pricingTalkName}`) }).click();
  const pane = page.getByRole('complementary', { name: 'Video details' });
  const prompt = pane.getByLabel('What are you looking for?');
  const text = 'free trials that convert';
  await prompt.fill(text);
  await expect(pane.getByRole('button', { name: 'Queue clip' })).toBeVisible();
  await prompt.press('Control+Enter');
  await expect(bar).toContainText('1 queued');
  await expect(pane.getByText(/Queued — will be sent when you’re back online/)).toBeVisible();
  await captureScreen(page, 'demo-offline-queued');
  expect(clipPosts(text)).toHaveLength(0);

  await bar.getByRole('button', { name: 'Demo: restore network' }).click();
  await expect(bar.getByText('Online', { exact: true })).toBeVisible({ timeout: 5_000 });
  await expect(pane.locator('.callout .badge--done')).toBeVisible({ timeout: 20_000 });
  await expect(bar).toContainText('Nothing waiting to send');
  expect(clipPosts(text)).toHaveLength(1);
  expect(problems).toEqual([]);
});

test('outside the demo there is no network switch', async ({ page, context }) => {
  await world.preview?.close();
  const preview = await startApp(world, { withKey: true });
  await openApp(page, context, preview);
  const bar = page.getByRole('contentinfo', { name: 'Status' });
  await expect(bar.getByText('Online', { exact: true })).toBeVisible();
  await expect(bar.getByRole('button', { name: /Demo:/ })).toHaveCount(0);
});
