/**
 * A tiny stand-in for the built renderer (out/renderer) so transport tests do not depend on the
 * React build: an index.html with a module script, an asset, and a secret file outside the folder
 * that traversal attempts aim at.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Text of the file placed next to (outside) the renderer folder. */
export const OUTSIDE_SECRET = 'outside-the-renderer-folder';

/** Create the folder; returns its path and the parent that holds the outside file. */
export function makeFixtureRenderer(): { root: string; parent: string } {
  const parent = mkdtempSync(join(tmpdir(), 'clips-renderer-'));
  const root = join(parent, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(parent, 'secret.txt'), OUTSIDE_SECRET);
  writeFileSync(
    join(root, 'index.html'),
    [
      '<!doctype html>',
      '<html><head><meta charset="utf-8"><title>Fixture</title>',
      '<script type="module" src="/assets/app.js"></script>',
      '</head><body><div id="root">fixture</div></body></html>',
    ].join('\n'),
  );
  writeFileSync(
    join(root, 'assets', 'app.js'),
    // Records what the app would see at start: window.api must already be there.
    "window.__apiAtStart = typeof window.api === 'object' && window.api !== null;\n",
  );
  return { root, parent };
}
