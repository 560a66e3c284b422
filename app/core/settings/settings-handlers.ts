/**
 * The `settings:` calls. Changing the API address can move the saved key along, but only on the
 * person's own yes in a dialog the page cannot answer (`confirmKeyMove`).
 */
import type { Handlers } from '../../shared/contract';
import type { Settings } from '../../shared/domain';
import { CoreError } from '../errors';
import type { KeyService } from '../secrets';
import type { ApiAddress } from './api-address';
import type { SettingsService } from './settings-service';

/** Names of the `settings:` calls. */
export type SettingsCallName = 'settings:get' | 'settings:update';

/** What the `settings:` handlers need. */
export interface SettingsHandlerDeps {
  settings: SettingsService;
  address: ApiAddress;
  keys: KeyService;
  confirmKeyMove?: ((move: { from: string; to: string }) => Promise<boolean>) | undefined;
  /** The address changed and its key is loaded. */
  onAddressChanged: () => void;
  /** Announces the new settings (`settings:changed`). */
  onChanged: (settings: Settings) => void;
}

/** One handler per `settings:` call. */
export function createSettingsHandlers(d: SettingsHandlerDeps): Pick<Handlers, SettingsCallName> {
  return {
    'settings:get': async () => d.settings.get(),
    'settings:update': async (input) => {
      const before = d.settings.get();
      const target = input.apiBaseUrl?.replace(/\/+$/, '');
      // Moving the key sends it to the new address from now on: only on the person's own yes.
      const moving = input.moveKey === true && target !== undefined && target !== before.apiBaseUrl;
      if (moving) {
        if (!d.confirmKeyMove) {
          throw new CoreError(
            'forbidden',
            'Moving the key needs the desktop app. Save the new address, then paste your key again.',
          );
        }
        if (!(await d.confirmKeyMove({ from: before.apiBaseUrl, to: target }))) {
          throw new CoreError(
            'forbidden',
            'The address was not changed: the key move was cancelled.',
          );
        }
        await d.keys.copyKey(before.apiBaseUrl, target);
      }
      const after = d.settings.update({
        ...(input.apiBaseUrl !== undefined ? { apiBaseUrl: input.apiBaseUrl } : {}),
        ...(input.notifications !== undefined ? { notifications: input.notifications } : {}),
      });
      if (after.apiBaseUrl !== before.apiBaseUrl) {
        await d.address.switchTo(after.apiBaseUrl);
        // The key now lives at the new address only.
        if (moving) await d.keys.clear(before.apiBaseUrl).catch(() => undefined);
        d.onAddressChanged();
      }
      d.onChanged(after);
      return after;
    },
  };
}
