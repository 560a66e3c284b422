/**
 * "Add videos…": choose or drop files for the collection shown, or add a public link, and follow
 * every upload: a progress bar with bytes, percent and speed, Pause/Resume, a plain error with
 * Retry, "Add again" for an upload whose answer never came (after checking the collection), and,
 * once a video is added, "Make searchable" (spoken words or scenes) and "Show in library".
 * Main sends every change as `uploads:changed`; this dialog only draws the store.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Upload } from '../../app/shared/domain';
import { formatBytes } from '../lib/format';
import { useApp } from '../store/store-context';
import { Dialog } from './dialog';
import { Field } from './field';
import { FileDropZone } from './file-drop';

/** What the file chooser offers. */
export const MEDIA_ACCEPT = 'video/*,audio/*,image/*';

const STATUS_TEXT: Record<Upload['status'], string> = {
  checking: 'Checking the file…',
  waiting: 'Waiting to send',
  uploading: 'Uploading',
  registering: 'Adding to VideoDB…',
  processing: 'VideoDB is importing it…',
  done: 'Added',
  paused: 'Paused',
  failed: 'Failed',
  duplicate: 'Already added',
  uncertain: 'Not sure it was added',
};

/** `3.2 MB of 10 MB · 32% · 1.1 MB/s`, as far as it is known. */
export function describeUpload(u: Upload): string {
  if (u.totalBytes === null) return '';
  const percent =
    u.totalBytes > 0 ? Math.min(100, Math.floor((u.bytesDone / u.totalBytes) * 100)) : 0;
  const parts = [`${formatBytes(u.bytesDone)} of ${formatBytes(u.totalBytes)}`, `${percent}%`];
  if (u.status === 'uploading' && u.bytesPerSecond > 0)
    parts.push(`${formatBytes(u.bytesPerSecond)}/s`);
  return parts.join(' · ');
}

/** The uploads dialog. */
export function UploadsDialog({ onClose }: { onClose: () => void }) {
  const uploads = useApp((s) => s.uploads);
  const loadUploads = useApp((s) => s.loadUploads);
  const view = useApp((s) => s.view);
  const collection = useApp((s) => s.collections?.find((c) => c.id === s.selectedCollectionId));
  useEffect(() => {
    void loadUploads();
  }, [loadUploads]);
  const target = view === 'library' ? collection : undefined;
  return (
    <Dialog
      title={target ? `Add videos to ${target.name}` : 'Uploads'}
      onClose={onClose}
      bodyLabel="Uploads"
      footer={
        <button type="button" className="button" onClick={onClose}>
          Done
        </button>
      }
    >
      {target ? (
        <AddForm collectionId={target.id} collectionName={target.name} />
      ) : (
        <p className="muted">To add videos, open a collection in the library first.</p>
      )}
      <section aria-labelledby="uploads-list-title" className="uploads">
        <h3 id="uploads-list-title" className="section-title">
          {uploads === null || uploads.length === 0 ? 'No uploads yet' : 'Uploads'}
        </h3>
        {uploads !== null && uploads.length > 0 && (
          <ul className="plain-list uploads__list">
            {uploads.map((u) => (
              <UploadRow key={u.id} upload={u} onShown={onClose} />
            ))}
          </ul>
        )}
      </section>
    </Dialog>
  );
}

function AddForm({
  collectionId,
  collectionName,
}: {
  collectionId: string;
  collectionName: string;
}) {
  const addFiles = useApp((s) => s.addFiles);
  const addLink = useApp((s) => s.addLink);
  const input = useRef<HTMLInputElement>(null);
  const [link, setLink] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const r = await addLink(collectionId, link, name);
    setBusy(false);
    if (r.ok) {
      setLink('');
      setName('');
      setError(null);
    } else {
      setError(r.error.message);
    }
  };
  return (
    <>
      <FileDropZone
        collectionName={collectionName}
        onFiles={(files) => void addFiles(collectionId, files)}
      >
        <div className="upload-drop">
          <p className="upload-drop__text">Drop video, audio or image files here, or</p>
          <button
            type="button"
            className="button button--primary"
            data-autofocus
            onClick={() => input.current?.click()}
          >
            Choose files…
          </button>
          <input
            ref={input}
            type="file"
            multiple
            accept={MEDIA_ACCEPT}
            hidden
            aria-label={`Files to add to ${collectionName}`}
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              void addFiles(collectionId, files);
            }}
          />
          <p className="muted">
            Each file is sent once, continues after a dropped connection, and waits while you are
            offline.
          </p>
        </div>
      </FileDropZone>
      <form className="upload-link" aria-label="Add from a link" onSubmit={(e) => void submit(e)}>
        <Field
          label="Or add from a public link"
          hint="VideoDB fetches it itself, e.g. https://example.com/talk.mp4"
          error={error}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              type="url"
              inputMode="url"
              value={link}
              onChange={(e) => {
                setLink(e.target.value);
                setError(null);
              }}
            />
          )}
        </Field>
        <Field label="Name (optional)">
          {(control) => (
            <input
              {...control}
              className="input"
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <div className="button-row">
          <button type="submit" className="button" aria-disabled={busy || link.trim() === ''}>
            {busy ? 'Adding…' : 'Add link'}
          </button>
        </div>
      </form>
    </>
  );
}

function UploadRow({ upload: u, onShown }: { upload: Upload; onShown: () => void }) {
  const pause = useApp((s) => s.pauseUpload);
  const resume = useApp((s) => s.resumeUpload);
  const again = useApp((s) => s.registerUploadAgain);
  const dismiss = useApp((s) => s.dismissUpload);
  const makeSearchable = useApp((s) => s.makeUploadSearchable);
  const indexing = useApp((s) => (u.videoId === null ? undefined : s.indexing[u.videoId]));
  const collectionName = useApp(
    (s) => s.collections?.find((c) => c.id === u.collectionId)?.name ?? 'its collection',
  );
  const selectCollection = useApp((s) => s.selectCollection);
  const selectVideo = useApp((s) => s.selectVideo);
  const setView = useApp((s) => s.setView);
  const [note, setNote] = useState<string | null>(null);
  const label = u.fileName ?? u.link ?? u.name;
  const sending = u.status === 'uploading' || u.status === 'checking' || u.status === 'waiting';
  const taskOf = (kind: 'spoken' | 'scenes') => (indexing ?? []).find((t) => t.kind === kind);
  const kindLabel = (kind: 'spoken' | 'scenes', idle: string) => {
    const t = taskOf(kind);
    if (t?.status === 'running')
      return kind === 'spoken' ? 'Indexing spoken words…' : 'Indexing scenes…';
    if (t?.status === 'done')
      return kind === 'spoken' ? 'Searchable by speech ✓' : 'Searchable by scenes ✓';
    return t?.status === 'failed' ? `${idle} (try again)` : idle;
  };
  const busy = (kind: 'spoken' | 'scenes') => {
    const s = taskOf(kind)?.status;
    return s === 'running' || s === 'done';
  };
  const ask = async (kind: 'spoken' | 'scenes') => {
    const r = await makeSearchable(u.id, kind);
    setNote(r.ok ? null : r.error.message);
  };
  return (
    <li className="upload" aria-label={u.name}>
      <div className="download__head">
        <span className="download__name" title={label}>
          {u.name}
        </span>
        <span className={`download__state upload__state--${u.status}`}>
          {STATUS_TEXT[u.status]}
        </span>
      </div>
      <p className="upload__meta">
        {u.source === 'link' ? `From a link · ${collectionName}` : `${label} · ${collectionName}`}
      </p>
      {(u.status === 'uploading' || u.status === 'paused') && u.totalBytes !== null && (
        <div className="download__progress">
          <progress
            aria-label={`Upload of ${u.name}`}
            max={u.totalBytes}
            value={u.bytesDone}
            aria-valuetext={describeUpload(u)}
          />
          <span className="download__numbers">{describeUpload(u)}</span>
        </div>
      )}
      {(u.status === 'checking' || u.status === 'registering' || u.status === 'processing') && (
        <progress aria-label={`${STATUS_TEXT[u.status]} ${u.name}`} />
      )}
      {u.status === 'waiting' && (
        <p className="upload__meta">Sends when the network is there and a slot is free.</p>
      )}
      {u.restarts > 0 && u.status !== 'done' && (
        <p className="upload__meta">
          Started again from the beginning {u.restarts === 1 ? 'once' : `${u.restarts} times`}: this
          upload address cannot continue a cut upload.
        </p>
      )}
      {u.error !== null && (
        <p
          className={`callout ${u.status === 'failed' ? 'callout--error' : 'callout--warning'}`}
          role={u.status === 'failed' ? 'alert' : undefined}
        >
          {u.error.message}
        </p>
      )}
      {u.status === 'done' && (
        <div className="upload__ready">
          <p className="upload__meta">Added to {collectionName}. Make it searchable to clip it:</p>
          <div className="button-row">
            <button
              type="button"
              className="button button--small"
              aria-disabled={busy('spoken')}
              onClick={() => !busy('spoken') && void ask('spoken')}
            >
              {kindLabel('spoken', 'Spoken words')}
            </button>
            <button
              type="button"
              className="button button--small"
              aria-disabled={busy('scenes')}
              onClick={() => !busy('scenes') && void ask('scenes')}
            >
              {kindLabel('scenes', 'Scenes')}
            </button>
            <button
              type="button"
              className="button button--small button--quiet"
              onClick={() => void dismiss(u.id)}
              aria-label={`Remove from list: ${u.name}`}
            >
              Remove from list
            </button>
            <button
              type="button"
              className="button button--small button--quiet"
              onClick={() => {
                setView('library');
                selectCollection(u.collectionId);
                if (u.videoId !== null) selectVideo(u.videoId);
                onShown();
              }}
            >
              Show in library
            </button>
          </div>
          {note !== null && <p className="callout callout--error">{note}</p>}
        </div>
      )}
      <div className="button-row">
        {sending && (
          <button
            type="button"
            className="button button--small"
            onClick={() => void pause(u.id)}
            aria-label={`Pause ${u.name}`}
          >
            Pause
          </button>
        )}
        {(u.status === 'paused' || u.status === 'failed') &&
          !(u.source === 'file' && u.totalBytes === null) && (
            <button
              type="button"
              className="button button--small button--primary"
              onClick={() => void resume(u.id)}
              aria-label={`${u.status === 'paused' ? 'Resume' : 'Retry'} ${u.name}`}
            >
              {u.status === 'paused' ? 'Resume' : 'Retry'}
            </button>
          )}
        {u.status === 'uncertain' && (
          <button
            type="button"
            className="button button--small button--primary"
            onClick={() => void again(u.id)}
            aria-label={`Add ${u.name} again`}
          >
            Add again
          </button>
        )}
        {u.status !== 'registering' && u.status !== 'processing' && u.status !== 'done' && (
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => void dismiss(u.id)}
            aria-label={sending ? `Cancel ${u.name}` : `Remove from list: ${u.name}`}
          >
            {sending ? 'Cancel' : 'Remove from list'}
          </button>
        )}
      </div>
    </li>
  );
}
