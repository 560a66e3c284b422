/**
 * Status that is never stale: pause sending, submit, resume. The clip is sent once and ends Done,
 * and after every event the status bar and the prompt panel show the latest state (an answer
 * computed before a later event must not overwrite it). Regression for "1 queued" next to Done.
 */
import { expect, test } from '@playwright/test';
import { SAMPLE } from '../server';
import { closeWorld, makeWorld, openApp, startApp, type World } from './app-harness';

let world: World;

test.beforeAll(async () => {
  world = await makeWorld({ jobDurationMs: 800 });
});
test.afterAll(async () => closeWorld(world));

const clipPosts = () =>
  world.server.control
    .requests()
    .filter((r) => r.method === 'POST' && /\/video\/[^/]+\/clip$/.test(r.path));

for (let run = 1; run <= 3; run++) {
  test(`pause, submit, resume: bar and panel follow the latest state (run ${run})`, async ({
    page,
    context,
  }) => {
    const preview = await startApp(world, { withKey: true });
    const problems = await openApp(page, context, preview);
    const bar = page.getByRole('contentinfo', { name: 'Status' });
    await bar.getByRole('button', { name: 'Pause sending' }).click();
    await expect(bar).toContainText('sending paused');

    await page.getByRole('button', { name: new RegExp(`^${SAMPLE.pricingTalkName}`) }).click();
    const pane = page.getByRole('complementary', { name: 'Video details' });
    const prompt = pane.getByLabel('What are you looking for?');
    const text = `pricing tiers, run ${run}`;
    const before = clipPosts().length;
    await prompt.fill(text);
    await prompt.press('Control+Enter');
    await expect(bar).toContainText('1 queued');
    await expect(pane.getByText('Queued — sending is paused.', { exact: false })).toBeVisible();

    await bar.getByRole('button', { name: 'Resume sending' }).click();
    await expect(pane.locator('.callout .badge--done')).toBeVisible({ timeout: 20_000 });
    // Settled: nothing waits, nothing says queued, and it stays that way.
    await expect(bar).toContainText('Nothing waiting to send');
    await expect(pane.getByText(/Queued —/)).toHaveCount(0);
    await page.waitForTimeout(600);
    await expect(bar).toContainText('Nothing waiting to send');
    await expect(bar).not.toContainText('sending paused');
    await expect(pane.getByText(/Queued —/)).toHaveCount(0);
    expect(clipPosts().length - before).toBe(1);
    expect(problems).toEqual([]);
    await world.preview?.close();
    world.preview = null;
  });
}
