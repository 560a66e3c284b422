/**
 * Demo media show what was matched: the local server streams each sample video with its
 * transcript on screen and the source clock, so playing a segment must land on the moment the
 * segment names. Plays one segment on its own and in context, checks the player's currentTime
 * against the segment, and photographs the frame (the sentence and the clock are in the picture).
 */
import { expect, test, type Locator } from '@playwright/test';
import { SAMPLE } from '../server';
import { captureScreen, closeWorld, makeWorld, openApp, startApp, type World } from './app-harness';

let world: World;

test.beforeAll(async () => {
  world = await makeWorld({ jobDurationMs: 1500 });
});
test.afterAll(async () => closeWorld(world));

/** `m:ss` → seconds. */
function seconds(text: string): number {
  const [m, s] = text.split(':').map(Number);
  return (m ?? 0) * 60 + (s ?? 0);
}

const currentTime = (video: Locator) => video.evaluate((v: HTMLVideoElement) => v.currentTime);

test('playing a segment shows the matched moment', async ({ page, context }) => {
  test.setTimeout(120_000);
  const preview = await startApp(world, { withKey: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  const problems = await openApp(page, context, preview);

  await page.getByRole('button', { name: new RegExp(`^${SAMPLE.pricingTalkName}`) }).click();
  const pane = page.getByRole('complementary', { name: 'Video details' });
  const prompt = pane.getByLabel('What are you looking for?');
  await prompt.fill('raising prices for existing customers');
  await prompt.press('Control+Enter');
  await pane.getByRole('button', { name: 'Open in history' }).click();

  const detail = page.getByRole('complementary', { name: 'Clip details' });
  await expect(detail.locator('.badge--done')).toBeVisible({ timeout: 30_000 });
  const segment = detail.locator('.segment').filter({ hasText: 'The hardest conversation' });
  await expect(segment).toHaveCount(1);
  const range = (await segment.locator('.segment__time').innerText()).split('–');
  // The row shows whole seconds (floored): the segment lies within [start, end + 1).
  const start = seconds(range[0] ?? '');
  const end = seconds(range[1] ?? '') + 1;
  expect(start).toBeLessThanOrEqual(113);
  expect(end).toBeGreaterThanOrEqual(117);
  const label = (await segment.getByRole('button', { name: /^Play segment \d+$/ }).innerText())
    .replace('Play segment ', '')
    .trim();
  const video = detail.locator('video');

  // The segment on its own: a compiled stream of the source's seconds, played from 0.
  await segment.getByRole('button', { name: `Play segment ${label}` }).click();
  await expect(detail.getByRole('heading', { name: `Playing: Segment ${label} (` })).toBeVisible();
  await expect.poll(() => currentTime(video), { timeout: 20_000 }).toBeGreaterThan(1.2);
  await video.evaluate((v: HTMLVideoElement) => v.pause());
  const inClip = await currentTime(video);
  const clipLength = await video.evaluate((v: HTMLVideoElement) => v.duration);
  expect(inClip).toBeLessThanOrEqual(end - start);
  expect(Math.abs(clipLength - (end - start))).toBeLessThanOrEqual(1.05);
  await expect(detail.getByText(/could not be played/)).toHaveCount(0);
  await captureScreen(page, 'segment-playing');

  // In context: the whole source, started a little before the segment, plays into it.
  await segment.getByRole('button', { name: 'Play in context' }).click();
  await expect(
    detail.getByRole('heading', { name: `Playing: Segment ${label} in context` }),
  ).toBeVisible();
  await expect.poll(() => currentTime(video), { timeout: 20_000 }).toBeGreaterThan(start + 1.2);
  await video.evaluate((v: HTMLVideoElement) => v.pause());
  const inSource = await currentTime(video);
  expect(inSource).toBeGreaterThanOrEqual(start);
  expect(inSource).toBeLessThan(end);
  await captureScreen(page, 'segment-in-context');

  expect(problems).toEqual([]);
});
