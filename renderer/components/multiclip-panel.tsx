/**
 * One prompt across many videos, in the library's detail pane (issue 12 §1): with several videos
 * picked, "Ask N videos" (or the whole collection); then the multi-clip as it goes: "12 of 14
 * answered, 1 failed, 1 still running", each video's state (failed ones with the reason and a
 * retry, uncertain ones said as such), one ranked list of segments across videos, and a reel of
 * the top N to play.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type {
  ContentType,
  IndexKind,
  MultiClip,
  MultiClipChild,
  MultiClipReadiness,
} from '../../app/shared/domain';
import { formatDuration } from '../lib/format';
import type { ComparisonRef } from '../store/compare-slice';
import { useApp } from '../store/store-context';
import { Field } from './field';
import { GroupList } from './group-list';
import { HlsPlayer } from './hls-player';

/** "12 of 14 videos answered, 1 failed, 1 still running". */
export function describeCounts(m: Pick<MultiClip, 'counts'>): string {
  const c = m.counts;
  const parts = [`${c.answered} of ${c.total} ${c.total === 1 ? 'video' : 'videos'} answered`];
  if (c.failed > 0) parts.push(`${c.failed} failed`);
  if (c.uncertain > 0) parts.push(`${c.uncertain} not sure they were sent`);
  if (c.preparing > 0) parts.push(`${c.preparing} being made searchable`);
  if (c.running > 0) parts.push(`${c.running} still running`);
  return parts.join(', ');
}

const BY: Record<IndexKind, string> = { spoken: 'by speech', scenes: 'by scenes' };

/** "by speech", "by scenes" or "by speech and scenes". */
function byKinds(kinds: readonly IndexKind[]): string {
  if (kinds.includes('spoken') && kinds.includes('scenes')) return 'by speech and scenes';
  return BY[kinds[0] ?? 'spoken'];
}

function videos(n: number): string {
  return `${n.toLocaleString()} ${n === 1 ? 'video' : 'videos'}`;
}

/** The kinds any of the missing videos lack. */
function kindsOf(r: MultiClipReadiness): IndexKind[] {
  const all = new Set(r.missing.flatMap((m) => m.kinds));
  return (['spoken', 'scenes'] as const).filter((k) => all.has(k));
}

/**
 * Readiness of the picked videos for the content type (issue 12 §2): checked while the person
 * writes (nothing is started on the account); when some miss an index, one action makes them
 * searchable first, with a rough time and the account's credits where VideoDB says them.
 */
function useReadiness(contentType: ContentType): {
  readiness: MultiClipReadiness | null;
  checking: boolean;
} {
  const picked = useApp((s) => s.picked);
  const online = useApp((s) => s.connectivity?.online ?? true);
  const check = useApp((s) => s.checkReadiness);
  const [readiness, setReadiness] = useState<MultiClipReadiness | null>(null);
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    let stale = false;
    setChecking(true);
    // Picking with the keyboard changes the picks quickly: check once they settle.
    const t = setTimeout(() => {
      void check(contentType).then((r) => {
        if (stale) return;
        setChecking(false);
        setReadiness(r.ok ? r.value : null);
      });
    }, 250);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [picked, contentType, online, check]);
  return { readiness, checking };
}

function ReadinessNote({
  r,
  checking,
  contentType,
  busy,
  starting,
  onPrepare,
}: {
  r: MultiClipReadiness | null;
  checking: boolean;
  contentType: ContentType;
  busy: boolean;
  /** The "make searchable first" request is on its way. */
  starting: boolean;
  onPrepare: () => void;
}) {
  if (r === null) {
    return checking ? (
      <p className="muted" role="status">
        Checking which videos are searchable…
      </p>
    ) : null;
  }
  const need: IndexKind[] =
    contentType === 'spoken'
      ? ['spoken']
      : contentType === 'visual'
        ? ['scenes']
        : ['spoken', 'scenes'];
  const toMake = r.missing.filter((m) => !m.preparing);
  const preparing = r.missing.length - toMake.length;
  if (r.missing.length === 0) {
    return (
      <p className="muted" role="status" aria-label="Readiness">
        {r.ready === r.total
          ? `${r.total === 1 ? 'The video is' : `All ${r.total} videos are`} searchable ${byKinds(need)} ✓`
          : r.speechUnknown > 0
            ? `Whether ${videos(r.speechUnknown)} can be searched by speech is not known yet: they are asked as they are, and any that cannot can be made searchable after.`
            : `${videos(r.scenesUnknown)} could not be checked for scenes while offline.`}
      </p>
    );
  }
  const usage =
    r.usage === null
      ? r.online
        ? 'VideoDB does not say what this costs for your account.'
        : null
      : r.usage.balance !== null
        ? `Your VideoDB balance: ${r.usage.balance.toLocaleString()} credits. VideoDB does not say in advance what indexing costs.`
        : `Used so far on your VideoDB account: ${r.usage.used?.toLocaleString() ?? '?'} credits.`;
  return (
    <div
      className="callout callout--warning multiclip__readiness"
      role="status"
      aria-label="Readiness"
    >
      <p>
        {r.missing.length} of {videos(r.total)} {r.missing.length === 1 ? 'is' : 'are'} not
        searchable {byKinds(kindsOf(r))} yet
        {preparing > 0 ? ` (${preparing} being made searchable now)` : ''}: asked now, they would
        fail.
      </p>
      <ul className="plain-list multiclip__missing">
        {r.missing.slice(0, 5).map((m) => (
          <li key={m.videoId}>
            {m.videoName} <span className="muted">· {byKinds(m.kinds)}</span>
          </li>
        ))}
        {r.missing.length > 5 && <li className="muted">and {r.missing.length - 5} more</li>}
      </ul>
      {usage !== null && <p className="muted">{usage}</p>}
      {toMake.length > 0 && !r.online && (
        <p className="muted">Making videos searchable starts when you are back online.</p>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button button--primary"
          aria-disabled={busy}
          onClick={onPrepare}
        >
          {starting
            ? 'Starting…'
            : toMake.length > 0
              ? `Make ${videos(toMake.length)} searchable first${r.estimateMinutes === null ? '' : ` (about ${r.estimateMinutes} ${r.estimateMinutes === 1 ? 'minute' : 'minutes'})`}`
              : 'Ask each video once it is searchable'}
        </button>
      </div>
      <p className="muted">
        Each video is asked as soon as it is searchable; the rest are asked now.
      </p>
    </div>
  );
}

/** The pane while several videos are picked: one prompt for all of them. */
export function AskManyPanel() {
  const picked = useApp((s) => s.picked);
  const clearPicked = useApp((s) => s.clearPicked);
  const submit = useApp((s) => s.submitMultiClip);
  const collection = useApp((s) => s.collections?.find((c) => c.id === s.selectedCollectionId));
  const total = useApp((s) => s.videoTotal);
  const [prompt, setPrompt] = useState('');
  const [contentType, setContentType] = useState<ContentType>('spoken');
  const online = useApp((s) => s.connectivity?.online ?? true);
  const [narrow, setNarrow] = useState(true);
  const [error, setError] = useState<string | null>(null);
  /** Which button's request is on its way (its label says so). */
  const [busyWith, setBusyWith] = useState<'ask' | 'prepare' | null>(null);
  const busy = busyWith !== null;
  const { readiness, checking } = useReadiness(contentType);
  const unready = (readiness?.missing.length ?? 0) > 0;
  const send = async (wholeCollection?: string, prepare = false) => {
    if (busy) return;
    setBusyWith(prepare ? 'prepare' : 'ask');
    const r = await submit({
      prompt,
      contentType,
      narrow: narrow && online,
      prepare,
      ...(wholeCollection !== undefined ? { wholeCollection } : {}),
    });
    setBusyWith(null);
    setError(r.ok ? null : r.error.message);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send();
  };
  return (
    <div className="detail">
      <h2 className="detail__title">{picked.length} videos picked</h2>
      <ul className="plain-list multiclip__picked" aria-label="Picked videos">
        {picked.slice(0, 8).map((p) => (
          <li key={p.videoId}>{p.name}</li>
        ))}
        {picked.length > 8 && <li className="muted">and {picked.length - 8} more</li>}
      </ul>
      <form className="multiclip-ask" aria-label="Ask every picked video" onSubmit={onSubmit}>
        <Field label="What are you looking for in all of them?" error={error}>
          {(control) => (
            <textarea
              {...control}
              className="input prompt-panel__input"
              rows={3}
              value={prompt}
              onChange={(e) => {
                setPrompt(e.target.value);
                setError(null);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  void send();
                }
              }}
            />
          )}
        </Field>
        <Field label="Search in">
          {(control) => (
            <select
              {...control}
              className="input"
              value={contentType}
              onChange={(e) => setContentType(e.target.value as ContentType)}
            >
              <option value="spoken">What is said</option>
              <option value="visual">What is shown</option>
              <option value="multimodal">Both</option>
            </select>
          )}
        </Field>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={narrow && online}
            disabled={!online}
            onChange={(e) => setNarrow(e.target.checked)}
          />{' '}
          Ask VideoDB first which videos are worth it, and skip the rest
          {!online && ' (needs the network)'}
        </label>
        <ReadinessNote
          r={readiness}
          checking={checking}
          contentType={contentType}
          busy={busy}
          starting={busyWith === 'prepare'}
          onPrepare={() => void send(undefined, true)}
        />
        <div className="button-row">
          <button
            type="submit"
            className={`button${unready ? '' : ' button--primary'}`}
            aria-disabled={busy}
          >
            {busyWith === 'ask'
              ? 'Asking…'
              : `Ask ${picked.length} videos${unready ? ' as they are' : ''}`}
          </button>
          {collection !== undefined && total !== null && (
            <button type="button" className="button" onClick={() => void send(collection.id)}>
              Ask all {total.toLocaleString()} in {collection.name}
            </button>
          )}
          <button type="button" className="button button--quiet" onClick={clearPicked}>
            Clear the picks
          </button>
        </div>
        <p className="muted">
          Each video gets its own request, sent once, queued while you are offline. Ctrl/Cmd-click
          or X picks a video; Shift-click picks a range.
        </p>
      </form>
    </div>
  );
}

const CHILD_TEXT: Record<MultiClipChild['status'], string> = {
  'not-sent': 'Not asked yet',
  preparing: 'Being made searchable',
  queued: 'Queued',
  sending: 'Sending',
  processing: 'Running',
  done: 'Answered',
  failed: 'Failed',
  uncertain: 'Not sure it was sent',
  deleted: 'Deleted from the history',
};

/** What a multi-clip's answer copies as (the reel link once there is a reel). */
const COPY_FORMATS = [
  { format: 'markdown', label: 'Markdown' },
  { format: 'reel-link', label: 'Reel link' },
  { format: 'json', label: 'JSON' },
  { format: 'csv', label: 'CSV' },
] as const;

/** The multi-clip being shown: progress, each video, the ranked answer, the reel. */
export function MultiClipView() {
  const m = useApp((s) => s.openMultiClip);
  const show = useApp((s) => s.showMultiClip);
  const clearPicked = useApp((s) => s.clearPicked);
  // Back to the library: the question was asked, so its picks go too.
  const close = () => {
    clearPicked();
    return show(null);
  };
  const retry = useApp((s) => s.retryMultiClip);
  const compile = useApp((s) => s.compileReel);
  const copy = useApp((s) => s.copyMultiClip);
  const [topN, setTopN] = useState(10);
  const [reelError, setReelError] = useState<string | null>(null);
  const [compiling, setCompiling] = useState(false);
  if (m === null) return null;
  const done = m.counts.running === 0 && m.counts.preparing === 0;
  const unindexed = m.children.filter((c) => c.status === 'failed' && c.needsIndex !== null);
  return (
    <div className="detail multiclip">
      <h2 className="detail__title">“{m.prompt}”</h2>
      <p className="detail__meta" role="status" aria-label="Progress across videos">
        {describeCounts(m)}
      </p>
      {m.narrowed && (
        <p className="muted">
          {m.skipped === 0
            ? 'Collection search found something in every video.'
            : `Collection search left out ${m.skipped} ${m.skipped === 1 ? 'video' : 'videos'} with nothing that matches.`}
        </p>
      )}
      {!done && (
        <progress
          aria-label="Videos answered"
          max={m.counts.total}
          value={m.counts.answered + m.counts.failed + m.counts.uncertain}
        />
      )}
      <section className="detail__section" aria-labelledby="mc-videos">
        <h3 id="mc-videos" className="section-title">
          Videos
        </h3>
        <ul className="plain-list multiclip__children">
          {m.children.map((c) => (
            <li key={c.videoId} className={`multiclip__child multiclip__child--${c.status}`}>
              <span className="multiclip__child-name">{c.videoName}</span>
              <span className="multiclip__child-state">
                {CHILD_TEXT[c.status]}
                {c.status === 'done'
                  ? ` · ${c.segmentCount} ${c.segmentCount === 1 ? 'segment' : 'segments'}`
                  : ''}
                {c.preparing !== null
                  ? ` ${byKinds(c.preparing.kinds)}${c.preparing.progress === null ? '…' : ` · ${Math.round(c.preparing.progress)}%`}`
                  : ''}
              </span>
              {c.error !== null && (c.status === 'failed' || c.status === 'uncertain') && (
                <span className="multiclip__child-error">{c.error.message}</span>
              )}
            </li>
          ))}
        </ul>
        {m.counts.failed > 0 && (
          <div className="button-row">
            {unindexed.length > 0 && (
              <button
                type="button"
                className="button button--small"
                onClick={() => void retry(m.id, true)}
              >
                Make {videos(unindexed.length)} searchable{' '}
                {byKinds([...new Set(unindexed.map((c) => c.needsIndex!))])} and ask again
              </button>
            )}
            {m.counts.failed > unindexed.length && (
              <button
                type="button"
                className="button button--small"
                onClick={() => void retry(m.id)}
              >
                Retry the{' '}
                {m.counts.failed === 1 ? 'failed video' : `${m.counts.failed} failed videos`}
              </button>
            )}
          </div>
        )}
      </section>
      <section className="detail__section" aria-labelledby="mc-answer">
        <h3 id="mc-answer" className="section-title">
          {m.segments.length === 0
            ? 'Best moments across videos'
            : `Best moments across videos (${m.segments.length})`}
        </h3>
        {m.segments.length === 0 ? (
          <p className="muted">{done ? 'No video had a match.' : 'Appears as videos answer.'}</p>
        ) : (
          <ol className="plain-list multiclip__segments" aria-label="Ranked segments">
            {m.segments.slice(0, 30).map((s) => (
              <li key={`${s.videoId}:${s.start}`} className="multiclip__segment">
                <span className="multiclip__score">
                  {s.score === null ? '—' : `${Math.round(s.score * 100)}%`}
                </span>
                <span className="multiclip__where">
                  {s.videoName} · {formatDuration(s.start)}–{formatDuration(s.end)}
                </span>
                <span className="multiclip__text">{s.text}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
      {m.segments.length > 0 && (
        <section className="detail__section" aria-labelledby="mc-reel">
          <h3 id="mc-reel" className="section-title">
            Reel
          </h3>
          <form
            className="button-row"
            aria-label="Make a reel"
            onSubmit={(e) => {
              e.preventDefault();
              if (compiling) return;
              setCompiling(true);
              void compile(m.id, topN).then((r) => {
                setCompiling(false);
                setReelError(r.ok ? null : r.error.message);
              });
            }}
          >
            <label>
              Top{' '}
              <input
                className="input input--narrow"
                type="number"
                min={1}
                max={100}
                value={topN}
                onChange={(e) => setTopN(Math.max(1, Math.min(100, Number(e.target.value) || 1)))}
                aria-label="How many segments"
              />{' '}
              segments
            </label>
            <button type="submit" className="button button--primary" aria-disabled={compiling}>
              {compiling ? 'Making the reel…' : m.reel === null ? 'Make a reel' : 'Make it again'}
            </button>
          </form>
          {reelError !== null && <p className="callout callout--error">{reelError}</p>}
          {m.reel !== null && (
            <HlsPlayer
              key={m.reel.streamUrl}
              src={m.reel.streamUrl}
              label={`Reel of the top ${m.reel.topN}`}
            />
          )}
        </section>
      )}
      {m.segments.length > 0 && (
        <div className="button-row" role="group" aria-label="Copy the answer">
          <span className="muted">Copy as</span>
          {COPY_FORMATS.filter((f) => f.format !== 'reel-link' || m.reel !== null).map((f) => (
            <button
              key={f.format}
              type="button"
              className="button button--small"
              onClick={() => void copy(m.id, f.format)}
            >
              {f.label}
            </button>
          ))}
        </div>
      )}
      <div className="button-row">
        <button type="button" className="button button--quiet" onClick={() => void close()}>
          Back to the library
        </button>
      </div>
    </div>
  );
}

/** Prompts asked across videos before, newest first, to open again (the library's empty pane). */
export function RecentMultiClips() {
  const list = useApp((s) => s.multiclipList);
  const load = useApp((s) => s.loadMultiClips);
  const open = useApp((s) => s.showMultiClip);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <GroupList
      title="Asked across videos"
      items={list?.map((m) => ({ id: m.id, prompt: m.prompt, state: describeCounts(m) }))}
      limit={8}
      onOpen={(id) => void open(id)}
    />
  );
}

/**
 * In a clip's detail: the group it belongs to in the history (a multi-clip it was asked for, or
 * a comparison it is a run of), to open with the whole group's answer.
 */
export function PartOfGroup({ jobId }: { jobId: string }) {
  const parentOf = useApp((s) => s.parentOfJob);
  const comparisonOf = useApp((s) => s.comparisonOfJob);
  const open = useApp((s) => s.openMultiClipInLibrary);
  const openComparison = useApp((s) => s.openComparisonInLibrary);
  const [parent, setParent] = useState<{ id: string; prompt: string; videos: number } | null>(null);
  const [comparison, setComparison] = useState<ComparisonRef | null>(null);
  useEffect(() => {
    let stale = false;
    void Promise.all([parentOf(jobId), comparisonOf(jobId)]).then(([p, c]) => {
      if (stale) return;
      setParent(p);
      setComparison(c);
    });
    return () => {
      stale = true;
    };
  }, [jobId, parentOf, comparisonOf]);
  return (
    <>
      {parent !== null && (
        <p className="callout callout--info multiclip__parent">
          Part of “{parent.prompt}”, asked across {parent.videos} videos.{' '}
          <button type="button" className="link-button" onClick={() => void open(parent.id)}>
            See every video’s answer
          </button>
        </p>
      )}
      {comparison !== null && (
        <p className="callout callout--info multiclip__parent">
          One of {comparison.runs} runs comparing “{comparison.prompt}”.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => void openComparison(comparison)}
          >
            See the comparison
          </button>
        </p>
      )}
    </>
  );
}

/** Above the clip history: prompts asked across videos, newest first, to open again. */
export function MultiClipStrip() {
  const list = useApp((s) => s.multiclipList);
  const load = useApp((s) => s.loadMultiClips);
  const open = useApp((s) => s.openMultiClipInLibrary);
  useEffect(() => {
    void load();
  }, [load]);
  if (list === null || list.length === 0) return null;
  return (
    <nav className="multiclip-strip" aria-label="Asked across videos">
      <span className="muted">Asked across videos:</span>
      <ul className="plain-list multiclip-strip__list">
        {list.slice(0, 4).map((m) => (
          <li key={m.id}>
            <button
              type="button"
              className="chip"
              title={describeCounts(m)}
              onClick={() => void open(m.id)}
            >
              “{m.prompt}” · {m.counts.answered}/{m.counts.total}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
