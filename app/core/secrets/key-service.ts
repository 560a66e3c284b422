/**
 * The API key while the core runs: loaded from the secret store once per API address, set after
 * a successful check, tested, cleared. A key belongs to the address it was loaded or saved for,
 * and the service hands it out only to a client of that address, so changing the address can
 * never carry the previous address's key to the new one (issue 9), not even while the new
 * address's key is still being read from a slow keychain.
 */
import type { AppErrorInfo, SecretsStatus } from '../../shared/domain';
import { CoreError } from '../errors';
import type { Logger, SecretStore } from '../types';
import { VideoDbError } from '../videodb';
import { accountFor } from './secret-store';

/** The part of a VideoDB client the key service needs: its address and a key check. */
export interface KeyChecker {
  readonly baseUrl: string;
  checkKey(apiKey?: string): Promise<void>;
}

/** Options of {@link KeyService}. */
export interface KeyServiceOptions {
  store: SecretStore;
  /** Learns every key it sees (`addSecret`), so no log line carries one. */
  logger: Logger & { addSecret?(secret: string): void };
  /** Told when the keychain could not be read, so the user hears about it. */
  onWarning?: (warning: AppErrorInfo) => void;
  /**
   * Told when what {@link KeyService.status} says changed on its own: a read became slow (waiting
   * for the keychain) or a slow read finished.
   */
  onStatusChanged?: () => void;
  /** A read slower than this counts as waiting for the keychain (default 1 s). */
  slowReadMs?: number;
}

/** Default of {@link KeyServiceOptions.slowReadMs}. */
export const SLOW_KEYCHAIN_READ_MS = 1_000;

/** Owner of the API key: one address and its key at a time. */
export class KeyService {
  /** Keychain account of the address the key below belongs to; null before the first load. */
  private account: string | null = null;
  private key: string | null = null;
  /** Settles when the read for {@link account} has finished. */
  private ready: Promise<void> = Promise.resolve();
  /** Bumped by every change, so an older keychain read cannot overwrite a newer key. */
  private generation = 0;
  /** The current read has taken longer than `slowReadMs` and has not answered yet. */
  private waiting = false;

  constructor(private readonly o: KeyServiceOptions) {}

  /** Where keys are kept (`keychain`, `memory` or `session`). */
  get storage(): SecretStore['kind'] {
    return this.o.store.kind;
  }

  /**
   * Make `baseUrl` the address keys are handed out for: the current key is dropped at once,
   * then the one saved for `baseUrl` is read. Key getters of that address wait for the read;
   * those of any other address get no key from then on.
   *
   * The read is never given up while the keychain says nothing (an unlock prompt may be open for
   * as long as the user takes): after `slowReadMs` the status says "waiting for the keychain",
   * and when the keychain answers the key is taken and the status announced again.
   */
  switchTo(baseUrl: string): Promise<void> {
    const account = accountFor(baseUrl);
    const generation = ++this.generation;
    this.account = account;
    this.key = null;
    this.setWaiting(false);
    const slow = setTimeout(() => {
      if (generation === this.generation) this.setWaiting(true);
    }, this.o.slowReadMs ?? SLOW_KEYCHAIN_READ_MS);
    slow.unref?.();
    const ready = this.read(account).then((key) => {
      clearTimeout(slow);
      if (generation !== this.generation) return; // a later switch, save or clear won
      this.key = key;
      this.setWaiting(false);
    });
    this.ready = ready;
    return ready;
  }

  /**
   * The status for `baseUrl`, after the read in progress if it answers within `slowReadMs`;
   * otherwise right away, saying it is waiting for the keychain (the page is not held up by a
   * keychain prompt, and hears `onStatusChanged` when the key arrives).
   */
  async currentStatus(baseUrl: string): Promise<SecretsStatus> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const patience = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.o.slowReadMs ?? SLOW_KEYCHAIN_READ_MS);
    });
    await Promise.race([this.settled(), patience]);
    clearTimeout(timer);
    return this.status(baseUrl);
  }

  /**
   * The key getter of a client bound to `baseUrl`: the key loaded for that address, after any
   * read in progress. A client of an address that is no longer the current one gets no key: its
   * request fails before anything is sent, and may be made again on the new address.
   */
  getterFor(baseUrl: string): () => Promise<string | null> {
    const account = accountFor(baseUrl);
    return async () => {
      await this.settled();
      if (this.account !== account) {
        throw new VideoDbError(
          'internal',
          'The API address was changed while this request was waiting, so it was not sent. Try again.',
          { transient: true },
        );
      }
      return this.key;
    };
  }

  /** The key for `baseUrl` once any read has finished; null when none is saved or it is not current. */
  async keyFor(baseUrl: string): Promise<string | null> {
    await this.settled();
    return this.account === accountFor(baseUrl) ? this.key : null;
  }

  /** Whether a key is loaded for `baseUrl` right now (false while it is being read). */
  hasKey(baseUrl: string): boolean {
    return this.account === accountFor(baseUrl) && this.key !== null;
  }

  /** What the settings screen shows for the client's address. */
  status(baseUrl: string): SecretsStatus {
    const status: SecretsStatus = {
      hasKey: this.hasKey(baseUrl),
      storage: this.storage,
      apiBaseUrl: baseUrl,
    };
    if (this.waiting && this.account === accountFor(baseUrl)) status.waitingForKeychain = true;
    return status;
  }

  /**
   * Check `key` against the client's address, save it for that address, and use it from now on
   * if that address is still the current one.
   */
  async set(client: KeyChecker, key: string): Promise<void> {
    this.o.logger.addSecret?.(key);
    await client.checkKey(key);
    const account = accountFor(client.baseUrl);
    try {
      await this.o.store.set(account, key);
    } catch {
      throw new CoreError(
        'keychain',
        'The key was accepted but could not be saved in the system keychain.',
      );
    }
    if (this.account === account) {
      this.generation += 1;
      this.key = key;
      // A key typed while the keychain was still silent wins over the read it replaces, and new
      // requests no longer wait for that read.
      this.ready = Promise.resolve();
      this.setWaiting(false);
    }
  }

  /** Check `key`, or else the key saved for the client's address, against that address. */
  async test(client: KeyChecker, key?: string): Promise<void> {
    const k = key ?? (await this.keyFor(client.baseUrl));
    if (!k) throw new CoreError('auth', 'No API key is saved yet. Paste your key in Settings.');
    this.o.logger.addSecret?.(k);
    await client.checkKey(k);
  }

  /**
   * Copy the key saved for `from` to `to` in the keychain (nothing is sent anywhere); true when
   * there was a key to copy. The caller switches to `to` afterwards and then clears `from`.
   */
  async copyKey(from: string, to: string): Promise<boolean> {
    let key: string | null;
    try {
      key = await this.o.store.get(accountFor(from));
    } catch {
      throw new CoreError('keychain', 'The key could not be read from the system keychain.');
    }
    if (!key) return false;
    this.o.logger.addSecret?.(key);
    try {
      await this.o.store.set(accountFor(to), key);
    } catch {
      throw new CoreError('keychain', 'The key could not be saved for the new address.');
    }
    return true;
  }

  /** Remove the key saved for `baseUrl`, and forget it if it is the current one. */
  async clear(baseUrl: string): Promise<void> {
    const account = accountFor(baseUrl);
    try {
      await this.o.store.delete(account);
    } catch {
      throw new CoreError('keychain', 'The key could not be removed from the system keychain.');
    }
    if (this.account === account) {
      this.generation += 1;
      this.key = null;
    }
  }

  private setWaiting(waiting: boolean): void {
    if (this.waiting === waiting) return;
    this.waiting = waiting;
    this.o.onStatusChanged?.();
  }

  /** Wait for the read in progress, and for any read started while waiting. */
  private async settled(): Promise<void> {
    for (let r = this.ready; ; r = this.ready) {
      await r;
      if (r === this.ready) return;
    }
  }

  private async read(account: string): Promise<string | null> {
    try {
      const key = await this.o.store.get(account);
      if (key) this.o.logger.addSecret?.(key);
      return key;
    } catch (err) {
      this.o.logger.warn('could not read the API key', { error: String(err) });
      this.o.onWarning?.({
        code: 'keychain',
        message:
          'Your API key could not be read from the system keychain. Enter it again in Settings.',
      });
      return null;
    }
  }
}
