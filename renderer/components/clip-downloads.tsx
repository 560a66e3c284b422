/**
 * The MP4 files saved from one clip ("Save as MP4…"): each with a progress bar (bytes, percent,
 * speed), Pause/Resume, a plain error with Retry when it failed, and "Show in folder" once done.
 * Main sends every change as `downloads:changed`; this list only draws the store.
 */
import { useEffect } from 'react';
import type { Download } from '../../app/shared/domain';
import { formatBytes } from '../lib/format';
import { useApp } from '../store/store-context';

const NONE: Download[] = [];

/** The "Downloads" section of a clip's detail; nothing when the clip has none. */
export function ClipDownloads({ jobId }: { jobId: string }) {
  const downloads = useApp((s) => s.downloadsByJob[jobId] ?? NONE);
  const loadDownloads = useApp((s) => s.loadDownloads);
  useEffect(() => {
    void loadDownloads(jobId);
  }, [jobId, loadDownloads]);
  if (downloads.length === 0) return null;
  return (
    <section className="detail__section" aria-labelledby="downloads-title">
      <h3 id="downloads-title" className="section-title">
        {downloads.length === 1 ? 'Saved as MP4' : `Saved as MP4 (${downloads.length})`}
      </h3>
      <ul className="plain-list downloads">
        {downloads.map((d) => (
          <DownloadRow key={d.id} download={d} />
        ))}
      </ul>
    </section>
  );
}

/** `3.2 MB of 10 MB · 32% · 1.1 MB/s`, as far as it is known. */
export function describeProgress(d: Download): string {
  const parts: string[] = [];
  if (d.totalBytes !== null && d.totalBytes > 0) {
    const percent = Math.min(100, Math.floor((d.bytesDone / d.totalBytes) * 100));
    parts.push(`${formatBytes(d.bytesDone)} of ${formatBytes(d.totalBytes)}`, `${percent}%`);
  } else {
    parts.push(formatBytes(d.bytesDone));
  }
  if (d.status === 'downloading' && d.bytesPerSecond > 0)
    parts.push(`${formatBytes(d.bytesPerSecond)}/s`);
  return parts.join(' · ');
}

function DownloadRow({ download: d }: { download: Download }) {
  const pause = useApp((s) => s.pauseDownload);
  const resume = useApp((s) => s.resumeDownload);
  const showInFolder = useApp((s) => s.showDownloadInFolder);
  const label = `Download of ${d.fileName}`;
  const known = d.totalBytes !== null && d.totalBytes > 0;
  return (
    <li className="download" aria-label={d.fileName}>
      <div className="download__head">
        <span className="download__name" title={d.targetPath}>
          {d.fileName}
        </span>
        <span className={`download__state download__state--${d.status}`}>
          {STATUS_TEXT[d.status]}
        </span>
      </div>
      {d.status !== 'done' && d.status !== 'failed' && (
        <div className="download__progress">
          {d.status === 'preparing' || !known ? (
            // Indeterminate until the server says how big the file is.
            <progress aria-label={label} />
          ) : (
            <progress
              aria-label={label}
              max={d.totalBytes!}
              value={d.bytesDone}
              aria-valuetext={describeProgress(d)}
            />
          )}
          <span className="download__numbers" aria-live="off">
            {d.status === 'preparing' ? 'Asking VideoDB for the MP4…' : describeProgress(d)}
          </span>
        </div>
      )}
      {d.status === 'done' && (
        <p className="download__numbers">{formatBytes(d.bytesDone)}, saved in full and checked.</p>
      )}
      {d.error !== null && (
        <p className={`callout ${d.status === 'failed' ? 'callout--error' : 'callout--warning'}`}>
          {d.status === 'failed' ? 'The download failed. ' : ''}
          {d.error.message}
        </p>
      )}
      <div className="button-row">
        {(d.status === 'preparing' || d.status === 'downloading') && (
          <button
            type="button"
            className="button button--small"
            onClick={() => void pause(d.id)}
            aria-label={`Pause ${d.fileName}`}
          >
            Pause
          </button>
        )}
        {d.status === 'paused' && (
          <button
            type="button"
            className="button button--small button--primary"
            onClick={() => void resume(d.id)}
            aria-label={`Resume ${d.fileName}`}
          >
            Resume
          </button>
        )}
        {d.status === 'failed' && (
          <button
            type="button"
            className="button button--small button--primary"
            onClick={() => void resume(d.id)}
            aria-label={`Retry ${d.fileName}`}
          >
            Retry
          </button>
        )}
        {d.status === 'done' && (
          <button
            type="button"
            className="button button--small"
            onClick={() => void showInFolder(d.id)}
            aria-label={`Show in folder (${d.fileName})`}
          >
            Show in folder
          </button>
        )}
      </div>
    </li>
  );
}

const STATUS_TEXT: Record<Download['status'], string> = {
  preparing: 'Preparing',
  downloading: 'Downloading',
  paused: 'Paused',
  done: 'Saved',
  failed: 'Failed',
};
