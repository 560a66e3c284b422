/** Connectivity and the outbox: online/offline, how many requests wait, pause/resume sending. */
import { useApp } from '../store/store-context';

/** The status bar. */
export function StatusBar() {
  const c = useApp((s) => s.connectivity);
  const fromCache = useApp((s) => s.libraryFromCache);
  const pause = useApp((s) => s.pauseSending);
  const resume = useApp((s) => s.resumeSending);
  const check = useApp((s) => s.checkConnectivity);
  const online = c?.online ?? true;
  const queued = c?.queued ?? 0;
  return (
    <footer className="status-bar" aria-label="Status">
      <span className={`status-bar__conn ${online ? 'is-online' : 'is-offline'}`} role="status">
        <span className="dot" aria-hidden="true" />
        {c === null ? 'Checking connection…' : online ? 'Online' : 'Offline'}
      </span>
      {!online && (
        <button type="button" className="status-bar__button" onClick={() => void check()}>
          Try now
        </button>
      )}
      <span className="status-bar__sep" aria-hidden="true" />
      <span className="status-bar__queue" aria-live="polite">
        {queued === 0 ? 'Nothing waiting to send' : queued === 1 ? '1 queued' : `${queued} queued`}
        {c?.paused === true && ' · sending paused'}
      </span>
      {c !== null && (
        <button
          type="button"
          className="status-bar__button"
          aria-pressed={c.paused}
          onClick={() => void (c.paused ? resume() : pause())}
        >
          {c.paused ? 'Resume sending' : 'Pause sending'}
        </button>
      )}
      <span className="status-bar__spacer" />
      {fromCache && <span className="status-bar__note">Showing saved library</span>}
    </footer>
  );
}
