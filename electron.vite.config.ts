import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

/** Runtime dependencies compiled into out/main/index.js instead of shipped in node_modules. */
export const BUNDLED_IN_MAIN = ['zod', 'undici', 'electron-updater'] as const;

/**
 * One build for the three Electron targets. Main bundles its pure-JS dependencies (zod, undici,
 * electron-updater with what it requires) so
 * the package ships no unused files from them, and keeps only keytar external: it is native and
 * must load from app.asar.unpacked (electron-builder.yml packs nothing else from node_modules).
 * Preload is bundled to a single CommonJS file because sandboxed preloads cannot load ES modules
 * or require project files.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: { exclude: [...BUNDLED_IN_MAIN] },
      rollupOptions: { input: { index: resolve('app/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('app/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
