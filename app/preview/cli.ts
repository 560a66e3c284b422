/**
 * `tsx app/preview/cli.ts --api-base-url URL [--api-key-stdin] [--data-dir D] [--port N]
 * [--renderer-dir D]`: run the app in a browser. Prints the page URL (it carries the token).
 *
 * The API key never comes on the command line (every user of the machine can read it with `ps`):
 * it is read from `VIDEODB_API_KEY`, or from the first line of stdin with `--api-key-stdin`.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startPreview } from './start-preview';

/** Environment variable the key is read from. */
const API_KEY_ENV = 'VIDEODB_API_KEY';

/** The first line of stdin, trimmed. */
async function readFirstLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0]?.trim() ?? '';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'api-base-url': { type: 'string' },
      'api-key': { type: 'string' },
      'api-key-stdin': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'renderer-dir': { type: 'string' },
    },
    strict: true,
  });
  if (values['api-key'] !== undefined) {
    throw new Error(
      `--api-key is refused: a key on the command line is visible to every user of this machine. ` +
        `Set ${API_KEY_ENV}, or pass --api-key-stdin and type or pipe the key.`,
    );
  }
  const apiKey = values['api-key-stdin']
    ? await readFirstLine()
    : (process.env[API_KEY_ENV] ?? '').trim();
  const dataDir = values['data-dir'] ?? (await mkdtemp(join(tmpdir(), 'videodb-clips-preview-')));
  const preview = await startPreview({
    dataDir,
    ...(values['api-base-url'] !== undefined ? { apiBaseUrl: values['api-base-url'] } : {}),
    ...(apiKey !== '' ? { apiKey } : {}),
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
