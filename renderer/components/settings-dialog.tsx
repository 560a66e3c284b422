/** Settings: the stored key (never shown) with replace and remove; API address; notifications. */
import { useId, useRef, useState, type FormEvent } from 'react';
import { keyErrorMessage } from '../lib/key-messages';
import { ApiKeyField } from './api-key-field';
import { Field } from './field';
import { useApp } from '../store/store-context';
import { Dialog } from './dialog';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The address parsed when it is a full http(s) URL, else null (the contract then says why). */
function parseAddress(text: string): URL | null {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** Plain http:// to a host that is not this machine: the key would travel readable. */
function insecure(url: URL | null): boolean {
  return url !== null && url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname);
}

/** The settings dialog. */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const secrets = useApp((s) => s.secrets);
  const settings = useApp((s) => s.settings);
  const setApiKey = useApp((s) => s.setApiKey);
  const clearApiKey = useApp((s) => s.clearApiKey);
  const checkApiKey = useApp((s) => s.checkApiKey);
  const updateSettings = useApp((s) => s.updateSettings);
  const pushToast = useApp((s) => s.pushToast);

  const [replacing, setReplacing] = useState(false);
  const [key, setKey] = useState('');
  const [keyError, setKeyError] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [busy, setBusy] = useState(false);
  const [baseUrl, setBaseUrl] = useState(settings?.apiBaseUrl ?? '');
  const [baseUrlError, setBaseUrlError] = useState<string | null>(null);
  // Keys are stored per address: a new address is saved only after the user read what it means.
  const [confirmAddress, setConfirmAddress] = useState(false);
  const [moveKey, setMoveKey] = useState(false);
  const addressId = useId();
  const addressRef = useRef<HTMLInputElement>(null);
  const parsedAddress = parseAddress(baseUrl);
  const plainHttp = insecure(parsedAddress);

  const replace = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await setApiKey(key);
    setBusy(false);
    if (!r.ok) {
      setKeyError(keyErrorMessage(r.error));
      return;
    }
    setKey('');
    setReplacing(false);
    setKeyError(null);
    pushToast({ kind: 'success', text: 'New key checked and saved.' });
  };

  const check = async () => {
    if (busy) return;
    setBusy(true);
    const r = await checkApiKey();
    setBusy(false);
    setKeyError(r.ok ? null : keyErrorMessage(r.error));
    if (r.ok) pushToast({ kind: 'success', text: 'Your key works: VideoDB accepted it.' });
  };

  const remove = async () => {
    setBusy(true);
    const r = await clearApiKey();
    setBusy(false);
    setConfirmRemove(false);
    if (!r.ok) setKeyError(keyErrorMessage(r.error));
  };

  const saveBaseUrl = async (e?: FormEvent) => {
    e?.preventDefault();
    // A well-formed new address asks first; a malformed one goes to main for its message.
    if (!confirmAddress && parsedAddress !== null) {
      setConfirmAddress(true);
      return;
    }
    setConfirmAddress(false);
    const moving = moveKey && secrets?.hasKey === true;
    const r = await updateSettings({
      apiBaseUrl: baseUrl.trim(),
      ...(moving ? { moveKey: true } : {}),
    });
    setBaseUrlError(r.ok ? null : r.error.message);
    if (r.ok) {
      setMoveKey(false);
      pushToast({
        kind: 'success',
        text: moving ? 'API address saved. Your key moved with it.' : 'API address saved.',
      });
    }
  };

  const where =
    secrets?.storage === 'memory'
      ? 'kept in memory only, because the system keychain is not available. You will need to paste it again after quitting.'
      : secrets?.storage === 'session'
        ? 'kept for this session only (demo or preview run); it is not saved in your keychain.'
        : 'kept in your system keychain.';

  return (
    <Dialog title="Settings" onClose={onClose}>
      <section className="settings-section" aria-labelledby="settings-key">
        <h3 id="settings-key" className="section-title">
          API key
        </h3>
        <p className="muted">
          {secrets?.hasKey ? `A key is stored and ${where}` : 'No key is stored.'}
        </p>
        {!replacing && !confirmRemove && (
          <div className="button-row">
            <button type="button" className="button" onClick={() => setReplacing(true)}>
              {secrets?.hasKey ? 'Replace key…' : 'Add key…'}
            </button>
            {secrets?.hasKey && (
              <button
                type="button"
                className="button"
                // Not `disabled`: the focus stays on the button (and in the dialog) while it checks.
                aria-disabled={busy}
                onClick={() => void check()}
              >
                {busy ? 'Checking…' : 'Check key'}
              </button>
            )}
            {secrets?.hasKey && (
              <button
                type="button"
                className="button button--danger"
                onClick={() => setConfirmRemove(true)}
              >
                Remove key…
              </button>
            )}
          </div>
        )}
        {confirmRemove && (
          <div className="confirm-inline" role="group" aria-label="Remove the key">
            <p>
              Remove the key? The app will stop reaching VideoDB until you add one again. Your clip
              history stays.
            </p>
            <div className="button-row">
              <button
                type="button"
                className="button button--danger"
                disabled={busy}
                onClick={() => void remove()}
              >
                Remove key
              </button>
              <button type="button" className="button" onClick={() => setConfirmRemove(false)}>
                Keep it
              </button>
            </div>
          </div>
        )}
        {replacing && (
          <form className="stack" onSubmit={(e) => void replace(e)}>
            <ApiKeyField label="New API key" error={keyError} value={key} onChange={setKey} />
            <div className="button-row">
              <button
                type="submit"
                className="button button--primary"
                disabled={busy || key.trim() === ''}
              >
                {busy ? 'Checking…' : 'Check and save'}
              </button>
              <button type="button" className="button" onClick={() => setReplacing(false)}>
                Cancel
              </button>
            </div>
          </form>
        )}
        {keyError !== null && !replacing && (
          <p className="message message--error" role="alert">
            {keyError}
          </p>
        )}
      </section>

      <section className="settings-section" aria-labelledby="settings-notify">
        <h3 id="settings-notify" className="section-title">
          Notifications
        </h3>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={settings?.notifications ?? true}
            onChange={(e) => void updateSettings({ notifications: e.target.checked })}
          />
          Tell me when a clip is ready or fails
        </label>
      </section>

      <details className="settings-section">
        <summary className="section-title">Advanced</summary>
        <form className="stack" onSubmit={(e) => void saveBaseUrl(e)} noValidate>
          <Field
            id={addressId}
            label="API address"
            error={baseUrlError}
            hint="For a self-hosted or test server. The key is stored per address."
            warning={
              plainHttp
                ? 'This address uses plain http://, so your API key would travel unencrypted. Use https:// unless this is a test server on your own network.'
                : null
            }
          >
            {(control) => (
              <input
                {...control}
                ref={addressRef}
                className="input"
                type="url"
                value={baseUrl}
                onChange={(e) => {
                  setBaseUrl(e.target.value);
                  setBaseUrlError(null);
                  setConfirmAddress(false);
                }}
              />
            )}
          </Field>
          {confirmAddress && (
            <div className="confirm-inline" role="group" aria-label="Change the API address">
              <p>
                {secrets?.hasKey
                  ? 'Your API key is stored for the current address only. After the change the app uses the key stored for the new address; if it has none, you will need to add one again.'
                  : 'After the change you will need an API key for the new address.'}
              </p>
              {secrets?.hasKey && (
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={moveKey}
                    onChange={(e) => setMoveKey(e.target.checked)}
                  />
                  Move my API key to the new address (the app asks you to confirm; the key is then
                  sent only to the new address)
                </label>
              )}
              <div className="button-row">
                <button type="submit" className="button button--primary" autoFocus>
                  Save and switch
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setConfirmAddress(false);
                    addressRef.current?.focus();
                  }}
                >
                  Keep current address
                </button>
              </div>
            </div>
          )}
          {!confirmAddress && (
            <div className="button-row">
              <button
                type="submit"
                className="button"
                disabled={baseUrl.trim() === (settings?.apiBaseUrl ?? '')}
              >
                Save address
              </button>
            </div>
          )}
        </form>
      </details>
    </Dialog>
  );
}
