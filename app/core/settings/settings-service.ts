/**
 * User settings kept by the core (never the API key: that lives in the SecretStore).
 */
import type { Settings } from '../../shared/domain';
import type { SettingsRepo } from '../store';

/** Reads and writes {@link Settings} with defaults for what was never set. */
export class SettingsService {
  constructor(
    private readonly repo: SettingsRepo,
    private readonly defaults: Settings,
  ) {}

  /** Current settings. */
  get(): Settings {
    const base = this.repo.get('apiBaseUrl');
    const notifications = this.repo.get('notifications');
    return {
      apiBaseUrl: typeof base === 'string' && base ? base : this.defaults.apiBaseUrl,
      notifications:
        typeof notifications === 'boolean' ? notifications : this.defaults.notifications,
    };
  }

  /** Change some settings; returns the result. A trailing slash on the URL is dropped. */
  update(patch: Partial<Settings>): Settings {
    if (patch.apiBaseUrl !== undefined) {
      this.repo.set('apiBaseUrl', patch.apiBaseUrl.replace(/\/+$/, ''));
    }
    if (patch.notifications !== undefined) this.repo.set('notifications', patch.notifications);
    return this.get();
  }
}
