/**
 * Connectivity and the outbox: online/offline, how many requests wait, pause/resume sending; and,
 * in the installed app, "Restart to update" once an update is downloaded.
 */
import { useEffect, useState } from 'react';
import type { Upload } from '../../app/shared/domain';
import { formatElapsed } from '../lib/format';
import { useNow } from '../lib/use-now';
import { useApp, useAppShallow } from '../store/store-context';

/** The status bar. */
export function StatusBar() {
  const c = useApp((s) => s.connectivity);
  const fromCache = useApp((s) => s.libraryFromCache);
  const pause = useApp((s) => s.pauseSending);
  const resume = useApp((s) => s.resumeSending);
  const check = useApp((s) => s.checkConnectivity);
  const demo = useApp((s) => s.demoNetwork);
  const setDemoOffline = useApp((s) => s.setDemoOffline);
  const updateReady = useApp((s) => s.updateReady);
  const restarting = useApp((s) => s.restartingToUpdate);
  const restartToUpdate = useApp((s) => s.restartToUpdate);
  const openDialog = useApp((s) => s.openDialog);
  const uploading = useAppShallow((s) => countUploads(s.uploads));
  const online = c?.online ?? true;
  const queued = c?.queued ?? 0;
  // "Try now" answers: "Checking…" while the probe runs, then when it was checked.
  const [checking, setChecking] = useState(false);
  const [checkedAt, setCheckedAt] = useState<number | null>(null);
  const now = useNow(!online && checkedAt !== null, 10_000);
  useEffect(() => setCheckedAt(null), [online]);
  const tryNow = async () => {
    if (checking) return;
    setChecking(true);
    await check();
    setChecking(false);
    setCheckedAt(Date.now());
  };
  const ago =
    checkedAt === null
      ? ''
      : now - checkedAt < 60_000
        ? 'just now'
        : `${formatElapsed(now - checkedAt)} ago`;
  return (
    <footer className="status-bar" aria-label="Status">
      <span className={`status-bar__conn ${online ? 'is-online' : 'is-offline'}`} role="status">
        <span className="dot" aria-hidden="true" />
        {c === null ? 'Checking connection…' : online ? 'Online' : 'Offline'}
      </span>
      {!online && (
        <button
          type="button"
          className="status-bar__button"
          aria-disabled={checking}
          onClick={() => void tryNow()}
        >
          {checking ? 'Checking…' : 'Try now'}
        </button>
      )}
      {!online && (
        <span className="status-bar__note" aria-live="polite">
          {!checking && checkedAt !== null ? `Still offline — checked ${ago}` : ''}
        </span>
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
      {(uploading.active > 0 || uploading.attention > 0) && (
        <button
          type="button"
          className="status-bar__button status-bar__uploads"
          onClick={() => openDialog({ kind: 'uploads' })}
        >
          {uploadsText(uploading)}
        </button>
      )}
      <span className="status-bar__spacer" />
      {demo?.available === true && (
        <button
          type="button"
          className="status-bar__button status-bar__demo"
          aria-pressed={demo.offline}
          title="Demo only: cut the local server's network to try the outbox"
          onClick={() => void setDemoOffline(!demo.offline)}
        >
          {demo.offline ? 'Demo: restore network' : 'Demo: simulate offline'}
        </button>
      )}
      {fromCache && <span className="status-bar__note">Showing saved library</span>}
      {updateReady !== null && (
        // Quiet: no dialog, no toast; the update also installs at the next quit on its own.
        <button
          type="button"
          className="status-bar__button status-bar__update"
          aria-disabled={restarting}
          title={`Version ${updateReady} is downloaded. It also installs the next time you quit.`}
          onClick={() => void restartToUpdate()}
        >
          {restarting ? 'Restarting…' : 'Restart to update'}
        </button>
      )}
    </footer>
  );
}

/** Uploads under way, and those that need the person (paused, failed, uncertain). */
function countUploads(uploads: readonly Upload[] | null): { active: number; attention: number } {
  let active = 0;
  let attention = 0;
  for (const u of uploads ?? []) {
    if (ACTIVE_UPLOADS.has(u.status)) active++;
    else if (u.status === 'paused' || u.status === 'failed' || u.status === 'uncertain')
      attention++;
  }
  return { active, attention };
}

const ACTIVE_UPLOADS = new Set<Upload['status']>([
  'checking',
  'waiting',
  'uploading',
  'registering',
  'processing',
]);

function uploadsText({ active, attention }: { active: number; attention: number }): string {
  const parts: string[] = [];
  if (active > 0) parts.push(active === 1 ? '1 upload' : `${active} uploads`);
  if (attention > 0)
    parts.push(attention === 1 ? '1 upload needs you' : `${attention} uploads need you`);
  return parts.join(' · ');
}
