/** Where the API key is kept (keychain or memory) and the key service that owns it at run time. */
export {
  SECRET_SERVICE,
  accountFor,
  createKeytarSecretStore,
  createMemorySecretStore,
  createSecretStore,
  deferredSecretStore,
} from './secret-store';
export type { KeytarLike, KeytarStoreOptions } from './secret-store';
export { KeyService, SLOW_KEYCHAIN_READ_MS } from './key-service';
export type { KeyChecker, KeyServiceOptions } from './key-service';
export { createSecretsHandlers } from './secrets-handlers';
export type { SecretsCallName, SecretsHandlerDeps } from './secrets-handlers';
