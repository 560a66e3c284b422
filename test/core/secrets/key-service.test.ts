import { describe, expect, it, vi } from 'vitest';
import type { AppErrorInfo } from '../../../app/shared/domain';
import {
  KeyService,
  SLOW_KEYCHAIN_READ_MS,
  accountFor,
  createMemorySecretStore,
  createSecretsHandlers,
  type KeyChecker,
} from '../../../app/core/secrets';
import type { SecretStore } from '../../../app/core';
import { memoryLogger } from '../fixtures/harness';

const A = 'http://127.0.0.1:4101';
const X = 'http://127.0.0.1:4102/';
const KEY_A = 'sk-key-of-a-1111111111';
const KEY_X = 'sk-key-of-x-2222222222';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A memory store holding A's and X's keys whose reads take `readMs`. */
async function slowStore(readMs: number): Promise<SecretStore & { inner: SecretStore }> {
  const inner = createMemorySecretStore('session');
  await inner.set(accountFor(A), KEY_A);
  await inner.set(accountFor(X), KEY_X);
  return {
    inner,
    kind: inner.kind,
    get: async (account) => {
      await sleep(readMs);
      return inner.get(account);
    },
    set: (account, secret) => inner.set(account, secret),
    delete: (account) => inner.delete(account),
  };
}

/** A stand-in client of `baseUrl` whose key check records the keys it was given. */
function checker(baseUrl: string, checkMs = 0): KeyChecker & { checked: string[] } {
  const checked: string[] = [];
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    checked,
    checkKey: async (key) => {
      await sleep(checkMs);
      checked.push(key ?? '(none)');
    },
  };
}

describe('KeyService', () => {
  it('hands a key only to a getter of the address it was loaded for, and waits for the read', async () => {
    const keys = new KeyService({ store: await slowStore(30), logger: memoryLogger() });
    await keys.switchTo(A);
    const forA = keys.getterFor(A);
    expect(await forA()).toBe(KEY_A);

    const switching = keys.switchTo(X);
    // The old key is gone at once; the new address's getter waits for its own key.
    expect(keys.hasKey(A)).toBe(false);
    const forX = keys.getterFor(X);
    const early = forX();
    await expect(forA()).rejects.toMatchObject({ code: 'internal', transient: true });
    expect(await early).toBe(KEY_X);
    await switching;
    await expect(forA()).rejects.toMatchObject({ code: 'internal' });
    expect(await keys.keyFor(A)).toBeNull();
    expect(await keys.keyFor(X)).toBe(KEY_X);
    expect(keys.status(X.replace(/\/$/, ''))).toEqual({
      hasKey: true,
      storage: 'session',
      apiBaseUrl: 'http://127.0.0.1:4102',
    });
  });

  it('a slow read for an address left again never becomes the key', async () => {
    const keys = new KeyService({ store: await slowStore(30), logger: memoryLogger() });
    const toX = keys.switchTo(X);
    await sleep(5);
    const toA = keys.switchTo(A);
    const forX = keys.getterFor(X);
    await expect(forX()).rejects.toMatchObject({ code: 'internal' });
    await Promise.all([toX, toA]);
    expect(await keys.keyFor(A)).toBe(KEY_A);
    expect(await keys.keyFor(X)).toBeNull();
  });

  it('a key checked for one address is saved for that address even if the address changes meanwhile', async () => {
    const store = await slowStore(5);
    await store.inner.delete(accountFor(X));
    const keys = new KeyService({ store, logger: memoryLogger() });
    await keys.switchTo(A);
    const clientA = checker(A, 40);
    const setting = keys.set(clientA, 'sk-new-key-of-a-333333');
    await sleep(5);
    await keys.switchTo(X);
    await setting;
    expect(clientA.checked).toEqual(['sk-new-key-of-a-333333']);
    expect(await store.inner.get(accountFor(A))).toBe('sk-new-key-of-a-333333');
    expect(await store.inner.get(accountFor(X))).toBeNull();
    expect(await keys.keyFor(X)).toBeNull();
  });

  it('a keychain that cannot be read gives no key and one warning in plain words', async () => {
    const warnings: AppErrorInfo[] = [];
    const logger = memoryLogger();
    const broken: SecretStore = {
      kind: 'keychain',
      get: async () => {
        throw new Error('daemon gone');
      },
      set: async () => undefined,
      delete: async () => undefined,
    };
    const keys = new KeyService({ store: broken, logger, onWarning: (w) => warnings.push(w) });
    await keys.switchTo(A);
    expect(await keys.getterFor(A)()).toBeNull();
    expect(warnings).toEqual([
      {
        code: 'keychain',
        message:
          'Your API key could not be read from the system keychain. Enter it again in Settings.',
      },
    ]);
    expect(logger.lines.some((l) => l.includes('could not read the API key'))).toBe(true);
  });

  it('secrets: handlers set, test and clear the key of the current client and announce changes', async () => {
    const store = await slowStore(0);
    await store.inner.delete(accountFor(A));
    const keys = new KeyService({ store, logger: memoryLogger() });
    await keys.switchTo(A);
    const client = checker(A);
    const changed: boolean[] = [];
    let kicks = 0;
    const h = createSecretsHandlers({
      keys,
      client: () => client,
      onChanged: (s) => changed.push(s.hasKey),
      onKeySaved: () => (kicks += 1),
    });
    await expect(h['secrets:test-api-key']({})).rejects.toMatchObject({ code: 'auth' });
    expect(await h['secrets:set-api-key']({ apiKey: KEY_A })).toEqual({
      hasKey: true,
      storage: 'session',
      apiBaseUrl: A,
    });
    expect(await h['secrets:test-api-key']({})).toEqual({ ok: true });
    expect(client.checked).toEqual([KEY_A, KEY_A]);
    expect((await h['secrets:clear']({})).hasKey).toBe(false);
    expect(await store.inner.get(accountFor(A))).toBeNull();
    expect(changed).toEqual([true, false]);
    expect(kicks).toBe(1);
  });
});

/** A store whose reads answer only when the test says (an unlock prompt the user has open). */
function promptingStore() {
  const inner = createMemorySecretStore('session');
  const pending: Array<() => void> = [];
  const store: SecretStore = {
    kind: 'session',
    get: (account) =>
      new Promise((resolve) => pending.push(() => void inner.get(account).then(resolve))),
    set: (account, secret) => inner.set(account, secret),
    delete: (account) => inner.delete(account),
  };
  return { store, inner, answer: () => pending.splice(0).forEach((f) => f()) };
}

describe('KeyService while the keychain shows a prompt (issue 10)', () => {
  it('says it is waiting, never gives up after 5 s, and takes the key when the keychain answers', async () => {
    vi.useFakeTimers();
    try {
      const { store, inner, answer } = promptingStore();
      await inner.set(accountFor(A), KEY_A);
      const warnings: AppErrorInfo[] = [];
      let announced = 0;
      const keys = new KeyService({
        store,
        logger: memoryLogger(),
        onWarning: (w) => warnings.push(w),
        onStatusChanged: () => (announced += 1),
      });
      const loading = keys.switchTo(A);
      const firstStatus = keys.currentStatus(A);
      await vi.advanceTimersByTimeAsync(SLOW_KEYCHAIN_READ_MS);
      // The page is answered without waiting for the prompt, and told what is going on.
      expect(await firstStatus).toEqual({
        hasKey: false,
        storage: 'session',
        apiBaseUrl: A,
        waitingForKeychain: true,
      });
      expect(announced).toBe(1);
      // The user takes a minute to unlock: nothing is given up, nobody is told to re-enter.
      await vi.advanceTimersByTimeAsync(60_000);
      expect(warnings).toEqual([]);
      expect(keys.status(A).waitingForKeychain).toBe(true);
      answer();
      await loading;
      expect(keys.status(A)).toEqual({ hasKey: true, storage: 'session', apiBaseUrl: A });
      expect(announced).toBe(2);
      expect(await keys.getterFor(A)()).toBe(KEY_A);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a fast read is answered in full, without a waiting status or an announcement', async () => {
    const keys = new KeyService({
      store: await slowStore(5),
      logger: memoryLogger(),
      onStatusChanged: () => {
        throw new Error('nothing to announce');
      },
    });
    void keys.switchTo(A);
    expect(await keys.currentStatus(A)).toEqual({
      hasKey: true,
      storage: 'session',
      apiBaseUrl: A,
    });
  });

  it('a key typed while the keychain is silent is used at once and outlives the late answer', async () => {
    const { store, inner, answer } = promptingStore();
    await inner.set(accountFor(A), 'sk-old-key-from-keychain-000');
    const keys = new KeyService({ store, logger: memoryLogger(), slowReadMs: 5 });
    const loading = keys.switchTo(A);
    await sleep(10);
    expect(keys.status(A).waitingForKeychain).toBe(true);
    await keys.set(checker(A), KEY_A);
    expect(keys.status(A)).toEqual({ hasKey: true, storage: 'session', apiBaseUrl: A });
    expect(await keys.getterFor(A)()).toBe(KEY_A);
    answer();
    await loading;
    expect(await keys.keyFor(A)).toBe(KEY_A);
  });
});
