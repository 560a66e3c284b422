/**
 * The newcomer path, as CI runs it before anything is built (`tsx test/newcomer/run.ts`):
 *   1. `npm run demo -- --browser`, exactly the README's command (it must build what it needs),
 *   2. opens the address the demo prints in Debian's Chromium,
 *   3. picks a sample video, writes a prompt, and follows the clip until it is done and playing,
 *   4. fails on any console error or failed request on the way (favicon included).
 * Writes `test/artifacts/newcomer.json` ({passed, failed, problems}) which `npm test` adds to its
 * totals, and a screenshot of the playing clip next to it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';

const root = resolve(import.meta.dirname, '..', '..');
const artifacts = join(root, 'test', 'artifacts');
const PROMPT = 'raising prices for existing customers';

/** Start the demo as a user would and resolve with the first http address it prints. */
function startDemo(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const child = spawn(npm, ['run', 'demo', '--', '--browser'], {
    cwd: root,
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let out = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`The demo printed no address in 180 s:\n${out}`)),
      180_000,
    );
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      process.stdout.write(chunk);
      const m = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\S*)\s*$/m.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        done({ child, url: m[1], output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`The demo stopped (exit ${code}) before printing an address:\n${out}`));
    });
  });
}

function stopDemo(child: ChildProcess): void {
  try {
    if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGINT');
    else child.kill('SIGINT');
  } catch {
    // Already gone.
  }
}

async function clipToPlayingResult(page: Page): Promise<void> {
  const card = page.getByRole('button', { name: /^Pricing Strategy for SaaS Founders/ });
  await card.waitFor({ timeout: 30_000 });
  await card.click();
  const pane = page.getByRole('complementary', { name: 'Video details' });
  const prompt = pane.getByLabel('What are you looking for?');
  await prompt.fill(PROMPT);
  await prompt.press('Control+Enter');
  await pane.getByText('Clip requested.').waitFor();
  await pane.getByRole('button', { name: 'Open in history' }).click();
  const detail = page.getByRole('complementary', { name: 'Clip details' });
  await detail.locator('.badge--done').waitFor({ timeout: 60_000 });
  await detail.locator('.segment').first().waitFor();
  const video = detail.locator('video');
  const deadline = Date.now() + 20_000;
  while ((await video.evaluate((v: HTMLVideoElement) => v.readyState)) === 0) {
    if (Date.now() > deadline) throw new Error('The clip did not start loading in the player.');
    await page.waitForTimeout(200);
  }
  await video.evaluate((v: HTMLVideoElement) => v.play().catch(() => undefined));
  const started = Date.now();
  while ((await video.evaluate((v: HTMLVideoElement) => v.currentTime)) <= 0) {
    if (Date.now() - started > 20_000) throw new Error('The clip loaded but did not play.');
    await page.waitForTimeout(200);
  }
}

async function main(): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  const problems: string[] = [];
  let failure: string | null = null;
  const demo = await startDemo().catch((err: unknown) => {
    failure = err instanceof Error ? err.message : String(err);
    return null;
  });
  if (demo) {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.on('console', (msg) => {
        if (msg.type() === 'error')
          problems.push(`console error: ${msg.text()} (${msg.location().url || 'page'})`);
      });
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      page.on('requestfailed', (req) =>
        problems.push(`failed request: ${req.url()} (${req.failure()?.errorText ?? '?'})`),
      );
      page.on('response', (res) => {
        if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
      });
      await page.goto(demo.url);
      await clipToPlayingResult(page);
      await page.screenshot({ path: join(artifacts, 'newcomer-playing.png') });
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
    } finally {
      await browser.close();
      stopDemo(demo.child);
    }
  }
  const passed = failure === null && problems.length === 0;
  const report = { passed: passed ? 1 : 0, failed: passed ? 0 : 1, failure, problems };
  writeFileSync(join(artifacts, 'newcomer.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    passed
      ? 'Newcomer path: demo built itself, clip went from prompt to a playing result.'
      : `Newcomer path FAILED: ${failure ?? ''}\n${problems.join('\n')}`,
  );
  process.exit(passed ? 0 : 1);
}

void main();
