#!/usr/bin/env node
/**
 * `npm test`: everything CI runs, in one command.
 *   1. builds main, preload and renderer (the e2e and packaging tests use the build),
 *   2. runs Vitest (core against the local server, real SQLite, the real keychain; renderer in jsdom),
 *   3. runs Playwright in Debian's Chromium through the browser preview,
 *   4. runs the benchmark in its quick smoke mode (proves it still works; no timing asserted),
 * and prints one closing line `N passed, N failed[, N skipped]` summed over every runner.
 *
 * On Linux without a session bus it re-runs itself inside `dbus-run-session` with an unlocked
 * gnome-keyring in throw-away folders, so the keychain tests use a real Secret Service.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const artifacts = join(root, 'test', 'artifacts');
mkdirSync(artifacts, { recursive: true });

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

if (
  process.platform === 'linux' &&
  !process.env.VIDEODB_TEST_KEYRING &&
  has('dbus-run-session') &&
  has('gnome-keyring-daemon')
) {
  const home = mkdtempSync(join(tmpdir(), 'videodb-keyring-'));
  const runtime = join(home, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  const script =
    'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; ' +
    `exec "${process.execPath}" "${join(root, 'test', 'run-all.mjs')}" "$@"`;
  const child = spawnSync(
    'dbus-run-session',
    ['--', 'sh', '-c', script, 'sh', ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        VIDEODB_TEST_KEYRING: '1',
        XDG_DATA_HOME: join(home, 'data'),
        XDG_RUNTIME_DIR: runtime,
        HOME_FOR_KEYRING: home,
      },
    },
  );
  rmSync(home, { recursive: true, force: true });
  process.exit(child.status ?? 1);
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = [];
/** Names of the tests that failed, printed just above the closing line so a CI log's tail shows them. */
const failedNames = [];

function step(title, cmd, args) {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env: process.env });
  return r.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

// 1. Build.
if (step('build (electron-vite)', bin('electron-vite'), ['build']) !== 0) broken.push('build');

// 2. Vitest.
const vitestJson = join(artifacts, 'vitest.json');
rmSync(vitestJson, { force: true });
const vitestStatus = step('vitest', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
const v = readJson(vitestJson);
if (v) {
  totals.passed += v.numPassedTests ?? 0;
  totals.failed += v.numFailedTests ?? 0;
  totals.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  if (vitestStatus !== 0 && (v.numFailedTests ?? 0) === 0) broken.push('vitest (suite error)');
  for (const file of v.testResults ?? []) {
    const where = String(file.name ?? '').replace(root, '');
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'failed') failedNames.push(`vitest ${where} › ${t.fullName ?? t.title}`);
    }
    if (
      file.status === 'failed' &&
      !(file.assertionResults ?? []).some((t) => t.status === 'failed')
    )
      failedNames.push(
        `vitest ${where} (file failed: ${String(file.message ?? '').slice(0, 200)})`,
      );
  }
} else broken.push('vitest (no report)');

// 3. Playwright.
const pwJson = join(artifacts, 'playwright-results.json');
rmSync(pwJson, { force: true });
const pwStatus = step('playwright (Chromium via the browser preview)', bin('playwright'), ['test']);
const p = readJson(pwJson);
if (p?.stats) {
  totals.passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
  totals.failed += p.stats.unexpected ?? 0;
  totals.skipped += p.stats.skipped ?? 0;
  if (pwStatus !== 0 && (p.stats.unexpected ?? 0) === 0) broken.push('playwright (run error)');
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === 'unexpected' || t.status === 'flaky') {
          const last = (t.results ?? []).at(-1);
          const why = stripVTControlCharacters(String(last?.error?.message ?? ''))
            .split('\n')[0]
            .slice(0, 200);
          failedNames.push(
            `playwright ${[...trail, spec.title].filter(Boolean).join(' › ')} (${t.status}${why ? `: ${why}` : ''})`,
          );
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...trail, child.title]);
  };
  for (const suite of p.suites ?? []) walk(suite, [suite.title]);
} else broken.push('playwright (no report)');

// 4. Benchmark smoke.
if (existsSync(join(root, 'test', 'bench', 'run.ts'))) {
  const benchStatus = step('bench --quick (smoke)', bin('tsx'), ['test/bench/run.ts', '--quick']);
  if (benchStatus === 0) totals.passed += 1;
  else totals.failed += 1;
}

// 5. The newcomer path, when CI ran it before anything was built (test/newcomer/run.ts).
const newcomerReport = process.env.VIDEODB_CLIPS_NEWCOMER_REPORT;
if (newcomerReport) {
  const n = readJson(newcomerReport);
  if (n) {
    totals.passed += n.passed ?? 0;
    totals.failed += n.failed ?? 0;
    console.log(
      `\n▶ newcomer path (run by CI before the build): ${n.failed ? 'FAILED' : 'passed'}`,
    );
  } else broken.push('newcomer path (no report)');
}

if (failedNames.length) {
  console.log('\nFailed (or flaky) tests:');
  for (const name of failedNames) console.log(`  - ${name}`);
}

if (broken.length) {
  console.log(`\nBroken steps: ${broken.join(', ')}`);
  totals.failed += broken.length;
}

const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
