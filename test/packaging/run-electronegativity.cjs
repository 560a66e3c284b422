// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: it patches require.cache */
/**
 * Runs Electronegativity's API over a folder without touching the network, and prints the result
 * as JSON on stdout. Usage: node run-electronegativity.cjs <input-dir> <output.csv>
 *
 * Electronegativity fetches translations at start (and Electron release data in one global
 * check); offline, its HTTP client crashes the process from a retry timer. So its `got` is
 * replaced by a function that fails at once (translations fall back to the bundled English), and
 * the release-data check is excluded: it reports available Electron updates, not code findings.
 */
const { createRequire } = require('node:module');
const path = require('node:path');

const [input, output] = process.argv.slice(2);
// stdout carries only the JSON result; the library's own chatter goes to stderr.
console.log = (...args) => console.error(...args);
if (!input || !output) {
  console.error('usage: run-electronegativity.cjs <input-dir> <output.csv>');
  process.exit(2);
}
const pkgDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const fromPkg = createRequire(path.join(pkgDir, 'dist', 'runner.js'));
const gotPath = fromPkg.resolve('got');
const offline = () => Promise.reject(new Error('offline: network disabled for this scan'));
require.cache[gotPath] = /** @type {any} */ ({
  id: gotPath,
  filename: gotPath,
  loaded: true,
  exports: Object.assign(offline, { default: offline }),
});

const run = require('@doyensec/electronegativity');
const electronVersion = require('electron/package.json').version;

run({
  input: path.resolve(input),
  output: path.resolve(output),
  isSarif: false,
  customScan: [],
  excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  electronVersionOverride: electronVersion,
  isRelative: true,
})
  .then((/** @type {any} */ result) => {
    const issues = result.issues.map((/** @type {any} */ i) => ({
      id: i.id,
      severity: i.severity.name,
      confidence: i.confidence.name,
      file: i.file,
      line: i.location.line,
      manualReview: Boolean(i.manualReview),
      description: i.description,
    }));
    const errors = result.errors.filter((/** @type {any} */ e) => !e.tolerable);
    process.stdout.write(
      JSON.stringify({
        checks: result.globalChecks + result.atomicChecks,
        electronVersion,
        issues,
        errors,
      }),
    );
  })
  .catch((/** @type {unknown} */ err) => {
    console.error(err);
    process.exit(1);
  });
