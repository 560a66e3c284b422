/** The `clipboard:` call: the chosen clips in one of the export formats, onto the clipboard. */
import type { Handlers } from '../../shared/contract';
import type { Job } from '../../shared/domain';
import { CoreError } from '../errors';
import type { ClipboardWriter } from '../types';
import { formatClips, hasLinkFor } from './format-clips';

/** What the `clipboard:` handler needs. */
export interface ClipboardHandlerDeps {
  /** The clips of the history with these ids (missing ones left out). */
  jobs: (ids: readonly string[]) => Job[];
  clipboard: ClipboardWriter;
  /** Mint old links again before they are copied (online only; resolves either way). */
  refreshLinks?: (ids: readonly string[]) => Promise<void>;
}

/** How long a copy waits for old links to be minted again. */
const REFRESH_WAIT_MS = 8000;

const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    (t as { unref?: () => void }).unref?.();
  });

/** The `clipboard:copy` handler. */
export function createClipboardHandlers(d: ClipboardHandlerDeps): Pick<Handlers, 'clipboard:copy'> {
  return {
    'clipboard:copy': async ({ jobIds, format }) => {
      // The app link never expires; every other format carries VideoDB links, which do. A slow
      // answer does not hold the copy for long: past a few seconds the links there are copied.
      if (format !== 'app-link' && d.refreshLinks) {
        await Promise.race([d.refreshLinks(jobIds), delay(REFRESH_WAIT_MS)]);
      }
      const found = d.jobs(jobIds);
      if (found.length === 0)
        throw new CoreError('not-found', 'These clips are no longer in your history.');
      // Copy the clips that have a link; name the others instead of failing them all.
      const ready = found.filter((j) => hasLinkFor(j, format));
      const skipped = jobIds.filter((id) => !ready.some((j) => j.id === id));
      if (ready.length === 0) return { text: '', count: 0, skipped };
      const text = formatClips(ready, format);
      d.clipboard.writeText(text);
      return { text, count: ready.length, skipped };
    },
  };
}
