/** SecretStore: OS keychain through keytar, with a memory-only fallback. */
export {
  SECRET_SERVICE,
  accountFor,
  createKeytarSecretStore,
  createMemorySecretStore,
  createSecretStore,
} from './secret-store';
export type { KeytarLike, KeytarStoreOptions } from './secret-store';
