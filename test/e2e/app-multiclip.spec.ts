/**
 * One prompt across videos end to end (issue 12 §1) in Chromium over the browser preview: pick 3
 * videos, ask once, watch the group's progress, read the ranked answer, make and play the reel,
 * copy the answer as Markdown. Screens checked with axe and photographed in light and dark.
 */
import { expect, test } from '@playwright/test';
import { captureScreen, closeWorld, makeWorld, openApp, startApp, type World } from './app-harness';

let world: World;

test.beforeAll(async () => {
  world = await makeWorld({ jobDurationMs: 2500 });
});
test.afterAll(async () => closeWorld(world));

test('pick three videos, ask once, watch them answer, play the reel, copy it as Markdown', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const preview = await startApp(world, { withKey: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  const problems = await openApp(page, context, preview);
  await page.getByRole('button', { name: /^Customer Calls/ }).click();
  const region = page.getByRole('region', { name: /^Videos, \d+$/ });
  await expect(region).toBeVisible();
  const cards = region.getByRole('button');
  await cards.nth(0).click({ modifiers: ['ControlOrMeta'] });
  await cards.nth(1).click({ modifiers: ['ControlOrMeta'] });
  await cards.nth(2).focus();
  await page.keyboard.press('x');
  const pane = page.getByRole('complementary', { name: 'Video details' });
  await expect(pane.getByRole('heading', { name: '3 videos picked' })).toBeVisible();
  const form = pane.getByRole('form', { name: 'Ask every picked video' });
  await form.getByLabel('What are you looking for in all of them?').fill('pricing and discounts');
  await captureScreen(page, 'multiclip-picked');
  await form.getByLabel('What are you looking for in all of them?').press('Control+Enter');

  const progress = pane.getByRole('status', { name: 'Progress across videos' });
  await expect(progress).toContainText(/still running/);
  // Collection search was asked first (the default) and said which videos were worth asking.
  await expect(
    pane.getByText(/^Collection search (left out \d videos?|found something)/),
  ).toBeVisible();
  await captureScreen(page, 'multiclip-progress');
  await expect(progress).toHaveText(/^(\d) of \1 videos? answered$/, { timeout: 30_000 });
  const ranked = pane.getByRole('list', { name: 'Ranked segments' });
  await expect(ranked.getByRole('listitem').first()).toBeVisible();

  await pane.getByRole('button', { name: 'Make a reel' }).click();
  const player = pane.getByLabel(/Reel of the top \d+/);
  await expect(player).toBeVisible({ timeout: 15_000 });
  // The reel loads in the player (hls.js over the media relay).
  await expect
    .poll(() => player.evaluate((v) => (v as HTMLVideoElement).readyState), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(1);
  await captureScreen(page, 'multiclip-done');

  await pane
    .getByRole('group', { name: 'Copy the answer' })
    .getByRole('button', { name: 'Markdown' })
    .click();
  await expect(page.getByText('The list is copied.')).toBeVisible();
  const text = await page.evaluate(() => navigator.clipboard.readText());
  expect(text).toMatch(/^## “pricing and discounts” across \d videos?/);
  expect(text).toMatch(/\[Reel of the top \d+\]\(/);
  expect(text).toMatch(/^1\. \*\*.+\*\* \d+:\d{2}–\d+:\d{2} \(/m);

  const log = world.server.control.requests();
  expect(log.filter((r) => r.path.endsWith('/search'))).toHaveLength(1);
  const clipPosts = log.filter((r) => r.method === 'POST' && r.path.endsWith('/clip'));
  // Each video asked at most once; those the search left out not at all.
  expect(new Set(clipPosts.map((r) => r.path)).size).toBe(clipPosts.length);
  expect(clipPosts.length).toBeGreaterThanOrEqual(1);
  expect(clipPosts.length).toBeLessThanOrEqual(3);
  expect(problems).toEqual([]);
});

test('a picked video that cannot answer is made searchable first, then asked', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  world.server.control.reset({ state: true });
  const preview = await startApp(world, { withKey: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  const problems = await openApp(page, context, preview);
  await page.getByRole('button', { name: /^Default Collection/ }).click();
  const region = page.getByRole('region', { name: /^Videos, \d+$/ });
  await region.getByRole('button', { name: /Team offsite — raw footage/ }).click({
    modifiers: ['ControlOrMeta'],
  });
  await region
    .getByRole('button', { name: /Knife Skills/ })
    .click({ modifiers: ['ControlOrMeta'] });
  const pane = page.getByRole('complementary', { name: 'Video details' });
  const form = pane.getByRole('form', { name: 'Ask every picked video' });
  await form.getByLabel('What are you looking for in all of them?').fill('knife on the board');
  await form.getByLabel('Search in').selectOption('visual');
  const note = form.getByRole('status', { name: 'Readiness' });
  await expect(note).toContainText('1 of 2 videos is not searchable by scenes yet');
  await expect(note).toContainText(/Your VideoDB balance: [\d,.]+ credits/);
  await captureScreen(page, 'multiclip-readiness');
  await note.getByRole('button', { name: /^Make 1 video searchable first/ }).click();

  const progress = pane.getByRole('status', { name: 'Progress across videos' });
  await expect(progress).toContainText('1 being made searchable');
  await expect(pane.getByText(/Being made searchable by scenes/)).toBeVisible();
  await captureScreen(page, 'multiclip-preparing');
  await expect(progress).toHaveText('2 of 2 videos answered', { timeout: 40_000 });
  const posts = world.server.control
    .requests()
    .filter((r) => r.method === 'POST' && /\/(index\/scene|clip)$/.test(r.path))
    .map((r) => r.path.replace(/^\/video\/[^/]+/, ''));
  // One index, then the two clips (the unready video's only after its index).
  expect(posts.filter((p) => p === '/index/scene')).toHaveLength(1);
  expect(posts.filter((p) => p === '/clip')).toHaveLength(2);
  expect(posts.at(-1)).toBe('/clip');
  expect(problems).toEqual([]);
});
