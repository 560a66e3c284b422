/**
 * `npm start` (`tsx scripts/electron-app.ts start`) and `npm run dev` (`… dev`): build and run
 * the desktop app through electron-vite's programmatic API. Where no Electron binary exists, one
 * plain line says so and points to the browser demo, instead of Electron's own download error.
 */
import { electronBinary, NO_ELECTRON_MESSAGE } from './electron-binary';
import { root } from './build-app';

async function main(): Promise<void> {
  const mode = process.argv[2] === 'dev' ? 'dev' : 'start';
  if (electronBinary(root) === null) {
    console.error(NO_ELECTRON_MESSAGE);
    process.exit(1);
  }
  const { createServer, preview } = await import('electron-vite');
  if (mode === 'dev') await createServer({ root }, {});
  else await preview({ root }, { skipBuild: false });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
