/**
 * Every call the browser preview answers: the core's handlers plus what a browser tab has instead
 * of main's desktop calls (no save dialog: a downloads folder it names; no folders to open; no
 * notifications to skip; no updates). Shared by the preview's WebSocket and by the renderer's
 * tests that run the window over the real core in-process.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../core';
import type { Core } from '../core/types';
import { demoNetworkHandlers, type DemoNetworkControl } from '../shared/demo-network';
import type { HandlerMap } from '../shared/dispatch';

/** https links only, parsed, without credentials (the page opens them in a new tab). */
function isHttpsUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** The preview's handler map over `core`. */
export function previewHandlers(
  core: Core,
  opts: { dataDir: string; demoNetwork: DemoNetworkControl | null },
): HandlerMap {
  return {
    ...core.handlers,
    'app:ready': async () => ({ ok: true }),
    // A browser has no save dialog: the preview names a file in its own downloads folder.
    'downloads:save': async ({ jobId }: { jobId: string }) => {
      const folder = join(opts.dataDir, 'downloads');
      await mkdir(folder, { recursive: true });
      const name = core.downloads.suggestedFileName(jobId).replace(/\.mp4$/, '');
      let target = join(folder, `${name}.mp4`);
      for (let n = 2; existsSync(target) || existsSync(`${target}.part`); n += 1) {
        target = join(folder, `${name} (${n}).mp4`);
      }
      return { download: core.downloads.start(jobId, target) };
    },
    'downloads:show-in-folder': async ({ id }: { id: string }) => {
      const d = core.downloads.get(id);
      throw new AppError(
        'validation',
        `The browser preview cannot open folders. The file is in ${dirname(d.targetPath)}.`,
      );
    },
    // Updates come with the installed app; the preview is a build of this checkout.
    'app:restart-to-update': async () => {
      throw new AppError('validation', 'Updates come with the installed app.');
    },
    // A browser tab shows no system notifications, so there is nothing to skip.
    'app:viewing-job': async () => ({ ok: true }),
    'app:open-external': async ({ url }: { url: string }) => {
      if (!isHttpsUrl(url)) throw new AppError('validation', 'Only https:// links can be opened.');
      return { ok: true };
    },
    ...demoNetworkHandlers(
      opts.demoNetwork,
      (message) => new AppError('validation', message),
      () => void core.handlers['connectivity:check']({}).catch(() => undefined),
    ),
  };
}
