/**
 * Dialogs that keep the keyboard (issue 16 §3): Tab and Shift+Tab go round every dialog without
 * ever leaving it (Settings with Advanced closed and open, Keyboard shortcuts, Send again), Esc
 * closes each one; toasts cover nothing of the prompt; the prompt counter and the notice of an
 * uncertain clip. Screenshots of the changed screens in light and dark.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { SAMPLE } from '../server';
import { captureScreen, closeWorld, makeWorld, openApp, startApp, type World } from './app-harness';

let world: World;

test.beforeAll(async () => {
  world = await makeWorld({ jobDurationMs: 800 });
});
test.afterEach(async () => {
  await world.preview?.close();
  world.preview = null;
});
test.afterAll(async () => closeWorld(world));

/** Press Tab (or Shift+Tab) `times` times; focus must stay inside `dialog` after every press. */
async function tabRound(page: Page, dialog: Locator, times: number, shift: boolean) {
  const seen = new Set<string>();
  for (let i = 0; i < times; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    const where = await dialog.evaluate((box) => {
      const a = document.activeElement;
      return {
        inside: a !== null && box.contains(a),
        label: a === null ? 'none' : `${a.tagName}:${a.textContent?.trim().slice(0, 30) ?? ''}`,
      };
    });
    expect(where.inside, `focus left the dialog on press ${i + 1}: ${where.label}`).toBe(true);
    seen.add(where.label);
  }
  return seen;
}

async function expectTrapped(page: Page, dialog: Locator) {
  const forward = await tabRound(page, dialog, 14, false);
  const backward = await tabRound(page, dialog, 14, true);
  expect(forward.size).toBeGreaterThan(0);
  expect([...backward].sort()).toEqual([...forward].sort());
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
}

test('Tab and Shift+Tab stay in every dialog and Esc closes it', async ({ page, context }) => {
  const preview = await startApp(world, { withKey: true });
  const problems = await openApp(page, context, preview);
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Online');

  // Settings, Advanced closed: its hidden address field must not count.
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings).toBeVisible();
  const seen = await tabRound(page, settings, 14, false);
  expect([...seen].some((l) => l.startsWith('SUMMARY:Advanced'))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(settings).toBeHidden();

  // Settings, Advanced open, with the address confirmation and the http warning showing.
  await page.getByRole('button', { name: 'Settings' }).click();
  await settings.getByText('Advanced').click();
  const address = settings.getByLabel('API address');
  await address.fill('http://videodb.example.org');
  await expect(settings.getByText(/plain http:\/\//)).toBeVisible();
  await settings.getByRole('button', { name: 'Save address' }).click();
  await expect(settings.getByRole('button', { name: 'Save and switch' })).toBeFocused();
  await captureScreen(page, 'dialog-settings-address');
  await expectTrapped(page, settings);

  // Keyboard shortcuts (F1).
  await page.keyboard.press('F1');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expectTrapped(page, help);
  expect(problems).toEqual([]);
});

test('an uncertain clip: its own notice, and the Send again dialog keeps focus', async ({
  page,
  context,
}) => {
  world.server.control.set({
    faults: [{ kind: 'html-502', method: 'POST', path: '/clip$', afterHandler: true, times: 1 }],
  });
  const preview = await startApp(world, { withKey: true });
  await openApp(page, context, preview);
  await page.getByRole('button', { name: new RegExp(`^${SAMPLE.pricingTalkName}`) }).click();
  const pane = page.getByRole('complementary', { name: 'Video details' });
  const prompt = pane.getByLabel('What are you looking for?');
  await prompt.fill('pricing, uncertain');
  await expect(pane.getByText(/^18 \/ 2\s000$/)).toBeVisible();
  await prompt.press('Control+Enter');
  const notice = pane.getByText(/Not sure this was sent/);
  await expect(notice).toBeVisible({ timeout: 20_000 });
  await expect(pane.getByText('Clip requested.')).toHaveCount(0);
  await captureScreen(page, 'prompt-uncertain');

  await pane.getByRole('button', { name: 'Open in history' }).click();
  const detail = page.getByRole('complementary', { name: 'Clip details' });
  await detail.getByRole('button', { name: 'Send again…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Send this request again?' });
  await expect(dialog.getByRole('button', { name: 'Keep waiting' })).toBeFocused();
  await captureScreen(page, 'dialog-send-again');
  await expectTrapped(page, dialog);
});

test('toasts cover nothing of the prompt', async ({ page, context }) => {
  const preview = await startApp(world, { withKey: true });
  await openApp(page, context, preview);
  await page.getByRole('button', { name: new RegExp(`^${SAMPLE.pricingTalkName}`) }).click();
  const pane = page.getByRole('complementary', { name: 'Video details' });
  const prompt = pane.getByLabel('What are you looking for?');
  await prompt.fill('pricing tiers, for a toast');
  await prompt.press('Control+Enter');
  await expect(pane.locator('.callout .badge--done')).toBeVisible({ timeout: 20_000 });
  // A toast while the video pane is open: copy the finished clip from the history and come back.
  await pane.getByRole('button', { name: 'Open in history' }).click();
  const detail = page.getByRole('complementary', { name: 'Clip details' });
  await detail.getByRole('button', { name: 'Copy link' }).click();
  const toast = page.locator('.toast').first();
  await expect(toast).toBeVisible();
  const toastBox = (await toast.boundingBox())!;
  const detailBox = (await detail.boundingBox())!;
  const overlaps = (
    a: { x: number; y: number; width: number; height: number },
    b: { x: number; y: number; width: number; height: number },
  ) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  expect(overlaps(toastBox, detailBox)).toBe(false);
  await page.getByRole('button', { name: 'Library' }).click();
  for (const control of [
    pane.getByLabel('What are you looking for?'),
    pane.getByRole('button', { name: /Make clip|Queue clip/ }),
  ]) {
    const box = await control.boundingBox();
    if (box !== null && (await toast.isVisible())) {
      expect(overlaps((await toast.boundingBox())!, box)).toBe(false);
    }
  }
  await captureScreen(page, 'toast-placement');
});
