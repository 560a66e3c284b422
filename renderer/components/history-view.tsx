/**
 * Clip history: a virtualised list, newest first, paged from main as it scrolls (it may hold
 * 100 000 clips). Search and filters, multi-select with Shift/Ctrl-click and the keyboard, and the
 * actions for the selection.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { JOB_STATUSES, LINK_REMINT_AFTER_MS, type JobStatus } from '../../app/shared/domain';
import { formatWhen, IS_MAC } from '../lib/format';
import { clipSummary } from '../lib/clip-summary';
import { useNow } from '../lib/use-now';
import { useFixedRows } from '../lib/use-fixed-rows';
import type { HistoryJob } from '../store/jobs-slice';
import { useApp, useAppShallow } from '../store/store-context';
import { CopyMenu } from './copy-menu';
import { EmptyState } from './empty-state';
import { statusLabel, StatusBadge } from './status-badge';
import { MultiClipStrip } from './multiclip-panel';

const ROW = 64;

/**
 * How many clips the list holds, for its header: exact, or "1,000+" when main stopped counting
 * (a count would cost time in proportion to the matches).
 */
export function historyCountLabel(total: number, lowerBound: boolean): string {
  return total === 1 && !lowerBound ? '1 clip' : `${historyCountNumber(total, lowerBound)} clips`;
}

/** The count alone, as the sidebar shows it: "1,000" or "1,000+". */
export function historyCountNumber(total: number, lowerBound: boolean): string {
  return `${total.toLocaleString('en')}${lowerBound ? '+' : ''}`;
}

/** Filters, selection bar and list. */
export function HistoryView() {
  return (
    <div className="history">
      <HistoryFilters />
      <MultiClipStrip />
      <SelectionBar />
      <HistoryList />
    </div>
  );
}

function HistoryFilters() {
  const filter = useApp((s) => s.historyFilter);
  const setFilter = useApp((s) => s.setHistoryFilter);
  const focusRequest = useApp((s) => s.focusRequest);
  const jobsById = useApp((s) => s.jobsById);
  const historyVideos = useApp((s) => s.historyVideos);
  const loadHistoryVideos = useApp((s) => s.loadHistoryVideos);
  const [search, setSearch] = useState(filter.search);
  useEffect(() => {
    void loadHistoryVideos();
  }, [loadHistoryVideos]);
  const searchRef = useRef<HTMLInputElement>(null);

  // Typing waits a moment before asking main, so each keystroke is not a query.
  useEffect(() => {
    if (search === filter.search) return;
    const t = setTimeout(() => setFilter({ search }), 250);
    return () => clearTimeout(t);
  }, [search, filter.search, setFilter]);
  useEffect(() => {
    if (focusRequest?.target === 'search') searchRef.current?.focus();
  }, [focusRequest]);

  const videos = useMemo(() => {
    // The whole history's videos from main, plus any clip made since they were fetched.
    const m = new Map<string, string>(historyVideos.map((v) => [v.videoId, v.videoName]));
    for (const j of Object.values(jobsById)) m.set(j.request.videoId, j.videoName);
    return [...m].sort((a, b) => a[1].localeCompare(b[1]));
  }, [jobsById, historyVideos]);

  return (
    <div className="filters" role="search" aria-label="Clip history">
      <input
        ref={searchRef}
        className="input input--search"
        type="search"
        placeholder="Search clips"
        aria-label="Search clips"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <select
        className="input select"
        aria-label="Filter by status"
        value={filter.status}
        onChange={(e) => setFilter({ status: e.target.value as JobStatus | 'all' })}
      >
        <option value="all">All statuses</option>
        {JOB_STATUSES.map((s) => (
          <option key={s} value={s}>
            {statusLabel(s)}
          </option>
        ))}
      </select>
      <select
        className="input select"
        aria-label="Video"
        value={filter.videoId ?? ''}
        onChange={(e) => setFilter({ videoId: e.target.value === '' ? null : e.target.value })}
      >
        <option value="">All videos</option>
        {videos.map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </select>
      <button
        type="button"
        className={`button toggle${filter.favourite ? ' is-on' : ''}`}
        aria-pressed={filter.favourite}
        onClick={() => setFilter({ favourite: !filter.favourite })}
      >
        ★ Favourites
      </button>
      <HistoryCount />
    </div>
  );
}

function HistoryCount() {
  const total = useApp((s) => s.historyTotal);
  const lowerBound = useApp((s) => s.historyTotalIsLowerBound);
  if (total === null) return null;
  return (
    <span className="filters__count muted" role="status" data-testid="history-count">
      {historyCountLabel(total, lowerBound)}
    </span>
  );
}

function SelectionBar() {
  const ids = useApp((s) => s.selectedJobIds);
  const allFavourite = useApp(
    (s) => ids.length > 0 && ids.every((id) => s.jobsById[id]?.favourite === true),
  );
  const setFavourite = useApp((s) => s.setFavourite);
  const deleteWithUndo = useApp((s) => s.deleteWithUndo);
  const clear = useApp((s) => s.clearSelection);
  if (ids.length < 2) return null;
  return (
    <div className="selection-bar" role="toolbar" aria-label="Selected clips">
      <span className="selection-bar__count">{ids.length} selected</span>
      <CopyMenu jobIds={ids} />
      <button
        type="button"
        className="button"
        onClick={() => void setFavourite(ids, !allFavourite)}
      >
        {allFavourite ? 'Unfavourite' : 'Favourite'}
      </button>
      <button type="button" className="button button--danger" onClick={() => deleteWithUndo(ids)}>
        Delete
      </button>
      <button type="button" className="button button--quiet" onClick={clear}>
        Clear selection
      </button>
    </div>
  );
}

function HistoryList() {
  const { total, lowerBound, pages, pageSize, error, filter, selected, pending, openJobId } =
    useAppShallow((s) => ({
      total: s.historyTotal,
      lowerBound: s.historyTotalIsLowerBound,
      pages: s.historyPages,
      pageSize: s.historyPageSize,
      error: s.historyError,
      filter: s.historyFilter,
      selected: s.selectedJobIds,
      pending: s.pendingDelete,
      openJobId: s.openJobId,
    }));
  const jobsById = useApp((s) => s.jobsById);
  const ensurePage = useApp((s) => s.ensureHistoryPage);
  const stale = useApp((s) => s.staleHistoryPages);
  const selectJob = useApp((s) => s.selectJob);
  const selectAll = useApp((s) => s.selectAllLoaded);
  const clearSelection = useApp((s) => s.clearSelection);
  const deleteWithUndo = useApp((s) => s.deleteWithUndo);
  const undoDelete = useApp((s) => s.undoDelete);
  const setView = useApp((s) => s.setView);
  const requestFocus = useApp((s) => s.requestFocus);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);

  useEffect(() => {
    if (total === null) void ensurePage(0);
  }, [total, ensurePage]);

  const count = total ?? 8;
  const virtualizer = useFixedRows({ count, rowHeight: ROW, overscan: 8, scrollRef });
  const items = virtualizer.items;
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (total === null || total === 0) return;
    for (
      let p = Math.floor(first / pageSize);
      p <= Math.floor(Math.min(last, total - 1) / pageSize);
      p++
    ) {
      void ensurePage(p);
    }
  }, [first, last, pageSize, total, ensurePage, stale]);

  const idAt = (i: number) => pages[Math.floor(i / pageSize)]?.[i % pageSize];
  // The virtualizer re-renders this list on every scroll event: keep per-render work to the rows
  // on screen. Whether a loaded clip is running (for the clock) only changes with the data.
  const anyRunning = useMemo(
    () =>
      Object.values(pages).some((ids) =>
        ids.some(
          (id) => jobsById[id]?.status === 'processing' || jobsById[id]?.status === 'sending',
        ),
      ),
    [pages, jobsById],
  );
  const now = useNow(anyRunning);
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  // Rows are memoised: hand them one click handler for the list's life, reading fresh state.
  const clickRef = useRef<(e: React.MouseEvent, id: string, index: number) => void>(() => {});
  const onRowClick = useCallback(
    (e: React.MouseEvent, id: string, index: number) => clickRef.current(e, id, index),
    [],
  );

  const filtered =
    filter.search.trim() !== '' ||
    filter.status !== 'all' ||
    filter.videoId !== null ||
    filter.favourite;
  if (error !== null && total === 0) {
    return <EmptyState title="The history could not be loaded">{error.message}</EmptyState>;
  }
  if (total === 0) {
    return filtered ? (
      <EmptyState title="No clips match these filters">
        Change the search or the filters above.
      </EmptyState>
    ) : (
      <EmptyState
        title="No clips yet"
        action={
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              setView('library');
              requestFocus('prompt');
            }}
          >
            Go to the library
          </button>
        }
      >
        Open a video in the library, describe the moment you want, and your clips will appear here.
      </EmptyState>
    );
  }

  const mod = (e: { ctrlKey: boolean; metaKey: boolean }) => (IS_MAC ? e.metaKey : e.ctrlKey);

  clickRef.current = (e, id, index) => {
    setActive(index);
    selectJob(id, e.shiftKey ? 'range' : mod(e) ? 'toggle' : 'single');
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (total === null) return;
    const move = (to: number) => {
      const next = Math.max(0, Math.min(total - 1, to));
      setActive(next);
      virtualizer.scrollToIndex(next);
      const id = idAt(next);
      if (id === undefined) return;
      if (e.shiftKey) selectJob(id, 'range');
      else if (!mod(e)) selectJob(id, 'single');
    };
    const id = idAt(active);
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        move(active + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        move(active - 1);
        break;
      case 'Home':
        e.preventDefault();
        move(0);
        break;
      case 'End':
        e.preventDefault();
        move(total - 1);
        break;
      case 'PageDown':
        e.preventDefault();
        move(active + 10);
        break;
      case 'PageUp':
        e.preventDefault();
        move(active - 10);
        break;
      case ' ':
        e.preventDefault();
        if (id !== undefined) selectJob(id, 'toggle');
        break;
      case 'Enter':
        if (id !== undefined) selectJob(id, 'single');
        break;
      case 'Delete':
      case 'Backspace':
        e.preventDefault();
        deleteWithUndo(selected.length > 0 ? selected : id !== undefined ? [id] : []);
        break;
      case 'a':
        if (mod(e)) {
          e.preventDefault();
          selectAll();
        }
        break;
      case 'Escape':
        // Undo a Ctrl+A (or any multi-selection) without touching the mouse.
        if (selected.length > 0) {
          e.preventDefault();
          clearSelection();
        }
        break;
    }
  };

  const activeId = idAt(active);
  return (
    <div
      ref={scrollRef}
      className="history-list"
      role="listbox"
      aria-label={
        total === null
          ? 'Loading clips'
          : `Clips, ${historyCountLabel(total, lowerBound).replace(/ clips?$/, '')}, newest first`
      }
      aria-multiselectable="true"
      aria-busy={total === null}
      tabIndex={0}
      aria-activedescendant={
        activeId !== undefined && jobsById[activeId] !== undefined
          ? `job-row-${activeId}`
          : undefined
      }
      onKeyDown={onKeyDown}
    >
      <div className="history-list__inner" style={{ height: virtualizer.totalSize }}>
        {items.map((item) => {
          const id = total === null ? undefined : idAt(item.index);
          const job = id === undefined ? undefined : jobsById[id];
          if (job === undefined) {
            const style = { transform: `translateY(${item.start}px)`, height: ROW };
            return (
              <div
                key={`s${item.index}`}
                className="job-row job-row--skeleton"
                style={style}
                aria-hidden="true"
              >
                <span className="skeleton skeleton--line" />
                <span className="skeleton skeleton--line skeleton--short" />
              </div>
            );
          }
          if (pending[job.id] !== undefined) {
            return (
              // No button inside an option (nested controls confuse screen readers): the row
              // itself undoes, and so does the toast's Undo.
              <div
                key={job.id}
                id={`job-row-${job.id}`}
                role="option"
                aria-selected="false"
                className="job-row job-row--deleted"
                style={{ transform: `translateY(${item.start}px)`, height: ROW }}
                onClick={() => undoDelete([job.id])}
              >
                <span className="muted">Deleted “{job.request.prompt}” — click to undo</span>
              </div>
            );
          }
          return (
            <JobRow
              key={job.id}
              job={job}
              index={item.index}
              now={now}
              selected={selectedSet.has(job.id)}
              open={openJobId === job.id}
              active={item.index === active}
              start={item.start}
              onClick={onRowClick}
            />
          );
        })}
      </div>
    </div>
  );
}

/** Props of a row. */
interface JobRowProps {
  /** A list row: no segments (the detail fetches them). */
  job: HistoryJob;
  index: number;
  now: number;
  selected: boolean;
  open: boolean;
  active: boolean;
  /** Offset from the top of the list, px (a number, so the memo holds across scroll renders). */
  start: number;
  onClick: (e: React.MouseEvent, id: string, index: number) => void;
}

const JobRow = memo(function JobRow({
  job,
  index,
  now,
  selected,
  open,
  active,
  start,
  onClick,
}: JobRowProps) {
  const freshenLinks = useApp((s) => s.freshenLinks);
  const minted = job.linksMintedAt ?? job.finishedAt;
  const oldLinks =
    job.clipPlayerUrl !== null && minted !== null && Date.now() - minted >= LINK_REMINT_AFTER_MS;
  return (
    <div
      id={`job-row-${job.id}`}
      role="option"
      aria-selected={selected}
      className={`job-row${selected ? ' is-selected' : ''}${open ? ' is-open' : ''}${active ? ' is-active' : ''}`}
      style={{ transform: `translateY(${start}px)`, height: ROW }}
      onMouseDown={(e) => e.shiftKey && e.preventDefault()}
      onClick={(e) => onClick(e, job.id, index)}
      // Dragged into another app (a doc, a chat, a browser) the clip arrives as its player link.
      // A link older than a day no longer plays: it is minted again when the pointer or focus
      // comes to the row, and the row can be dragged once the fresh link is here.
      draggable={job.clipPlayerUrl !== null && !oldLinks}
      onMouseEnter={oldLinks ? () => freshenLinks(job.id) : undefined}
      onFocus={oldLinks ? () => freshenLinks(job.id) : undefined}
      title={oldLinks ? 'Getting a fresh link from VideoDB…' : undefined}
      onDragStart={(e) => {
        if (job.clipPlayerUrl === null || oldLinks) return;
        e.dataTransfer.setData('text/uri-list', job.clipPlayerUrl);
        e.dataTransfer.setData('text/plain', job.clipPlayerUrl);
        e.dataTransfer.effectAllowed = 'copyLink';
      }}
    >
      <span className="job-row__main">
        <span className="job-row__prompt">
          {job.favourite && (
            <span className="job-row__star" aria-label="Favourite">
              ★{' '}
            </span>
          )}
          {job.request.prompt}
        </span>
        <span className="job-row__meta">
          {clipSummary(job)} · {job.videoName} · {formatWhen(job.createdAt)}
        </span>
      </span>
      <StatusBadge job={job} now={now} />
    </div>
  );
});
