/**
 * "Add videos…" end to end (issue 11 §4) in Chromium over the browser preview: files chosen in
 * the dialog go up to the local server's upload address (the preview page hands each file to the
 * preview first: a browser never learns a file's path), with progress and speed, a pause and a
 * resume that continues from what the address kept; then each becomes a video of the collection,
 * "Make searchable" starts its index, and a file dropped on the library is added too. Screens
 * checked with axe and photographed in light and dark.
 */
import { expect, test, type Page } from '@playwright/test';
import { captureScreen, closeWorld, makeWorld, openApp, startApp, type World } from './app-harness';

let world: World;

test.beforeAll(async () => {
  world = await makeWorld({ jobDurationMs: 800 });
});
test.afterAll(async () => closeWorld(world));

/** A file of `size` bytes for the file chooser. */
const fileOf = (name: string, size: number) => ({
  name,
  mimeType: 'video/mp4',
  buffer: Buffer.alloc(size, name.length),
});

/** How many videos the library says the collection has. */
async function videoCount(page: Page): Promise<number> {
  const label = await page
    .getByRole('region', { name: /^Videos, \d+$/ })
    .getAttribute('aria-label');
  return Number(/(\d+)$/.exec(label ?? '')?.[1] ?? NaN);
}

test('add videos: choose files, watch them go up, pause and resume, make one searchable, drop another', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const preview = await startApp(world, { withKey: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  const problems = await openApp(page, context, preview);
  await page.getByRole('button', { name: /^Conference Talks/ }).click();
  await expect(page.getByRole('region', { name: /^Videos, \d+$/ })).toBeVisible();
  const before = await videoCount(page);

  // Slow enough to watch: the address takes 1.5 MB a second.
  world.server.control.set({ uploadBytesPerSecond: 1_500_000 });
  await page.getByRole('button', { name: 'Add videos…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add videos to Conference Talks' });
  await expect(dialog).toBeVisible();
  await captureScreen(page, 'add-videos-dialog');
  await dialog
    .getByLabel('Files to add to Conference Talks')
    .setInputFiles([fileOf('Team offsite.mp4', 12_000_000), fileOf('Roadmap review.mp4', 400_000)]);

  const big = dialog.getByRole('listitem', { name: 'Team offsite' });
  await expect(big.getByText('Uploading', { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(big).toContainText(/of 12(\.0)? MB · \d+%/);
  const status = page.getByRole('contentinfo', { name: 'Status' });
  await expect(status.getByRole('button', { name: /uploads?/ })).toBeVisible();
  await expect(big).toContainText(/[KM]B\/s/, { timeout: 10_000 });
  await captureScreen(page, 'add-videos-progress');

  // Pause half way; the resume asks the address what it kept and sends only the rest.
  await big.getByRole('button', { name: 'Pause Team offsite' }).click();
  await expect(big.getByText('Paused', { exact: true })).toBeVisible();
  const kept = world.server.control.uploadTargets().find((t) => t.name === 'Team offsite');
  expect(kept?.complete).toBe(false);
  world.server.control.set({ uploadBytesPerSecond: null });
  await big.getByRole('button', { name: 'Resume Team offsite' }).click();
  await expect(big.getByText('Added', { exact: true })).toBeVisible({ timeout: 30_000 });
  const small = dialog.getByRole('listitem', { name: 'Roadmap review' });
  await expect(small.getByText('Added', { exact: true })).toBeVisible({ timeout: 30_000 });
  const targets = world.server.control.uploadTargets();
  expect(
    targets
      .filter((t) => t.complete)
      .map((t) => t.received)
      .sort(),
  ).toEqual([12_000_000, 400_000]);
  // One address per file: the pause did not start the big one again from the first byte.
  expect(targets).toHaveLength(2);
  const fromZero = world.server.control
    .requests()
    .filter((r) => r.path.startsWith('/upload-target/') && r.range?.startsWith('bytes 0-'));
  expect(fromZero).toHaveLength(2);

  // Make the new video searchable by its spoken words.
  await big.getByRole('button', { name: 'Spoken words' }).click();
  await expect.poll(() => world.server.control.jobs().some((j) => j.kind === 'index')).toBe(true);
  // The dropped file is now a searchable video.
  await expect(big.getByRole('button', { name: 'Searchable by speech ✓' })).toBeVisible({
    timeout: 15_000,
  });
  await expect(status.getByRole('button', { name: /uploads?/ })).toHaveCount(0);
  await captureScreen(page, 'add-videos-done');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('region', { name: `Videos, ${before + 2}` })).toBeVisible({
    timeout: 10_000,
  });

  // A file dropped on the library goes to the collection shown.
  const drop = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(
      new File([new Uint8Array(120_000)], 'Launch rehearsal.mp4', { type: 'video/mp4' }),
    );
    return dt;
  });
  const area = page.locator('.file-drop--fill');
  await area.dispatchEvent('dragenter', { dataTransfer: drop });
  await expect(page.getByText('Drop to add to Conference Talks')).toBeVisible();
  await page.screenshot({ path: 'test/artifacts/screenshots/add-videos-drop-light.png' });
  await area.dispatchEvent('drop', { dataTransfer: drop });
  await expect(page.getByText('Adding 1 file to Conference Talks.')).toBeVisible();
  await expect(page.getByRole('region', { name: `Videos, ${before + 3}` })).toBeVisible({
    timeout: 15_000,
  });
  expect(problems).toEqual([]);
});
