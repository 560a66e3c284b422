/**
 * Figure 3, the window: the built renderer in Debian's Chromium through the browser preview,
 * against the local server. Time from navigation to the library showing, JavaScript shipped
 * (gzipped), p95 frame time while scrolling the 5000-video collection and a 100 000-job history
 * (requestAnimationFrame timestamps taken in the page), and the page's JS heap (CDP).
 * Skipped, with the reason in the table, in --quick mode or when the build or preview is missing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config';
import { SAMPLE, startServer } from '../server';
import { openStore } from '../../app/core/store';
import { generateHistory } from './history-data';
import { bulkInsert } from '../support/bulk-insert';
import { median, nowMs, percentile } from './stats';
import { fmtMB, fmtMs, met, ratio, type BenchRow } from './table';

const root = fileURLToPath(new URL('../..', import.meta.url));
const rendererDir = join(root, 'out', 'renderer');
const previewIndex = join(root, 'app', 'preview', 'index.ts');

/**
 * Gzipped size of the JS the renderer ships: all of it, and the part the first load needs (the
 * scripts and module preloads index.html names); the rest (hls.js, …) loads when first used.
 */
export function shippedJsGzipped(): {
  bytes: number;
  files: number;
  firstLoadBytes: number;
  firstLoadFiles: number;
} {
  const assets = join(rendererDir, 'assets');
  if (!existsSync(assets)) {
    return { bytes: Number.NaN, files: 0, firstLoadBytes: Number.NaN, firstLoadFiles: 0 };
  }
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  const named = new Set(
    [...html.matchAll(/(?:src|href)="\.?\/?assets\/([^"]+\.js)"/g)].map((m) => m[1]!),
  );
  let bytes = 0;
  let files = 0;
  let firstLoadBytes = 0;
  let firstLoadFiles = 0;
  for (const f of readdirSync(assets)) {
    if (!f.endsWith('.js')) continue;
    const size = gzipSync(readFileSync(join(assets, f)), { level: 9 }).length;
    bytes += size;
    files++;
    if (named.has(f)) {
      firstLoadBytes += size;
      firstLoadFiles++;
    }
  }
  return { bytes, files, firstLoadBytes, firstLoadFiles };
}

/** The JS rows: first load, then what loads later, so a lazy chunk is not counted as start-up. */
function jsRows(figure: string, js: ReturnType<typeof shippedJsGzipped>): BenchRow[] {
  const row = (metric: string, ours: string): BenchRow => ({
    figure,
    metric,
    ours,
    peer: '—',
    peerName: '—',
    ratio: '—',
    bar: '—',
  });
  return [
    row(
      `JavaScript of the first load, gzipped (${js.firstLoadFiles} files)`,
      fmtMB(js.firstLoadBytes),
    ),
    row(
      `JavaScript loaded later on use (hls.js …), gzipped (${js.files - js.firstLoadFiles} files)`,
      fmtMB(js.bytes - js.firstLoadBytes),
    ),
  ];
}

/**
 * The frame bar: every frame on time at 60 Hz. rAF intervals are whole vsyncs (16.67 ms) read
 * through a clamped timer, so an on-time frame measures 16.6–16.8 ms and a dropped one 33.3 ms;
 * "below 16.7" failed a page that never dropped a frame about half the time.
 */
const FRAME_BAR_MS = 17;

/** History rows read down in the heap walk, and how much the heap may grow over them. */
const HISTORY_ROWS = 100_000;
const HEAP_FLAT_BYTES = 2 * 1024 * 1024;

type StartPreview = (
  opts: Record<string, unknown>,
) => Promise<{ url: string; close(): Promise<void> }>;

/**
 * Scroll the element matching `selector` down in steps, one per frame; frame intervals (ms) from
 * rAF. `step` is pixels a frame: a number, or a share of the element's height ("0.8" = 80 % of
 * it). 120 px a frame (7200 px/s at 60 Hz) is a brisk wheel or trackpad scroll, reading speed; 80 %
 * of the viewport a frame is a fling, which replaces nearly every card on every frame (issue 14 §6).
 */
const SCROLL_SCRIPT = `async (selector, step) => {
  const el = document.querySelector(selector);
  if (!el) return { error: 'no element ' + selector };
  const px = step < 1 ? Math.round(el.clientHeight * step) : step;
  const times = [];
  let stop = false;
  const tick = (t) => { times.push(t); if (!stop) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  for (let i = 0; i < 120 && el.scrollTop + el.clientHeight < el.scrollHeight - 2; i++) {
    el.scrollTop += px;
    await new Promise((r) => requestAnimationFrame(() => r()));
  }
  await new Promise((r) => setTimeout(r, 100));
  stop = true;
  const frames = [];
  for (let i = 1; i < times.length; i++) frames.push(times[i] - times[i - 1]);
  return { frames, scrolled: el.scrollTop };
}`;

/**
 * Scroll the history list down a page of rows at a time, waiting at each stop until the rows on
 * screen have loaded (no placeholder left), until `rows` rows have gone by: every page is loaded
 * once on the way, as when a person reads down the list. The list's length is a lower bound that
 * grows as deeper pages load, so the walk follows it.
 */
const WALK_SCRIPT = `async (selector, rows, stepRows) => {
  const el = document.querySelector(selector);
  if (!el) return { error: 'no element ' + selector };
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const rowPx = el.querySelector('[role="option"]')?.getBoundingClientRect().height || 64;
  const loaded = () => el.querySelector('.job-row--skeleton') === null;
  let stuck = 0;
  while (el.scrollTop / rowPx < rows && stuck < 20) {
    const before = el.scrollTop;
    el.scrollTop = Math.min(before + stepRows * rowPx, rows * rowPx);
    await frame();
    const t0 = performance.now();
    while (!loaded() && performance.now() - t0 < 10000) await frame();
    stuck = el.scrollTop === before ? stuck + 1 : 0;
  }
  return { rows: Math.round(el.scrollTop / rowPx) };
}`;

/** Run figure 3 and return its table rows. */
export async function figureWindow(opts: {
  quick: boolean;
  reps: number;
  apiKey: string;
  log: (line: string) => void;
}): Promise<BenchRow[]> {
  const figure = '3. The window (Chromium, browser preview)';
  const skip = (reason: string): BenchRow[] => {
    opts.log(`  skipped: ${reason}`);
    const js = shippedJsGzipped();
    const rows: BenchRow[] = [];
    if (js.files) rows.push(...jsRows(figure, js));
    rows.push({
      figure,
      metric: 'load, frame times, page memory',
      ours: '—',
      peer: '—',
      peerName: '—',
      ratio: '—',
      bar: `skipped: ${reason}`,
    });
    return rows;
  };
  if (opts.quick) return skip('--quick mode');
  if (!existsSync(join(rendererDir, 'index.html')))
    return skip('renderer not built (npx electron-vite build)');
  if (!existsSync(previewIndex)) return skip('app/preview/index.ts does not exist yet');
  if (!existsSync(CHROMIUM_PATH)) return skip(`no Chromium at ${CHROMIUM_PATH}`);
  const mod = (await import(/* @vite-ignore */ previewIndex)) as { startPreview?: StartPreview };
  if (typeof mod.startPreview !== 'function')
    return skip('app/preview does not export startPreview');
  const { chromium } = await import('@playwright/test');

  const js = shippedJsGzipped();
  const server = await startServer({ apiKey: opts.apiKey });
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-window-'));
  // A 100 000-job history in the preview's database, written through the store.
  const store = openStore(dataDir);
  bulkInsert(store, generateHistory(HISTORY_ROWS));
  store.close();
  const preview = await mod.startPreview({
    dataDir,
    apiKey: opts.apiKey,
    apiBaseUrl: server.url,
    defaultApiBaseUrl: server.url,
    rendererDir,
    port: 0,
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  try {
    const loads: number[] = [];
    const heaps: number[] = [];
    const libFrames: number[] = [];
    const flingFrames: number[] = [];
    const histFrames: number[] = [];
    const walks: { near: number; far: number; rows: number }[] = [];
    const scroll = async (
      page: import('@playwright/test').Page,
      selector: string,
      step: number,
      into: number[],
      what: string,
    ): Promise<void> => {
      const r = (await page.evaluate(
        `(${SCROLL_SCRIPT})(${JSON.stringify(selector)}, ${step})`,
      )) as {
        frames?: number[];
        error?: string;
      };
      if (r.frames) into.push(percentile(r.frames, 95));
      else opts.log(`  ${what}: ${r.error}`);
    };
    for (let i = 0; i < opts.reps; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const t0 = nowMs();
      await page.goto(preview.url);
      // The library is showing once a video row of the default collection is on screen.
      await page.getByText(SAMPLE.pricingTalkName).first().waitFor({ timeout: 30_000 });
      loads.push(nowMs() - t0);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const heapAfterGc = async (): Promise<number> => {
        await cdp.send('HeapProfiler.collectGarbage');
        const metrics = (await cdp.send('Performance.getMetrics')) as {
          metrics: { name: string; value: number }[];
        };
        return metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
      };
      // The archive collection: more than 5000 videos.
      await page
        .getByRole('button', { name: /^Archive/ })
        .first()
        .click();
      await page
        .locator('.video-scroll[aria-label^="Videos, "]')
        .first()
        .waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      await scroll(page, '.video-scroll', 120, libFrames, 'library scroll');
      // A fling from where the reading-speed scroll stopped: 80 % of the view a frame.
      await page.waitForTimeout(300);
      await scroll(page, '.video-scroll', 0.8, flingFrames, 'library fling');
      await page
        .getByRole('button', { name: /Clip history/ })
        .first()
        .click();
      const list = '[role="listbox"][aria-label^="Clips, "]';
      await page.locator(list).first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      await scroll(page, list, 120, histFrames, 'history scroll');
      heaps.push(await heapAfterGc());
      if (i === 0) {
        // Once: read down the whole history a page at a time; the heap after the first 10 000 rows
        // and after all of them (issue 14 §3: flat, the pages far off-screen are let go).
        const walk = async (rows: number): Promise<number> => {
          const r = (await page.evaluate(
            `(${WALK_SCRIPT})(${JSON.stringify(list)}, ${rows}, 100)`,
          )) as { rows?: number; error?: string };
          if (r.error !== undefined) throw new Error(`history walk: ${r.error}`);
          return r.rows ?? 0;
        };
        await walk(Math.min(10_000, HISTORY_ROWS));
        const near = await heapAfterGc();
        const rows = await walk(HISTORY_ROWS);
        const far = await heapAfterGc();
        walks.push({ near, far, rows });
        opts.log(
          `  history walk: ${rows} rows; heap ${fmtMB(near)} after 10 000, ${fmtMB(far)} after ${rows}`,
        );
      }
      await page.close();
    }
    const p95lib = median(libFrames);
    const p95fling = median(flingFrames);
    const p95hist = median(histFrames);
    const frameRow = (metric: string, p95: number): BenchRow => ({
      figure,
      metric,
      ours: fmtMs(p95),
      peer: '—',
      peerName: '—',
      ratio: '—',
      bar: Number.isFinite(p95) ? `${met(p95 < FRAME_BAR_MS)} (≤ 16.7 ms)` : 'not measured',
    });
    const rows: BenchRow[] = [
      {
        figure,
        metric: 'navigation → library showing',
        ours: fmtMs(median(loads)),
        peer: '—',
        peerName: '—',
        ratio: '—',
        bar: '—',
      },
      ...jsRows(figure, js),
      frameRow('p95 frame time, scrolling 5000 videos at reading speed (120 px a frame)', p95lib),
      frameRow('p95 frame time, flinging 5000 videos (80 % of the view a frame)', p95fling),
      frameRow('p95 frame time, scrolling 100 000-job history (120 px a frame)', p95hist),
      {
        figure,
        metric: 'page JS heap (CDP JSHeapUsedSize, after GC)',
        ours: fmtMB(median(heaps)),
        peer: '—',
        peerName: '—',
        ratio: '—',
        bar: '—',
      },
    ];
    if (walks.length > 0) {
      const near = median(walks.map((w) => w.near));
      const far = median(walks.map((w) => w.far));
      const read = Math.min(...walks.map((w) => w.rows));
      rows.push({
        figure,
        metric: `page JS heap after reading ${read} history rows, against after 10 000 (after GC)`,
        ours: `${fmtMB(far)} (${far >= near ? '+' : '−'}${fmtMB(Math.abs(far - near))})`,
        peer: fmtMB(near),
        peerName: 'the same page after 10 000 rows',
        ratio: ratio(far, near),
        // The walk ends when the last row is in view: the rows below the top one count as read.
        bar: `${met(read >= HISTORY_ROWS - 100 && far - near <= HEAP_FLAT_BYTES)} (flat: within ${fmtMB(HEAP_FLAT_BYTES)})`,
      });
    }
    return rows;
  } finally {
    await browser.close();
    await preview.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
