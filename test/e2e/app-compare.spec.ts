/**
 * Compare end to end (issue 12 §3) in Chromium over the browser preview: open a video, write a
 * prompt, "Compare…", pick runs in the grid of content types × tiers, and read the comparison as
 * it fills: the table of runs (one with a spent tier budget says so in plain words), a timeline
 * strip per run and the pairwise overlap grid. A run opens in the history. Screens checked with
 * axe and photographed in light and dark.
 */
import { expect, test } from '@playwright/test';
import { captureScreen, closeWorld, makeWorld, openApp, startApp, type World } from './app-harness';

let world: World;

test.beforeAll(async () => {
  world = await makeWorld({ jobDurationMs: 2500 });
});
test.afterAll(async () => closeWorld(world));

test('open a video, compare a prompt across types and tiers, read the matrix and the strips', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const preview = await startApp(world, { withKey: true });
  // The ultra tier's budget is spent: that run fails and says why; the others compare.
  world.server.control.set({ exhaustedTiers: ['ultra'] });
  await page.setViewportSize({ width: 1280, height: 800 });
  const problems = await openApp(page, context, preview);
  await page.getByRole('button', { name: /^Pricing Strategy for SaaS Founders/ }).click();
  const pane = page.getByRole('complementary', { name: 'Video details' });
  const form = pane.getByRole('form', { name: 'Make a clip' });
  await form.getByLabel('What are you looking for?').fill('raising prices for existing customers');
  await form.getByRole('button', { name: 'Compare…' }).click();

  const setup = pane.getByRole('form', { name: 'Compare runs' });
  await expect(setup.getByLabel('What are you looking for?')).toHaveValue(
    'raising prices for existing customers',
  );
  await setup.getByRole('checkbox', { name: 'Spoken with Mini' }).check();
  // Keyboard: Space ticks the focused box.
  await setup.getByRole('checkbox', { name: 'Spoken with Ultra' }).focus();
  await page.keyboard.press('Space');
  await setup.getByRole('checkbox', { name: 'Visual with Basic' }).check();
  await expect(setup.getByText('7 runs chosen (2 to 12).')).toBeVisible();
  await captureScreen(page, 'compare-setup');
  await setup.getByRole('button', { name: 'Compare 7 runs' }).click();

  const progress = pane.getByRole('status', { name: 'Progress of the runs' });
  await expect(progress).toContainText(/still running/);
  await captureScreen(page, 'compare-progress');
  await expect(progress).toHaveText('6 of 7 runs answered, 1 failed', { timeout: 40_000 });

  const table = pane.getByRole('table', { name: 'Runs' });
  await expect(table.getByRole('rowheader')).toHaveText([
    'Spoken · Mini',
    'Spoken · Basic',
    'Spoken · Pro',
    'Spoken · Ultra',
    'Visual · Basic',
    'Both · Basic',
    'Both · Pro',
  ]);
  await expect(table.getByText(/used up its budget/)).toBeVisible();
  const strips = pane.getByRole('list', { name: 'Timeline of each run' });
  await expect(strips.getByRole('img')).toHaveCount(7);
  await expect(strips.getByRole('img', { name: /^Spoken · Basic: \d+:\d\d to / })).toBeVisible();
  const grid = pane.getByRole('table', { name: 'Overlap of each pair' });
  await expect(grid.getByRole('row')).toHaveCount(8);
  await pane.getByRole('heading', { name: 'Runs' }).scrollIntoViewIfNeeded();
  await captureScreen(page, 'compare-done');
  await grid.scrollIntoViewIfNeeded();
  await captureScreen(page, 'compare-overlap');

  // Each run is an ordinary clip in the history.
  await table.getByRole('button', { name: 'Spoken · Pro' }).click();
  await expect(
    page.getByRole('heading', { name: 'raising prices for existing customers' }).first(),
  ).toBeVisible();

  const clipPosts = world.server.control
    .requests()
    .filter((r) => r.method === 'POST' && r.path.endsWith('/clip'));
  expect(clipPosts).toHaveLength(7);
  expect(problems).toEqual([]);
});
