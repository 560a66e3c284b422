/** The API key's status (never the key itself) and the user's settings. */
import type { AppErrorInfo, SecretsStatus, Settings } from '../../app/shared/domain';
import { settle, type Outcome } from './result';
import type { SliceCreator } from './state';

/** Session slice. */
export interface SessionSlice {
  /** null until the first `secrets:status` answer. */
  secrets: SecretsStatus | null;
  settings: Settings | null;
  /** Set when the first status call failed (the app cannot start without it). */
  sessionError: AppErrorInfo | null;
  /** Problems main found at start (e.g. a damaged history file moved aside), until dismissed. */
  startupWarnings: AppErrorInfo[];
  dismissStartupWarnings(): void;
  loadSession(): Promise<void>;
  /** Check the key, then store it (the caller shows a refusal next to the key field). */
  setApiKey(apiKey: string): Promise<Outcome<SecretsStatus>>;
  clearApiKey(): Promise<Outcome<SecretsStatus>>;
  /** Ask VideoDB whether the stored key still works. */
  checkApiKey(): Promise<Outcome<unknown>>;
  updateSettings(patch: {
    apiBaseUrl?: string;
    notifications?: boolean;
    /** Take the current address's key along to the new `apiBaseUrl` (main asks first). */
    moveKey?: boolean;
  }): Promise<Outcome<Settings>>;
  applySecrets(status: SecretsStatus): void;
  applySettings(settings: Settings): void;
}

/** Create the session slice. */
export const createSessionSlice: SliceCreator<SessionSlice> = ({ set, api }) => ({
  secrets: null,
  settings: null,
  sessionError: null,
  startupWarnings: [],
  dismissStartupWarnings() {
    set({ startupWarnings: [] });
  },
  async loadSession() {
    const [secrets, settings, warnings] = await Promise.all([
      settle(api.secrets.status()),
      settle(api.settings.get()),
      settle(api.app.startupWarnings()),
    ]);
    set({
      secrets: secrets.ok ? secrets.value : null,
      settings: settings.ok ? settings.value : null,
      sessionError: secrets.ok ? null : secrets.error,
      startupWarnings: warnings.ok ? warnings.value : [],
    });
  },
  async setApiKey(apiKey) {
    const r = await settle(api.secrets.setApiKey({ apiKey }));
    if (r.ok) set({ secrets: r.value });
    return r;
  },
  checkApiKey() {
    return settle(api.secrets.testApiKey({}));
  },
  async clearApiKey() {
    const r = await settle(api.secrets.clear());
    if (r.ok) set({ secrets: r.value });
    return r;
  },
  async updateSettings(patch) {
    const r = await settle(api.settings.update(patch));
    if (r.ok) set({ settings: r.value });
    return r;
  },
  applySecrets(status) {
    set({ secrets: status });
  },
  applySettings(settings) {
    set({ settings });
  },
});
