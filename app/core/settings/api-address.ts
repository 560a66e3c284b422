/**
 * The API address in use and the one client bound to it. Switching drops the old address's key
 * first, builds the new client (whose requests wait for the new address's own key), and lets the
 * old client finish what is in flight: no request ever goes out with another address's key.
 */
import type { KeyService } from '../secrets';
import type { VideoDbClient } from '../videodb';

/** What {@link ApiAddress} needs. */
export interface ApiAddressDeps {
  keys: KeyService;
  /** A client for one base URL, reading that address's key from `keys`. */
  buildClient: (baseUrl: string) => VideoDbClient;
  baseUrl: string;
}

/** The current address and client. */
export class ApiAddress {
  private current: VideoDbClient;

  constructor(private readonly d: ApiAddressDeps) {
    // Not awaited: a keychain prompt (unlock) must not hold up the window; the page hears
    // `secrets:changed` while it waits and when the key arrives.
    void d.keys.switchTo(d.baseUrl);
    this.current = d.buildClient(d.baseUrl);
  }

  /** The client of the current address. */
  client(): VideoDbClient {
    return this.current;
  }

  /** Move to `baseUrl`; resolves once its key has been read. */
  async switchTo(baseUrl: string): Promise<void> {
    const loading = this.d.keys.switchTo(baseUrl);
    const old = this.current;
    this.current = this.d.buildClient(baseUrl);
    // close() lets requests in flight on the old pool finish.
    void old.close().catch(() => undefined);
    await loading;
  }

  /** Close the current client's connections. */
  close(): Promise<void> {
    return this.current.close().catch(() => undefined);
  }
}
