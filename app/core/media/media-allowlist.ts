/**
 * Which hosts the media relay may fetch from: the API's own origin, every origin VideoDB's answers
 * named in a stream link (kept across restarts), and, for this run, the origins a relayed playlist
 * pointed to. Nothing the page says adds to it.
 */
import type { Logger } from '../types';

/** The settings key the learned origins live under. */
export const MEDIA_ORIGINS_KEY = 'media.origins';
/** At most this many origins are kept (the oldest go first). */
export const MAX_MEDIA_ORIGINS = 64;

/** What {@link MediaAllowlist} needs. */
export interface MediaAllowlistDeps {
  settings: { get(key: string): unknown; set(key: string, value: unknown): void };
  /** The API base URL in use now. */
  apiBaseUrl: () => string;
  /** Stream links the history already holds: read once, when nothing was ever saved. */
  seed?: () => readonly string[];
  logger?: Logger;
}

/** The origin of an http(s) URL without credentials, or null. */
export function mediaOriginOf(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > 8192) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    if (u.username !== '' || u.password !== '') return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** The allowlist. */
export class MediaAllowlist {
  private readonly saved: string[] = [];
  private readonly thisRun = new Set<string>();
  /**
   * Nothing was ever saved (a history from before the relay): the history is read for the hosts
   * it holds, once, when first needed (not at start: on a big history that read takes a while).
   */
  private seedPending: boolean;

  constructor(private readonly d: MediaAllowlistDeps) {
    const stored = safely(() => d.settings.get(MEDIA_ORIGINS_KEY), undefined, d.logger);
    this.seedPending = !Array.isArray(stored);
    if (Array.isArray(stored)) {
      for (const url of stored.slice(-MAX_MEDIA_ORIGINS)) this.add(url);
    }
  }

  /** A stream link VideoDB's answer named: its origin is allowed from now on (and kept). */
  note(url: string | null | undefined): void {
    // Saving without the seed would make the next start skip it: seed first.
    const seeded = this.seedOnce();
    if (this.add(url) || seeded) this.save();
  }

  /** A link a relayed playlist named: allowed for as long as the app runs. */
  noteForThisRun(url: string): void {
    const origin = mediaOriginOf(url);
    if (origin !== null && !this.allowsOrigin(origin)) this.thisRun.add(origin);
  }

  /** May the relay fetch `url`? */
  allows(url: string): boolean {
    const origin = mediaOriginOf(url);
    if (origin === null) return false;
    if (this.allowsOrigin(origin)) return true;
    if (this.seedOnce()) this.save();
    return this.allowsOrigin(origin);
  }

  /** Read the history's hosts if that is still pending; true when it just happened. */
  private seedOnce(): boolean {
    if (!this.seedPending) return false;
    this.seedPending = false;
    for (const url of safely(() => this.d.seed?.() ?? [], [], this.d.logger)) this.add(url);
    return true;
  }

  private allowsOrigin(origin: string): boolean {
    return (
      origin === mediaOriginOf(this.d.apiBaseUrl()) ||
      this.saved.includes(origin) ||
      this.thisRun.has(origin)
    );
  }

  private add(url: unknown): boolean {
    const origin = mediaOriginOf(url);
    if (origin === null || this.saved.includes(origin)) return false;
    this.saved.push(origin);
    // The oldest named go first when there are too many.
    if (this.saved.length > MAX_MEDIA_ORIGINS)
      this.saved.splice(0, this.saved.length - MAX_MEDIA_ORIGINS);
    return true;
  }

  private save(): void {
    safely(() => this.d.settings.set(MEDIA_ORIGINS_KEY, this.saved), undefined, this.d.logger);
  }
}

function safely<T>(fn: () => T, fallback: T, logger?: Logger): T {
  try {
    return fn();
  } catch (err) {
    logger?.warn('media allowlist: could not read or write the settings', { error: String(err) });
    return fallback;
  }
}
