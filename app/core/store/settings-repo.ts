/**
 * Key/value settings. Values are JSON. The API key is never stored here (it lives in the
 * SecretStore); this table only holds preferences.
 */
import type { DatabaseSync } from 'node:sqlite';

/** Repository of settings. */
export class SettingsRepo {
  constructor(private readonly db: DatabaseSync) {}

  /** A setting, or undefined when never set (or unreadable). */
  get(key: string): unknown {
    const r = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined;
    if (!r) return undefined;
    try {
      return JSON.parse(r.value) as unknown;
    } catch {
      return undefined;
    }
  }

  /** Set a setting (JSON-serialisable). */
  set(key: string, value: unknown): void {
    this.db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, JSON.stringify(value));
  }
}
