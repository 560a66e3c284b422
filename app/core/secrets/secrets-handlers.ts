/**
 * The `secrets:` calls of the contract, answered by the {@link KeyService}. There is no call that
 * gives the key back: the page can set it, test it, clear it and learn whether one is saved.
 */
import type { Handlers } from '../../shared/contract';
import type { SecretsStatus } from '../../shared/domain';
import type { KeyChecker, KeyService } from './key-service';

/** Names of the `secrets:` calls. */
export type SecretsCallName =
  'secrets:status' | 'secrets:set-api-key' | 'secrets:test-api-key' | 'secrets:clear';

/** What the `secrets:` handlers need from the rest of the core. */
export interface SecretsHandlerDeps {
  keys: KeyService;
  /** The client of the current API address. */
  client: () => KeyChecker;
  /** Announces a change (`secrets:changed`). */
  onChanged: (status: SecretsStatus) => void;
  /** A key was saved: queued requests can go out now. */
  onKeySaved?: () => void;
}

/** One handler per `secrets:` call. */
export function createSecretsHandlers(d: SecretsHandlerDeps): Pick<Handlers, SecretsCallName> {
  const status = (): SecretsStatus => d.keys.status(d.client().baseUrl);
  return {
    // Waits a moment for a key still being read, never for a keychain prompt.
    'secrets:status': () => d.keys.currentStatus(d.client().baseUrl),
    'secrets:set-api-key': async ({ apiKey }) => {
      await d.keys.set(d.client(), apiKey);
      const s = status();
      d.onChanged(s);
      d.onKeySaved?.();
      return s;
    },
    'secrets:test-api-key': async ({ apiKey }) => {
      await d.keys.test(d.client(), apiKey);
      return { ok: true };
    },
    'secrets:clear': async () => {
      await d.keys.clear(d.client().baseUrl);
      const s = status();
      d.onChanged(s);
      return s;
    },
  };
}
