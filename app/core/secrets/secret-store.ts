/**
 * Where the API key lives: the OS keychain through keytar (libsecret, Keychain, Credential Vault),
 * or, when no keychain can be reached, a memory-only store that forgets the key on quit (the UI
 * says so through `SecretStore.kind`). The key is never written anywhere else.
 */
import type { Logger, SecretStore } from '../types';
import { VideoDbError } from '../videodb';

/** Keychain service name every key is filed under. */
export const SECRET_SERVICE = 'VideoDB Clips';

/** Account used only to probe whether the keychain answers. */
const PROBE_ACCOUNT = '__videodb-clips-probe__';
/**
 * Saving or removing a key gives up after this long. Reading never does: a locked keychain shows
 * an unlock prompt and answers only when the user does (the key service says it is waiting), and
 * a keychain that is absent fails at once rather than staying silent.
 */
const WRITE_TIMEOUT_MS = 5_000;

/** The part of keytar's API this store uses (injectable for tests). */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** Options of {@link createKeytarSecretStore}. */
export interface KeytarStoreOptions {
  /** Loads keytar; default a dynamic import of the native module. */
  load?: () => Promise<KeytarLike>;
  logger?: Logger;
}

/**
 * Keychain account for an API base URL: its origin and path, lower-case host, no trailing slash,
 * so `https://API.videodb.io/` and `https://api.videodb.io` share one key while a staging or local
 * server keeps its own.
 */
export function accountFor(apiBaseUrl: string): string {
  const trimmed = apiBaseUrl.trim();
  try {
    const u = new URL(trimmed);
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return trimmed.replace(/\/+$/, '');
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('keychain did not answer in time')), ms);
    t.unref?.();
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

async function loadKeytar(): Promise<KeytarLike> {
  const mod = (await import('keytar')) as KeytarLike & { default?: KeytarLike };
  return mod.default ?? mod;
}

function keychainError(action: string): VideoDbError {
  return new VideoDbError('keychain', `The system keychain could not ${action} the API key.`, {
    transient: false,
  });
}

/**
 * Keychain store, or null when keytar or the OS keychain is unavailable. Probed with a read of a
 * dummy account, since keytar loads fine on Linux without a Secret Service and only fails later.
 */
export async function createKeytarSecretStore(
  serviceName: string,
  opts: KeytarStoreOptions = {},
): Promise<SecretStore | null> {
  let keytar: KeytarLike;
  try {
    keytar = await (opts.load ?? loadKeytar)();
    await keytar.getPassword(serviceName, PROBE_ACCOUNT);
  } catch (err) {
    opts.logger?.warn('keychain unavailable', {
      reason: err instanceof Error ? err.message : String(err),
    });
    return null;
  }
  return {
    kind: 'keychain',
    async get(account) {
      try {
        return await keytar.getPassword(serviceName, account);
      } catch {
        throw keychainError('read');
      }
    },
    async set(account, secret) {
      try {
        await withTimeout(keytar.setPassword(serviceName, account, secret), WRITE_TIMEOUT_MS);
      } catch {
        throw keychainError('save');
      }
    },
    async delete(account) {
      try {
        await withTimeout(keytar.deletePassword(serviceName, account), WRITE_TIMEOUT_MS);
      } catch {
        throw keychainError('remove');
      }
    },
  };
}

/**
 * A store that is still being opened (the keychain probe may wait on an unlock prompt): every
 * call waits for it, so the app need not. Its `kind` is `keychain` until the opened store says
 * otherwise (the keychain turned out to be absent: `memory`).
 */
export function deferredSecretStore(opening: Promise<SecretStore>): SecretStore {
  let opened: SecretStore | null = null;
  const ready = opening.then((store) => (opened = store));
  return {
    get kind() {
      return opened?.kind ?? 'keychain';
    },
    get: async (account) => (await ready).get(account),
    set: async (account, secret) => (await ready).set(account, secret),
    delete: async (account) => (await ready).delete(account),
  };
}

/**
 * Memory-only store: the key lasts until the app quits. `memory` (default) is the fallback when
 * the OS keychain is absent, which the UI warns about; `session` is chosen on purpose (the offline
 * demo, the browser preview, tests), so the UI does not claim the keychain is missing.
 */
export function createMemorySecretStore(kind: 'memory' | 'session' = 'memory'): SecretStore {
  const secrets = new Map<string, string>();
  return {
    kind,
    get: async (account) => secrets.get(account) ?? null,
    set: async (account, secret) => {
      secrets.set(account, secret);
    },
    delete: async (account) => {
      secrets.delete(account);
    },
  };
}

/** The OS keychain when it answers, else the memory-only fallback (logged as a warning). */
export async function createSecretStore(
  serviceName: string,
  opts: { logger?: Logger; load?: () => Promise<KeytarLike> } = {},
): Promise<SecretStore> {
  const keytarOpts: KeytarStoreOptions = {};
  if (opts.logger) keytarOpts.logger = opts.logger;
  if (opts.load) keytarOpts.load = opts.load;
  const store = await createKeytarSecretStore(serviceName, keytarOpts);
  if (store) return store;
  opts.logger?.warn(
    'no system keychain: the API key will be kept in memory only until the app quits',
  );
  return createMemorySecretStore();
}
