/**
 * One clip: status, the error in plain words with the action that fixes it, the segments with
 * their relevance, an in-app player for the compiled clip, each segment and "play in context",
 * and every action on the clip.
 */
import { useEffect, useState } from 'react';
import { MODEL_TIERS, type Job, type ModelTier, type Segment } from '../../app/shared/domain';
import { formatDuration, formatElapsed, formatWhen } from '../lib/format';
import { useNow } from '../lib/use-now';
import { useApp } from '../store/store-context';
import { ClipDownloads } from './clip-downloads';
import { EditorBundle } from './editor-bundle';
import { CopyMenu } from './copy-menu';
import { EmptyState } from './empty-state';
import { HlsPlayer } from './hls-player';
import { StatusBadge } from './status-badge';
import { PartOfGroup } from './multiclip-panel';

/** Seconds of the source shown before a segment in "play in context". */
export const CONTEXT_LEAD_SECONDS = 5;

type Playing = { src: string; startAt: number; label: string; key: string };

/** The detail pane of the history. */
export function JobDetail() {
  const job = useApp((s) => (s.openJobId === null ? undefined : s.jobsById[s.openJobId]));
  const selectedCount = useApp((s) => s.selectedJobIds.length);
  if (job === undefined) {
    return (
      <EmptyState title={selectedCount > 1 ? `${selectedCount} clips selected` : 'Choose a clip'}>
        {selectedCount > 1
          ? 'Use the bar above the list to copy their links, favourite or delete them.'
          : 'Pick a clip in the list to see its segments and play it.'}
      </EmptyState>
    );
  }
  // A list row has no segments yet: the whole job is on its way (openJob fetches it).
  return (
    <JobDetailBody
      key={job.id}
      job={{ ...job, segments: job.segments ?? [] }}
      loadingSegments={job.segments === undefined ? job.segmentCount : null}
    />
  );
}

/** `loadingSegments`: how many segments the list row said, while the whole job loads. */
function JobDetailBody({ job, loadingSegments }: { job: Job; loadingSegments: number | null }) {
  const segmentCount = loadingSegments ?? job.segments.length;
  const running = job.status === 'processing' || job.status === 'sending';
  // The clock ticks only while the app follows the job.
  const now = useNow(running && job.tracking);
  const setFavourite = useApp((s) => s.setFavourite);
  const retry = useApp((s) => s.retry);
  const stopTracking = useApp((s) => s.stopTracking);
  const follow = useApp((s) => s.follow);
  const deleteWithUndo = useApp((s) => s.deleteWithUndo);
  const saveAsMp4 = useApp((s) => s.saveAsMp4);
  const startEditorExport = useApp((s) => s.startEditorExport);
  const [playing, setPlaying] = useState<Playing | null>(null);

  const clip: Playing | null =
    job.clipStreamUrl !== null
      ? { src: job.clipStreamUrl, startAt: 0, label: 'The whole clip', key: 'clip' }
      : null;
  useEffect(() => setPlaying(null), [job.clipStreamUrl]);
  const current = playing ?? clip;
  // "Save as MP4…" needs the compiled clip (VideoDB makes the MP4 from its stream).
  const canSave = job.status === 'done' && job.clipStreamUrl !== null;
  const save = canSave ? () => void saveAsMp4(job.id) : undefined;

  return (
    <article className="detail" aria-labelledby="job-title">
      <header className="detail__header">
        <h2 id="job-title" className="detail__title">
          {job.request.prompt}
        </h2>
        <button
          type="button"
          className={`icon-button star${job.favourite ? ' is-on' : ''}`}
          aria-pressed={job.favourite}
          aria-label="Favourite"
          onClick={() => void setFavourite([job.id], !job.favourite)}
        >
          {job.favourite ? '★' : '☆'}
        </button>
      </header>
      <p className="detail__meta">
        <span>{job.videoName}</span>
        <span>{formatWhen(job.createdAt)}</span>
        <span>{describeRequest(job)}</span>
      </p>
      <div className="detail__status">
        <StatusBadge job={job} now={now} />
        {job.status === 'processing' && job.progress !== null && (
          <progress
            className="detail__progress"
            max={100}
            value={job.progress}
            aria-label="Progress"
          />
        )}
      </div>
      <StatusNote job={job} now={now} />
      <JobError job={job} />
      <PartOfGroup jobId={job.id} />

      <div className="button-row detail__actions" role="toolbar" aria-label="Clip actions">
        <CopyMenu
          jobIds={[job.id]}
          disabledReason={copyBlocked(job)}
          onSaveMp4={save}
          onEditorBundle={save && (() => void startEditorExport(job.id))}
        />
        {save && (
          <button type="button" className="button" onClick={save}>
            Save as MP4…
          </button>
        )}
        {job.status === 'failed' && job.error === null && (
          <button type="button" className="button" onClick={() => void retry(job.id)}>
            Retry
          </button>
        )}
        {running && job.tracking && (
          <button type="button" className="button" onClick={() => void stopTracking(job.id)}>
            Stop following
          </button>
        )}
        {running && !job.tracking && (
          <button type="button" className="button" onClick={() => void follow(job.id)}>
            Follow again
          </button>
        )}
        <button
          type="button"
          className="button button--danger"
          onClick={() => deleteWithUndo([job.id])}
        >
          Delete
        </button>
      </div>

      <ClipDownloads jobId={job.id} />
      <EditorBundle jobId={job.id} />

      {current !== null && (
        <section className="detail__section" aria-labelledby="player-title">
          <h3 id="player-title" className="section-title">
            Playing: {current.label}
          </h3>
          <HlsPlayer
            key={current.key}
            src={current.src}
            startAt={current.startAt}
            label={current.label}
            autoPlay={playing !== null}
          />
          {playing !== null && clip !== null && (
            <button type="button" className="link-button" onClick={() => setPlaying(null)}>
              Back to the whole clip
            </button>
          )}
        </section>
      )}

      {job.status === 'done' && (
        <section className="detail__section" aria-labelledby="segments-title">
          <h3 id="segments-title" className="section-title">
            {segmentCount === 1 ? '1 segment' : `${segmentCount} segments`}
          </h3>
          {loadingSegments !== null ? (
            <p className="muted">Loading the segments…</p>
          ) : job.segments.length === 0 ? (
            <p className="muted">
              Nothing in this video matched. Try other words, or another way of searching.
            </p>
          ) : (
            <ol className="segments">
              {job.segments.map((seg, i) => (
                <SegmentRow
                  key={`${seg.start}-${i}`}
                  segment={seg}
                  index={i}
                  job={job}
                  onPlay={setPlaying}
                />
              ))}
            </ol>
          )}
        </section>
      )}
    </article>
  );
}

/** Why this clip's links cannot be copied, or null when they can. */
function copyBlocked(job: Job): string | null {
  if (job.status !== 'done') return 'Links can be copied when the clip is done.';
  if (job.clipPlayerUrl === null && job.clipStreamUrl === null)
    return 'Nothing matched, so there is no clip to link to.';
  return null;
}

function describeRequest(job: Job): string {
  const type = { spoken: 'By speech', visual: 'By scenes', multimodal: 'Speech and scenes' }[
    job.request.contentType
  ];
  const tier = job.request.modelName.charAt(0).toUpperCase() + job.request.modelName.slice(1);
  return `${type} · ${tier} model`;
}

function StatusNote({ job, now }: { job: Job; now: number }) {
  const online = useApp((s) => s.connectivity?.online ?? true);
  const paused = useApp((s) => s.connectivity?.paused ?? false);
  if (job.status === 'queued') {
    return (
      <p className="callout callout--info">
        {!online
          ? 'Waiting to be sent: you are offline. It goes out by itself when you are back online.'
          : paused
            ? 'Waiting to be sent: sending is paused. Resume it in the status bar.'
            : 'Waiting to be sent.'}
      </p>
    );
  }
  if ((job.status === 'processing' || job.status === 'sending') && !job.tracking) {
    return (
      <p className="callout callout--info">
        The app stopped following this clip, so it shows how it was then. Choose “Follow again” to
        check on it and get updates.
      </p>
    );
  }
  if (job.status === 'processing' && job.tracking && job.error !== null) {
    // A note from the engine while it waits, e.g. a clip started on another API address.
    return <p className="callout callout--info">{job.error.message}</p>;
  }
  if (job.status === 'processing' && job.stuck) {
    return (
      <p className="callout callout--warning">
        This is taking longer than usual ({formatElapsed(now - (job.sentAt ?? job.createdAt))}).
        VideoDB is still working on it and the app keeps checking.{' '}
        {job.tracking ? 'You can stop following it if you no longer need it.' : ''}
      </p>
    );
  }
  return null;
}

/** The error in plain words, with the action that fixes it. */
function JobError({ job }: { job: Job }) {
  const retry = useApp((s) => s.retry);
  const openDialog = useApp((s) => s.openDialog);
  const makeSearchable = useApp((s) => s.makeSearchable);
  const pushToast = useApp((s) => s.pushToast);
  const checkConnectivity = useApp((s) => s.checkConnectivity);

  if (job.status === 'uncertain') {
    return (
      <div className="callout callout--warning" role="alert">
        <p>
          <strong>Not sure this was sent.</strong> The request may have reached VideoDB, but no
          answer came back. Sending it again could make a second clip and use credits twice.
        </p>
        <div className="button-row">
          <button
            type="button"
            className="button button--primary"
            onClick={() => openDialog({ kind: 'confirm-resend', jobId: job.id })}
          >
            Send again…
          </button>
        </div>
      </div>
    );
  }
  if (job.status !== 'failed' || job.error === null) return null;
  const { code, message } = job.error;
  const notSearchable = /searchable|index/i.test(message);
  const kind: 'spoken' | 'scenes' =
    job.request.contentType === 'visual' || /scene/i.test(message) ? 'scenes' : 'spoken';
  const make = async () => {
    const r = await makeSearchable(kind, job.request.videoId);
    pushToast(
      r.ok
        ? { kind: 'success', text: 'Making the video searchable. Retry the clip when it is done.' }
        : { kind: 'error', text: r.error.message },
    );
  };
  return (
    <div className="callout callout--error" role="alert">
      <p>{plainError(code, message, job.request.modelName)}</p>
      <div className="button-row">
        {code === 'auth' && (
          <button
            type="button"
            className="button button--primary"
            onClick={() => openDialog({ kind: 'settings' })}
          >
            Re-enter API key
          </button>
        )}
        {notSearchable && (
          <button type="button" className="button button--primary" onClick={() => void make()}>
            {kind === 'scenes' ? 'Make searchable by scenes' : 'Make searchable by speech'}
          </button>
        )}
        {code === 'tier-budget' && <TryAnotherTier job={job} />}
        {code === 'offline' && (
          <button type="button" className="button" onClick={() => void checkConnectivity()}>
            Check connection
          </button>
        )}
        {code !== 'credits' && code !== 'forbidden' && code !== 'tier-budget' && (
          <button type="button" className="button" onClick={() => void retry(job.id)}>
            Retry
          </button>
        )}
      </div>
    </div>
  );
}

const TIER_NAMES: Record<ModelTier, string> = {
  mini: 'Mini',
  basic: 'Basic',
  pro: 'Pro',
  ultra: 'Ultra',
};

/**
 * A tier's budget is spent: the same request with another tier, as a new clip (the failed one
 * stays in the history). Retrying the same tier would only fail again.
 */
function TryAnotherTier({ job }: { job: Job }) {
  const submit = useApp((s) => s.submit);
  const selectJob = useApp((s) => s.selectJob);
  const pushToast = useApp((s) => s.pushToast);
  const others = MODEL_TIERS.filter((t) => t !== job.request.modelName);
  const [tier, setTier] = useState<ModelTier>(others.includes('basic') ? 'basic' : others[0]!);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    const r = await submit({ ...job.request, modelName: tier });
    setBusy(false);
    if (!r.ok) {
      pushToast({ kind: 'error', text: r.error.message });
      return;
    }
    pushToast({ kind: 'success', text: `Asked again with the ${TIER_NAMES[tier]} tier.` });
    selectJob(r.value.job.id, 'single');
  };
  return (
    <>
      <select
        className="input select"
        aria-label="Another model tier"
        value={tier}
        onChange={(e) => setTier(e.target.value as ModelTier)}
      >
        {others.map((t) => (
          <option key={t} value={t}>
            {TIER_NAMES[t]}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button button--primary"
        disabled={busy}
        onClick={() => void send()}
      >
        Try another tier
      </button>
    </>
  );
}

function plainError(code: string, message: string, tier: ModelTier): string {
  switch (code) {
    case 'tier-budget':
      return `The ${TIER_NAMES[tier]} model tier has used up its budget on your VideoDB account. Try another tier, or wait until its budget renews.`;
    case 'auth':
      return 'VideoDB did not accept the API key. Enter it again in Settings, then retry.';
    case 'credits':
      return 'Your VideoDB account is out of credits. Add credits at console.videodb.io, then retry.';
    case 'forbidden':
      return 'Your VideoDB plan does not allow this. ' + message;
    case 'not-found':
      // Clips failed before "Scene index not found" was read as what it is: the video is there.
      return /scene index not found/i.test(message)
        ? 'This video is not searchable by scenes yet. Make it searchable by scenes, then retry.'
        : 'This video or its job no longer exists on VideoDB.';
    default:
      return message;
  }
}

function SegmentRow({
  segment,
  index,
  job,
  onPlay,
}: {
  segment: Segment;
  index: number;
  job: Job;
  onPlay: (p: Playing) => void;
}) {
  const range = `${formatDuration(segment.start)}–${formatDuration(segment.end)}`;
  // null: VideoDB sent a score the app could not read; the segment is shown without one.
  const relevance =
    segment.score === null ? null : Math.round(Math.max(0, Math.min(1, segment.score)) * 100);
  return (
    <li className="segment">
      <div className="segment__head">
        <span className="segment__time">{range}</span>
        {relevance === null ? (
          <span className="relevance" title="Relevance unknown">
            <span className="relevance__label">— match</span>
          </span>
        ) : (
          <span className="relevance" title={`Relevance ${relevance}%`}>
            <span className="relevance__track" aria-hidden="true">
              <span className="relevance__fill" style={{ width: `${relevance}%` }} />
            </span>
            <span className="relevance__label">{relevance}% match</span>
          </span>
        )}
      </div>
      <p className="segment__text">{segment.text}</p>
      <div className="button-row">
        {segment.streamUrl !== null && (
          <button
            type="button"
            className="button button--small"
            onClick={() =>
              onPlay({
                src: segment.streamUrl!,
                startAt: 0,
                label: `Segment ${index + 1} (${range})`,
                key: `seg-${index}`,
              })
            }
          >
            Play segment {index + 1}
          </button>
        )}
        {job.sourceStreamUrl !== null && (
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() =>
              onPlay({
                src: job.sourceStreamUrl!,
                startAt: Math.max(0, segment.start - CONTEXT_LEAD_SECONDS),
                label: `Segment ${index + 1} in context`,
                key: `ctx-${index}`,
              })
            }
          >
            Play in context
          </button>
        )}
      </div>
    </li>
  );
}
