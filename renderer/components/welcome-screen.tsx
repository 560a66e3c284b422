/** First run: what the key is, where to get it, and a field to paste it (checked before storing). */
import { useId, useState, type FormEvent } from 'react';
import { keyErrorMessage } from '../lib/key-messages';
import { ApiKeyField } from './api-key-field';
import { Field } from './field';
import { useApp } from '../store/store-context';

const CONSOLE_URL = 'https://console.videodb.io';

/** The welcome screen. */
export function WelcomeScreen() {
  const setApiKey = useApp((s) => s.setApiKey);
  const openExternal = useApp((s) => s.openExternal);
  const apiBaseUrl = useApp((s) => s.settings?.apiBaseUrl ?? s.secrets?.apiBaseUrl ?? '');
  const updateSettings = useApp((s) => s.updateSettings);
  const storage = useApp((s) => s.secrets?.storage ?? 'keychain');
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [baseUrl, setBaseUrl] = useState<string | null>(null);
  const [baseUrlError, setBaseUrlError] = useState<string | null>(null);
  const addressId = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    if (baseUrl !== null && baseUrl !== apiBaseUrl) {
      const saved = await updateSettings({ apiBaseUrl: baseUrl.trim() });
      if (!saved.ok) {
        setBaseUrlError(saved.error.message);
        setBusy(false);
        return;
      }
    }
    const r = await setApiKey(key);
    setBusy(false);
    if (!r.ok) setError(keyErrorMessage(r.error));
  };

  return (
    <main className="welcome">
      <form
        className="welcome__card"
        onSubmit={(e) => void submit(e)}
        aria-labelledby="welcome-title"
        noValidate
      >
        <div className="welcome__logo" aria-hidden="true">
          ▶
        </div>
        <h1 id="welcome-title" className="welcome__title">
          Welcome to VideoDB Clips
        </h1>
        <p className="welcome__lead">
          Describe a moment, get it back as a clip. To reach your videos, the app needs your VideoDB
          API key.
        </p>
        <ol className="welcome__steps">
          <li>
            Open{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => void openExternal(CONSOLE_URL)}
            >
              console.videodb.io
            </button>{' '}
            and sign in.
          </li>
          <li>Copy your API key (it starts with “sk-”).</li>
          <li>
            Paste it below. It is checked, then{' '}
            {storage === 'keychain'
              ? 'kept in your system keychain and never shown again.'
              : storage === 'session'
                ? 'kept for this session only (this run does not use your keychain) and never shown again.'
                : 'kept in memory until you quit: your system keychain is not available, so you will paste it again next time.'}
          </li>
        </ol>
        <ApiKeyField
          id="welcome-key"
          label="API key"
          error={error}
          value={key}
          onChange={setKey}
          dataAutofocus
        />
        <details className="welcome__advanced">
          <summary>Advanced</summary>
          <Field
            id={addressId}
            label="API address"
            error={baseUrlError}
            hint="Change only for a self-hosted or test server."
          >
            {(control) => (
              <input
                {...control}
                className="input"
                type="url"
                value={baseUrl ?? apiBaseUrl}
                onChange={(e) => {
                  setBaseUrl(e.target.value);
                  setBaseUrlError(null);
                }}
              />
            )}
          </Field>
        </details>
        <button
          type="submit"
          className="button button--primary button--wide"
          disabled={busy || key.trim() === ''}
        >
          {busy ? 'Checking the key…' : 'Check and save key'}
        </button>
      </form>
    </main>
  );
}
