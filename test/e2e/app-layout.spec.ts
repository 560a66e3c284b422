/**
 * A layout that adapts (issue 16 §2 and §4): the library, a video, the history and a clip at
 * 1280×800, 900×600 and the window's minimum 720×480, in light and dark, checked with axe (with a
 * dialog open too). At every size the key controls are on screen and not covered or cut: the
 * Grid/List switch, the video names in list view, the prompt of the open video without scrolling,
 * and the prompts of the history rows. The splitters resize with the keyboard and the layout is
 * remembered after a reload.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { SAMPLE } from '../server';
import { captureScreen, closeWorld, makeWorld, openApp, startApp, type World } from './app-harness';

let world: World;

test.beforeAll(async () => {
  world = await makeWorld({ jobDurationMs: 600 });
});
test.afterAll(async () => closeWorld(world));

const SIZES = [
  { width: 1280, height: 800 },
  { width: 900, height: 600 },
  { width: 720, height: 480 },
] as const;

/**
 * On screen, inside the window, at least `minWidth` wide, and what is drawn at its centre is the
 * element itself (not a pane or toast lying over it).
 */
async function expectUncovered(page: Page, el: Locator, what: string, minWidth = 24) {
  await expect(el, what).toBeVisible();
  // Measured again until it holds for a moment: a list re-rendered by an event (a clip
  // finishing, badges arriving) can replace the node between the visibility check and the
  // measure, which then finds no box; a node really out of place fails every time.
  await expect(async () => {
    const box = await el.boundingBox();
    expect(box, what).not.toBeNull();
    if (box === null) return;
    const view = page.viewportSize()!;
    expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${what}: right edge`).toBeLessThanOrEqual(view.width);
    expect(box.y + box.height, `${what}: bottom edge`).toBeLessThanOrEqual(view.height);
    expect(box.width, `${what}: width`).toBeGreaterThanOrEqual(minWidth);
  }).toPass({ timeout: 3_000 });
  // Asked again for a moment: a list re-rendered by an event (a clip finishing, badges arriving)
  // replaces the node between finding it and hit-testing it; something lying over it stays.
  await expect
    .poll(
      () =>
        el.evaluate((node) => {
          const r = node.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return hit !== null && (node === hit || node.contains(hit) || hit.contains(node));
        }),
      { message: `${what}: covered by something else`, timeout: 3_000 },
    )
    .toBe(true);
}

/** Stricter than captureScreen on these screens: no axe violation of any impact. */
async function expectNoViolations(page: Page, screen: string) {
  const result = await new AxeBuilder({ page }).analyze();
  const found = result.violations.map(
    (v) => `${screen}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
  expect(found, found.join('\n')).toEqual([]);
}

async function shoot(page: Page, name: string) {
  await captureScreen(page, name);
  await expectNoViolations(page, name);
}

test('library, video, history and clip at 1280×800, 900×600 and 720×480', async ({
  page,
  context,
}) => {
  test.setTimeout(240_000);
  const preview = await startApp(world, { withKey: true });
  await page.setViewportSize(SIZES[0]);
  const problems = await openApp(page, context, preview);

  // Three clips with the same words but different options, so the history rows must tell them
  // apart by more than the prompt.
  const card = page.getByRole('button', { name: new RegExp(`^${SAMPLE.pricingTalkName}`) });
  await card.click();
  const pane = page.getByRole('complementary', { name: 'Video details' });
  const prompt = pane.getByLabel('What are you looking for?');
  for (const model of ['basic', 'pro']) {
    await prompt.fill('pricing');
    await pane.getByLabel('Model').selectOption(model);
    await pane.getByRole('button', { name: 'Make clip' }).click();
    await expect(pane.getByText('Clip requested.')).toBeVisible();
  }

  for (const size of SIZES) {
    const tag = `${size.width}x${size.height}`;
    await page.setViewportSize(size);
    await page.keyboard.press('Control+1');

    // Library, list view: the switch and the names.
    const list = page.getByRole('button', { name: 'List', exact: true });
    await expectUncovered(page, list, `${tag} List switch`);
    await expectUncovered(
      page,
      page.getByRole('button', { name: 'Grid', exact: true }),
      `${tag} Grid switch`,
    );
    await list.click();
    const names = page.locator('.video-card--list .video-card__name');
    await expect(names.first()).toBeVisible();
    for (let i = 0; i < 3; i++) {
      await expectUncovered(page, names.nth(i), `${tag} video name ${i + 1}`, 120);
    }
    // Unopened videos all say the same quiet thing about being searchable.
    await expect(page.locator('.video-card--list .badge--unknown').first()).toBeVisible();
    await shoot(page, `layout-${tag}-library-list`);

    // The open video: the prompt comes first, above the fold.
    await page.locator('.video-card--list').filter({ hasText: SAMPLE.pricingTalkName }).click();
    await expect(pane).toBeVisible();
    await expectUncovered(page, prompt, `${tag} prompt of the open video`, 200);
    const make = pane.getByRole('button', { name: 'Make clip' });
    await make.scrollIntoViewIfNeeded();
    await expectUncovered(page, make, `${tag} Make clip button`);
    await pane.evaluate((p) => p.scrollTo(0, 0));
    await shoot(page, `layout-${tag}-video`);
    await page.getByRole('button', { name: 'Grid', exact: true }).click();

    // History: the rows show their prompts, and how they differ.
    await page.keyboard.press('Control+2');
    const rows = page.getByRole('listbox', { name: /^Clips/ }).getByRole('option');
    await expect(rows.nth(1)).toBeVisible();
    for (let i = 0; i < 2; i++) {
      await expectUncovered(
        page,
        rows.nth(i).locator('.job-row__prompt'),
        `${tag} history row ${i + 1} prompt`,
        48,
      );
    }
    await expect(rows.filter({ hasText: 'Speech · Pro' })).toHaveCount(1);
    await expect(rows.filter({ hasText: 'Speech · Basic' })).toHaveCount(1);
    // From the keyboard the list shows a whole frame, all four sides in the focus colour.
    const listbox = page.getByRole('listbox', { name: /^Clips/ });
    await listbox.focus();
    await page.keyboard.press('Home');
    const frame = await listbox.evaluate((el) => {
      const cs = getComputedStyle(el);
      return [cs.borderTopColor, cs.borderRightColor, cs.borderBottomColor, cs.borderLeftColor]
        .concat([cs.borderTopWidth, cs.borderRightWidth, cs.borderBottomWidth, cs.borderLeftWidth])
        .join(' ');
    });
    expect(frame).not.toMatch(/rgba\(0, 0, 0, 0\)|\b0px/);
    await shoot(page, `layout-${tag}-history`);

    await rows.first().click();
    const clip = page.getByRole('complementary', { name: 'Clip details' });
    await expect(clip.getByRole('heading', { name: 'pricing' })).toBeVisible();
    await expect(clip.locator('.badge--done')).toBeVisible({ timeout: 30_000 });
    await shoot(page, `layout-${tag}-clip`);

    // axe with a dialog open, over each screen size.
    await page.keyboard.press('F1');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    await shoot(page, `layout-${tag}-dialog-help`);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
    await shoot(page, `layout-${tag}-dialog-settings`);
    await page.keyboard.press('Escape');
  }
  expect(problems).toEqual([]);
});

test('splitters resize with the keyboard, panes collapse, and both are remembered', async ({
  page,
  context,
}) => {
  const preview = await startApp(world, { withKey: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  const problems = await openApp(page, context, preview);
  const sidebar = page.getByRole('separator', { name: 'Resize sidebar' });
  await expect(sidebar).toHaveAttribute('aria-valuenow', '232');
  await sidebar.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(sidebar).toHaveAttribute('aria-valuenow', '264');
  expect(
    await page
      .getByRole('navigation', { name: 'Sections' })
      .evaluate((n) => n.getBoundingClientRect().width),
  ).toBe(264);

  await page.getByRole('button', { name: new RegExp(`^${SAMPLE.pricingTalkName}`) }).click();
  await page.getByRole('button', { name: 'Hide video details' }).click();
  await expect(page.getByRole('complementary', { name: 'Video details' })).toBeHidden();

  await page.reload();
  await expect(page.getByRole('separator', { name: 'Resize sidebar' })).toHaveAttribute(
    'aria-valuenow',
    '264',
  );
  await expect(page.getByRole('button', { name: 'Show video details' })).toBeVisible();
  await page.getByRole('button', { name: 'Show video details' }).click();
  await expect(page.getByRole('complementary', { name: 'Video details' })).toBeVisible();

  // The sidebar collapses to a rail of named icons.
  await page.getByRole('button', { name: 'Collapse sidebar' }).click();
  await expect(page.getByRole('button', { name: 'Clip history' })).toBeVisible();
  await captureScreen(page, 'layout-rail-collapsed');
  await page.getByRole('button', { name: 'Expand sidebar' }).click();
  expect(problems).toEqual([]);
});

test('the source video plays from the video pane', async ({ page, context }) => {
  const preview = await startApp(world, { withKey: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  const problems = await openApp(page, context, preview);
  await page.getByRole('button', { name: new RegExp(`^${SAMPLE.pricingTalkName}`) }).click();
  const pane = page.getByRole('complementary', { name: 'Video details' });
  await pane.getByRole('button', { name: 'Play video' }).click();
  const video = pane.locator('video');
  await expect
    .poll(async () => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 })
    .toBeGreaterThan(0);
  await expect(pane.getByText(/could not be played/)).toHaveCount(0);
  await captureScreen(page, 'layout-video-playing');
  expect(problems).toEqual([]);
});
