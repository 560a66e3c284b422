/**
 * The page script (client/preview-client.ts) as one classic script. Prefers the copy built into
 * out/preview/client.js; otherwise bundles it with esbuild (a dev dependency) when the preview
 * starts, which takes well under a second.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Source of the page script. */
export const CLIENT_ENTRY = join(here, 'client', 'preview-client.ts');

/** Bundle the page script in memory (or write it to `outfile` when given, for builds). */
export async function bundleClient(outfile?: string): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [CLIENT_ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: outfile !== undefined,
    ...(outfile !== undefined ? { outfile } : {}),
  });
  if (outfile !== undefined) return readFile(outfile, 'utf8');
  const out = result.outputFiles?.[0];
  if (out === undefined) throw new Error('esbuild produced no output for the preview client');
  return out.text;
}

/**
 * The page script text: `prebuilt` when it exists and is newer than the source, else a fresh
 * bundle.
 */
export async function loadClientScript(prebuilt?: string): Promise<string> {
  if (prebuilt !== undefined) {
    try {
      const [built, source] = await Promise.all([stat(prebuilt), stat(CLIENT_ENTRY)]);
      if (built.mtimeMs >= source.mtimeMs) return await readFile(prebuilt, 'utf8');
    } catch {
      // Not built (or no sources next to it in a packaged layout): bundle below, or use it as is.
      try {
        return await readFile(prebuilt, 'utf8');
      } catch {
        // fall through to bundling
      }
    }
  }
  return bundleClient();
}
