/**
 * One handler per core call of the contract, joined from the rooms that own them: secrets,
 * settings, library, jobs, outbox, clipboard (export), downloads, uploads, multi-clips,
 * comparisons, connectivity. What happens
 * between rooms when something changes (a new address, a saved key) is wired here.
 */
import type { AppErrorInfo } from '../shared/domain';
import type { CoreRooms } from './core-lifecycle';
import { createDownloadsHandlers } from './downloads';
import { createUploadsHandlers } from './uploads';
import { createMultiClipHandlers } from './multiclip';
import { createCompareHandlers } from './compare';
import type { EventBus } from './engine';
import { createClipboardHandlers } from './export';
import { createJobsHandlers, createOutboxHandlers } from './jobs';
import { createLibraryHandlers } from './library';
import { createSecretsHandlers, type KeyService } from './secrets';
import { createSettingsHandlers, type SettingsService } from './settings';
import { toJob } from './store';
import type { Core, CoreDeps } from './types';

/** What {@link coreHandlers} joins. */
export interface HandlerRooms extends Omit<CoreRooms, 'logger'> {
  deps: Pick<CoreDeps, 'clipboard' | 'confirmKeyMove'>;
  settings: SettingsService;
  keys: KeyService;
  bus: EventBus;
  warnings: readonly AppErrorInfo[];
}

/** The core's handlers. */
export function coreHandlers(r: HandlerRooms): Core['handlers'] {
  const client = () => r.address.client();
  return {
    ...createSecretsHandlers({
      keys: r.keys,
      client,
      onChanged: (s) => r.bus.emit('secrets:changed', s),
      onKeySaved: () => r.jobs.outbox.kick(),
    }),
    ...createSettingsHandlers({
      settings: r.settings,
      address: r.address,
      keys: r.keys,
      confirmKeyMove: r.deps.confirmKeyMove,
      onAddressChanged: () => {
        // Jobs sent to the new address are followed again; those of others wait with a note.
        r.jobs.onAddressChanged();
        r.bus.emit('secrets:changed', r.keys.status(client().baseUrl));
        void r.conn.check().catch(() => undefined);
      },
      onChanged: (s) => r.bus.emit('settings:changed', s),
    }),
    ...createLibraryHandlers(r.library),
    ...createJobsHandlers(r.jobs, r.store),
    ...createOutboxHandlers({
      settings: r.store.settings,
      outbox: r.jobs.outbox,
      state: r.status.state,
    }),
    ...createClipboardHandlers({
      jobs: (ids) => r.store.jobs.getMany(ids).map(toJob),
      clipboard: r.deps.clipboard,
      refreshLinks: (ids) => r.jobs.refreshLinks(ids),
    }),
    ...createDownloadsHandlers(r.downloads, r.editorExports),
    ...createUploadsHandlers(r.uploads),
    ...createMultiClipHandlers(r.multiclips),
    ...createCompareHandlers(r.compares),
    ...r.status.handlers,
    'app:startup-warnings': async () => [...r.warnings],
  };
}
