/**
 * The preview transport in a real browser: the injected page script provides window.api before
 * the app's scripts run, calls reach the real core (against the local VideoDB server), events
 * arrive, clipboard copies land on the browser clipboard, and sockets without the token or from
 * another origin are refused.
 */
import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, SAMPLE, type RunningServer } from '../server';
import { startPreview, type RunningPreview } from '../../app/preview';
import { makeFixtureRenderer } from '../preview/fixture-renderer';

let server: RunningServer;
let preview: RunningPreview;
let fixture: { root: string; parent: string };
let dataDir: string;
let foreign: Server;
let foreignOrigin: string;

test.beforeAll(async () => {
  server = await startServer({ jobDurationMs: 200 });
  fixture = makeFixtureRenderer();
  dataDir = mkdtempSync(join(tmpdir(), 'clips-e2e-preview-'));
  preview = await startPreview({
    dataDir,
    apiBaseUrl: server.url,
    apiKey: server.apiKey,
    rendererDir: fixture.root,
    tuning: { firstPollMs: 50, pollMaxMs: 200 },
  });
  // A page on another origin that tries to use the preview's socket.
  foreign = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>elsewhere</title>');
  });
  await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
  foreignOrigin = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await preview?.close();
  await server?.close();
  await new Promise((r) => foreign?.close(r));
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(fixture.parent, { recursive: true, force: true });
});

/** Open a socket from the current page and report how it ended. */
async function trySocket(page: import('@playwright/test').Page, url: string) {
  return page.evaluate(
    (u) =>
      new Promise<{ code: number; messages: string[] }>((resolve) => {
        const ws = new WebSocket(u);
        const messages: string[] = [];
        ws.onmessage = (e) => messages.push(String(e.data));
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, channel: 'secrets:status', input: {} }));
        ws.onclose = (e) => resolve({ code: e.code, messages });
        setTimeout(() => resolve({ code: -1, messages }), 8000);
      }),
    url,
  );
}

test('the page gets window.api, calls the core and receives events', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: preview.origin });
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await page.goto(preview.url);
  expect(await page.evaluate(() => (window as any).__apiAtStart)).toBe(true);

  const status = await page.evaluate(() => (window as any).api.secrets.status());
  expect(status).toEqual({
    ok: true,
    value: { hasKey: true, storage: 'session', apiBaseUrl: server.url },
  });

  const bad = await page.evaluate(() => (window as any).api.jobs.get({ id: 5 }));
  expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });

  // Subscribe, say ready, cause a change: the event arrives.
  await page.evaluate(async () => {
    const w = window as any;
    w.__events = [];
    w.api.onConnectivityChanged((p: unknown) => w.__events.push(['connectivity', p]));
    w.api.onJobsChanged((p: any) => w.__events.push(['job', p]));
    await w.api.app.ready();
    await w.api.outbox.pause();
  });
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as any).__events.some((e: any) => e[0] === 'connectivity' && e[1].paused),
      ),
    )
    .toBe(true);
  await page.evaluate(() => (window as any).api.outbox.resume());

  // A clip: submit, watch it finish through events, copy its link to the browser clipboard.
  const submitted = await page.evaluate((req) => (window as any).api.jobs.submit(req), {
    videoId: SAMPLE.pricingTalkId,
    collectionId: SAMPLE.defaultCollectionId,
    prompt: 'pricing tiers',
  });
  expect(submitted.ok).toBe(true);
  const id = submitted.value.job.id as string;
  await expect
    .poll(
      () =>
        page.evaluate(
          (jobId) =>
            (window as any).__events.some(
              (e: any) =>
                e[0] === 'job' && e[1].id === jobId && e[1].status === 'done' && e[1].clipPlayerUrl,
            ),
          id,
        ),
      { timeout: 15_000 },
    )
    .toBe(true);
  const copied = await page.evaluate(
    (jobId) => (window as any).api.clipboard.copy({ jobIds: [jobId] }),
    id,
  );
  expect(copied).toMatchObject({ ok: true, value: { count: 1 } });
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(copied.value.text);
  expect(preview.clipboardText()).toBe(copied.value.text);
  expect(cspViolations).toEqual([]);
});

test('a socket without the token is refused', async ({ page }) => {
  await page.goto(preview.url);
  const wsBase = `${preview.origin.replace('http', 'ws')}/__preview/ws`;
  const noToken = await trySocket(page, wsBase);
  expect(noToken.code).toBe(1008);
  expect(noToken.messages).toEqual([]);
  const wrongToken = await trySocket(page, `${wsBase}?token=not-the-token`);
  expect(wrongToken.code).toBe(1008);
});

test('a socket from another origin is refused even with the token', async ({ page }) => {
  await page.goto(foreignOrigin);
  const result = await trySocket(
    page,
    `${preview.origin.replace('http', 'ws')}/__preview/ws?token=${preview.token}`,
  );
  expect(result.code).toBe(1008);
  expect(result.messages).toEqual([]);
});
