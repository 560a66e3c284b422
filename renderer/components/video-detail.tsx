/**
 * The open video, prompt first: its name, then "What are you looking for?", then what the video
 * is (a preview that plays the source video, how it can be searched with "make searchable" and
 * its progress, its scene indexes) and the clips already made from it.
 */
import { useEffect, useState } from 'react';
import type { IndexingTask, Video } from '../../app/shared/domain';
import { formatDuration, formatWhen } from '../lib/format';
import { useNow } from '../lib/use-now';
import { searchableNow } from '../store/library-slice';
import { useApp, useAppShallow } from '../store/store-context';
import { EmptyState, Skeleton } from './empty-state';
import { HlsPlayer } from './hls-player';
import { AskManyPanel, MultiClipView, RecentMultiClips } from './multiclip-panel';
import { ComparisonView, CompareSetupPanel, VideoComparisons } from './compare-panel';
import { PromptPanel } from './prompt-panel';
import { SearchableBadges } from './searchable-badges';
import { StatusBadge } from './status-badge';

/** The detail pane of the library. */
export function VideoDetail() {
  const { detail, error, selectedVideoId, indexing } = useAppShallow((s) => ({
    detail: s.videoDetail,
    error: s.videoDetailError,
    selectedVideoId: s.selectedVideoId,
    indexing: s.selectedVideoId === null ? undefined : s.indexing[s.selectedVideoId],
  }));
  const loadVideoJobs = useApp((s) => s.loadVideoJobs);

  useEffect(() => {
    if (selectedVideoId !== null) void loadVideoJobs(selectedVideoId);
  }, [selectedVideoId, loadVideoJobs]);
  const manyPicked = useApp((s) => s.picked.length >= 2);
  const multiOpen = useApp((s) => s.openMultiClip !== null);
  const comparing = useApp((s) => s.openComparison?.videoId ?? null);
  const settingUp = useApp((s) => s.compareSetup?.videoId ?? null);

  // One prompt across videos: the multi-clip being shown, or the picked videos to ask.
  if (multiOpen) return <MultiClipView />;
  if (manyPicked) return <AskManyPanel />;

  if (selectedVideoId === null) {
    return (
      <>
        <EmptyState title="Choose a video">
          Pick a video on the left to see how it can be searched and to make clips from it, or
          Ctrl/Cmd-click several to ask them all at once.
        </EmptyState>
        <div className="detail">
          <RecentMultiClips />
        </div>
      </>
    );
  }
  if (detail === null) {
    return error !== null ? (
      <EmptyState title="This video could not be opened">{error.message}</EmptyState>
    ) : (
      <div className="detail" aria-busy="true" aria-label="Loading video">
        <Skeleton className="skeleton--thumb" />
        <Skeleton className="skeleton--title" />
        <Skeleton className="skeleton--line" />
      </div>
    );
  }
  const { video, sceneIndexes } = detail;
  // Compare: the comparison being shown, or one being set up, for this video.
  if (comparing === video.id) return <ComparisonView />;
  if (settingUp === video.id)
    return <CompareSetupPanel video={video} sceneIndexes={sceneIndexes} />;
  return (
    <div className="detail">
      <h2 className="detail__title">{video.name}</h2>
      <p className="detail__meta">
        <span>{formatDuration(video.length)}</span>
        {video.createdAt !== null && <span>Added {formatWhen(Date.parse(video.createdAt))}</span>}
        <SearchableBadges video={video} />
      </p>
      <PromptPanel video={video} sceneIndexes={sceneIndexes} />
      <SourcePreview key={video.id} video={video} />
      {video.description !== null && video.description !== '' && (
        <p className="detail__description">{video.description}</p>
      )}
      <Searchability video={video} tasks={indexing ?? []} sceneCount={sceneIndexes.length} />
      {sceneIndexes.length > 0 && (
        <section aria-labelledby="scene-indexes" className="detail__section">
          <h3 id="scene-indexes" className="section-title">
            Scene indexes
          </h3>
          <ul className="plain-list">
            {sceneIndexes.map((s) => (
              <li key={s.id} className="plain-list__row">
                <span>{s.name}</span>
                <span className={`badge badge--${s.status === 'done' ? 'done' : 'processing'}`}>
                  {s.status === 'done' ? 'Ready' : 'Being made'}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <VideoClips videoId={video.id} />
      <VideoComparisons videoId={video.id} />
    </div>
  );
}

/** The thumbnail, and the source video itself once "Play video" is chosen. */
function SourcePreview({ video }: { video: Video }) {
  const [playing, setPlaying] = useState(false);
  const canPlay = video.streamUrl !== null;
  if (playing && video.streamUrl !== null) {
    return (
      <section aria-label="Source video" className="detail__section detail__hero">
        <HlsPlayer src={video.streamUrl} label={`Source video: ${video.name}`} autoPlay />
      </section>
    );
  }
  return (
    <section aria-label="Source video" className="detail__section detail__hero">
      <div className="detail__preview">
        {video.thumbnailUrl !== null ? (
          <img className="detail__thumb" src={video.thumbnailUrl} alt="" />
        ) : (
          <div className="detail__thumb detail__thumb--empty" aria-hidden="true">
            ▶
          </div>
        )}
        {canPlay && (
          <button type="button" className="button detail__play" onClick={() => setPlaying(true)}>
            <span aria-hidden="true">▶</span> Play video
          </button>
        )}
      </div>
    </section>
  );
}

/** How the video can be searched, with a "make searchable" action per missing way. */
function Searchability({
  video,
  tasks,
  sceneCount,
}: {
  video: Video;
  tasks: IndexingTask[];
  sceneCount: number;
}) {
  const makeSearchable = useApp((s) => s.makeSearchable);
  const pushToast = useApp((s) => s.pushToast);
  const now = searchableNow(video, tasks);
  const rows: Array<{ kind: 'spoken' | 'scenes'; label: string; ok: boolean | null }> = [
    { kind: 'spoken', label: 'By speech', ok: now.speech },
    { kind: 'scenes', label: 'By scenes', ok: now.scenes },
  ];
  const start = async (kind: 'spoken' | 'scenes') => {
    const r = await makeSearchable(kind, video.id);
    if (!r.ok) pushToast({ kind: 'error', text: r.error.message });
  };
  return (
    <section aria-labelledby="searchable-title" className="detail__section">
      <h3 id="searchable-title" className="section-title">
        Searchable
      </h3>
      <ul className="plain-list">
        {rows.map(({ kind, label, ok }) => {
          const task = tasks.find((t) => t.kind === kind);
          const running = task?.status === 'running';
          return (
            <li key={kind} className="plain-list__row">
              <span>{label}</span>
              {running ? (
                <span className="progress-inline">
                  <progress
                    max={100}
                    value={task.progress ?? undefined}
                    aria-label={`Making searchable ${label.toLowerCase()}`}
                  />
                  <span className="muted">
                    {task.progress !== null ? `${Math.round(task.progress)}%` : 'Working…'}
                  </span>
                </span>
              ) : ok === true ? (
                <span className="badge badge--done">Yes</span>
              ) : (
                <span className="row-actions">
                  {task?.status === 'failed' && (
                    <span className="field__error">
                      {task.error?.message ?? 'That did not work.'}
                    </span>
                  )}
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => void start(kind)}
                  >
                    {kind === 'scenes' && sceneCount > 0 ? 'Add scene index' : 'Make searchable'}
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Clips made from this video, newest first; each opens in the history. */
function VideoClips({ videoId }: { videoId: string }) {
  const jobs = useAppShallow((s) =>
    s.videoJobs?.videoId === videoId
      ? s.videoJobs.ids.flatMap((id) =>
          s.jobsById[id] !== undefined && s.pendingDelete[id] === undefined ? [s.jobsById[id]] : [],
        )
      : [],
  );
  const setView = useApp((s) => s.setView);
  const selectJob = useApp((s) => s.selectJob);
  const now = useNow(jobs.some((j) => j.status === 'processing' || j.status === 'sending'));
  return (
    <section aria-labelledby="video-clips" className="detail__section">
      <h3 id="video-clips" className="section-title">
        Clips from this video
      </h3>
      {jobs.length === 0 ? (
        <p className="muted">No clips yet. Describe a moment above to make the first one.</p>
      ) : (
        <ul className="plain-list">
          {jobs.map((j) => (
            <li key={j.id}>
              <button
                type="button"
                className="clip-link"
                onClick={() => {
                  setView('history');
                  selectJob(j.id, 'single');
                }}
              >
                <span className="clip-link__prompt">{j.request.prompt}</span>
                <StatusBadge job={j} now={now} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
