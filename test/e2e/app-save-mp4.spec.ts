/**
 * "Save as MP4…" end to end (issue 11 §2): a done clip is saved through the browser preview
 * (which names a file in its data folder's downloads/) from the local server's real MP4; the
 * detail shows the progress, pauses and resumes with HTTP Range, and the file on disk is the
 * server's MP4 byte for byte. Screens checked with axe and photographed in light and dark.
 */
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE } from '../server';
import { downloadFile } from '../server/download';
import { captureScreen, closeWorld, makeWorld, openApp, startApp, type World } from './app-harness';

let world: World;

test.beforeAll(async () => {
  world = await makeWorld({ jobDurationMs: 1000 });
});
test.afterAll(async () => closeWorld(world));

test('save a done clip as MP4: progress, pause, resume, the file complete', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const mp4 = await downloadFile();
  const preview = await startApp(world, { withKey: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  const problems = await openApp(page, context, preview);

  // A clip, done.
  await page.getByRole('button', { name: new RegExp(`^${SAMPLE.pricingTalkName}`) }).click();
  const videoPane = page.getByRole('complementary', { name: 'Video details' });
  const prompt = videoPane.getByLabel('What are you looking for?');
  await prompt.fill('raising prices for existing customers');
  await prompt.press('Control+Enter');
  await videoPane.getByRole('button', { name: 'Open in history' }).click();
  const detail = page.getByRole('complementary', { name: 'Clip details' });
  await expect(detail.locator('.badge--done')).toBeVisible({ timeout: 30_000 });

  // Slow enough to watch and photograph (about 20 s for the whole file), then "Save as MP4…" from the copy menu.
  world.server.control.set({ downloadBytesPerSecond: 4_000 });
  await detail.getByRole('button', { name: 'More ways to copy' }).click();
  await page.getByRole('menuitem', { name: 'Save as MP4…' }).click();
  await expect(page.getByText(/^Saving the clip as .+\.mp4\.$/)).toBeVisible();
  const row = detail.getByRole('listitem').filter({ has: page.locator('.download__name') });
  const bar = row.getByRole('progressbar');
  await expect
    .poll(async () => Number((await bar.getAttribute('value')) ?? 0), { timeout: 15_000 })
    .toBeGreaterThan(0);
  await expect(row).toContainText(`of ${Math.round(mp4.body.length / 1000)} KB`);
  await expect(row).toContainText(/\d+% · [\d.]+ KB\/s/);
  await captureScreen(page, 'save-mp4-progress');

  // Pause; the rest comes with a Range request once resumed (at full speed).
  await row.getByRole('button', { name: /^Pause / }).click();
  await expect(row.getByText('Paused', { exact: true })).toBeVisible();
  const pausedAt = Number(await bar.getAttribute('value'));
  expect(pausedAt).toBeGreaterThan(0);
  expect(pausedAt).toBeLessThan(mp4.body.length);
  await captureScreen(page, 'save-mp4-paused');
  world.server.control.set({ downloadBytesPerSecond: null });
  await row.getByRole('button', { name: /^Resume / }).click();
  await expect(row.getByText('Saved', { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(row).toContainText('saved in full and checked');
  await expect(row.getByRole('button', { name: /^Show in folder / })).toBeVisible();
  await captureScreen(page, 'save-mp4-done');

  const ranged = world.server.control
    .requests()
    .filter((r) => r.path.startsWith('/media/download/') && r.range !== undefined);
  expect(ranged.length).toBeGreaterThan(0);
  expect(ranged.some((r) => r.range?.startsWith('bytes=') && r.range !== 'bytes=0-')).toBe(true);

  // The file in the preview's downloads folder: the server's MP4, byte for byte, no .part left.
  const folder = join(world.dataDir, 'downloads');
  const files = readdirSync(folder);
  expect(files).toEqual(['raising prices for existing customers.mp4']);
  const saved = join(folder, files[0]!);
  expect(statSync(saved).size).toBe(mp4.body.length);
  expect(readFileSync(saved).equals(mp4.body)).toBe(true);

  // "Show in folder" cannot open a folder from a browser: it says where the file is instead.
  await row.getByRole('button', { name: /^Show in folder / }).click();
  await expect(page.getByText(/The browser preview cannot open folders/)).toBeVisible();

  expect(problems).toEqual([]);
});
