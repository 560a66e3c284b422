/**
 * Builds main, preload and renderer into `out/` with electron-vite's programmatic API (never a
 * deep path into its package), so every command that needs a build works on a fresh clone.
 *
 * `tsx scripts/build-app.ts [--if-missing] [renderer|all]` from npm scripts; or import
 * {@link buildIfMissing}.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = resolve(import.meta.dirname, '..');

/** What each way of running the app needs from `out/`. */
export const BUILT = {
  renderer: ['out/renderer/index.html'],
  all: ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'],
} as const;

/** Run electron-vite's build for the whole app. */
export async function buildApp(): Promise<void> {
  const { build } = await import('electron-vite');
  await build({ root, configFile: join(root, 'electron.vite.config.ts'), logLevel: 'warn' });
}

/** Build when any of `files` (relative to the project root) is missing. Returns whether it built. */
export async function buildIfMissing(files: readonly string[]): Promise<boolean> {
  if (files.every((f) => existsSync(join(root, f)))) return false;
  console.log('Building the app first (this takes a few seconds, once)…');
  await buildApp();
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const target = args.includes('all') ? BUILT.all : BUILT.renderer;
  const run = args.includes('--if-missing') ? buildIfMissing(target) : buildApp();
  run.catch((err: unknown) => {
    console.error(`The build failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
