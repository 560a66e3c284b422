/**
 * `tsx app/preview/cli.ts --api-base-url URL [--api-key K] [--data-dir D] [--port N]
 * [--renderer-dir D]`: run the app in a browser. Prints the page URL (it carries the token).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startPreview } from './start-preview';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'api-base-url': { type: 'string' },
      'api-key': { type: 'string' },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'renderer-dir': { type: 'string' },
    },
    strict: true,
  });
  const dataDir = values['data-dir'] ?? (await mkdtemp(join(tmpdir(), 'videodb-clips-preview-')));
  const preview = await startPreview({
    dataDir,
    ...(values['api-base-url'] !== undefined ? { apiBaseUrl: values['api-base-url'] } : {}),
    ...(values['api-key'] !== undefined ? { apiKey: values['api-key'] } : {}),
    ...(values.port !== undefined ? { port: Number(values.port) } : {}),
    ...(values['renderer-dir'] !== undefined ? { rendererDir: values['renderer-dir'] } : {}),
  });
  console.log(`VideoDB Clips preview: ${preview.url}`);
  console.log(`Data folder: ${dataDir}`);
  const stop = (): void => {
    void preview.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
