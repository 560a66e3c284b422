import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Unit and integration tests. Node tests run against the real local server, real SQLite files and
 * the real keychain; renderer tests run in jsdom with window.api over the real core in-process
 * (test/renderer/core-api.ts: the local server, a real SQLite file, contract-checked answers).
 */
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine,
    // where the files then run one after another. Two at least: the files wait on servers,
    // disks and timers as much as they compute.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Every answer and event the app sends the page is checked against the contract: a drift fails.
    env: { VIDEODB_CHECK_CONTRACT: '1' },
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**', 'test/e2e/**', 'node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          pool: 'forks',
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/renderer/setup.ts'],
          testTimeout: 15_000,
        },
      },
    ],
  },
});
