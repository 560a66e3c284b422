/**
 * The videos of the selected collection as a virtualised grid or list. Pages are fetched from main
 * as rows come into view, so a collection of thousands scrolls without loading them all.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Video } from '../../app/shared/domain';
import { useApp, useAppShallow } from '../store/store-context';
import { useFling } from '../lib/use-fling';
import { EmptyState } from './empty-state';
import { VideoCard, VideoCardSkeleton } from './video-card';

const CARD_MIN = 200;
const GAP = 16;
const PAD = 16;
const LIST_ROW = 64;
const SKELETON_COUNT = 12;

/** The grid/list. */
export function VideoBrowser() {
  const { total, pages, layout, search, error, selectedVideoId, per } = useAppShallow((s) => ({
    total: s.videoTotal,
    pages: s.videoPages,
    layout: s.layout,
    search: s.videoSearch,
    error: s.videosError,
    selectedVideoId: s.selectedVideoId,
    per: s.videoPageSize,
  }));
  const ensurePage = useApp((s) => s.ensureVideoPage);
  const selectVideo = useApp((s) => s.selectVideo);
  const picked = useApp((s) => s.picked);
  const togglePick = useApp((s) => s.togglePick);
  const setPicked = useApp((s) => s.setPicked);
  const clearPicked = useApp((s) => s.clearPicked);
  const showMultiClip = useApp((s) => s.showMultiClip);
  const anchor = useRef<number | null>(null);
  const refresh = useApp((s) => s.refreshLibrary);
  const openDialog = useApp((s) => s.openDialog);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const { fling, onScroll } = useFling();

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el === null) return;
    setWidth(el.getBoundingClientRect().width || 800);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined && w > 0) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const inner = Math.max(0, width - PAD * 2);
  const cols = layout === 'grid' ? Math.max(1, Math.floor((inner + GAP) / (CARD_MIN + GAP))) : 1;
  const cardWidth = layout === 'grid' ? (inner - GAP * (cols - 1)) / cols : inner;
  const rowHeight = layout === 'grid' ? Math.round((cardWidth * 9) / 16 + 72 + GAP) : LIST_ROW;
  const count = total ?? SKELETON_COUNT;
  const rows = Math.ceil(count / cols);

  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    // A grid row holds several cards, each with a thumbnail to load and paint: one row ahead is
    // enough at wheel speeds; list rows are short, so keep a few more.
    overscan: layout === 'grid' ? 1 : 6,
    paddingStart: PAD,
    paddingEnd: PAD,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight, cols]);

  const items = virtualizer.getVirtualItems();
  const firstRow = items[0]?.index ?? 0;
  const lastRow = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (total === null) return;
    const from = Math.floor((firstRow * cols) / per);
    const to = Math.floor(Math.min(total - 1, lastRow * cols + cols - 1) / per);
    for (let p = from; p <= to; p++) void ensurePage(p);
  }, [firstRow, lastRow, cols, per, total, ensurePage]);

  const videoAt = (i: number): Video | undefined => pages[Math.floor(i / per)]?.[i % per];
  const pickOf = (v: Video) => ({ videoId: v.id, collectionId: v.collectionId, name: v.name });
  const pickedIds = new Set(picked.map((p) => p.videoId));

  // Click opens one video; Ctrl/Cmd-click picks it for a prompt across videos; Shift-click picks
  // the range from the last one picked.
  const onSelect = (id: string, e: React.MouseEvent) => {
    const index = Number((e.currentTarget as HTMLElement).dataset.index);
    const v = videoAt(index);
    if (v === undefined) return;
    if (e.shiftKey && anchor.current !== null) {
      const [from, to] = [Math.min(anchor.current, index), Math.max(anchor.current, index)];
      const range: Video[] = [];
      for (let i = from; i <= to; i++) {
        const x = videoAt(i);
        if (x !== undefined) range.push(x);
      }
      const others = picked.filter((p) => !range.some((x) => x.id === p.videoId));
      setPicked([...others, ...range.map(pickOf)]);
      void showMultiClip(null);
      return;
    }
    anchor.current = index;
    if (e.ctrlKey || e.metaKey) {
      togglePick(pickOf(v));
      void showMultiClip(null);
      return;
    }
    clearPicked();
    void showMultiClip(null);
    selectVideo(id);
  };
  // One callback for every card (they are memoised): it calls the latest onSelect.
  const latestSelect = useRef(onSelect);
  latestSelect.current = onSelect;
  const stableSelect = useCallback(
    (id: string, e: React.MouseEvent) => latestSelect.current(id, e),
    [],
  );

  const onKeyDown = (e: React.KeyboardEvent) => {
    const target = e.target as HTMLElement;
    const idx = Number(target.dataset.index);
    if (Number.isNaN(idx) || total === null) return;
    // X picks the focused video; Ctrl/Cmd+A picks every loaded one; Escape unpicks all.
    if (e.key === 'x' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const v = videoAt(idx);
      if (v !== undefined) {
        e.preventDefault();
        anchor.current = idx;
        togglePick(pickOf(v));
        void showMultiClip(null);
      }
      return;
    }
    if (e.key === 'a' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      const all: Video[] = [];
      for (let i = 0; i < total; i++) {
        const v = videoAt(i);
        if (v !== undefined) all.push(v);
      }
      setPicked(all.map(pickOf));
      void showMultiClip(null);
      return;
    }
    if (e.key === 'Escape' && picked.length > 0) {
      clearPicked();
      return;
    }
    const step =
      e.key === 'ArrowRight'
        ? 1
        : e.key === 'ArrowLeft'
          ? -1
          : e.key === 'ArrowDown'
            ? cols
            : e.key === 'ArrowUp'
              ? -cols
              : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = Math.min(total - 1, Math.max(0, idx + step));
    virtualizer.scrollToIndex(Math.floor(next / cols));
    requestAnimationFrame(() =>
      scrollRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus(),
    );
  };

  if (error !== null && (total === null || total === 0)) {
    return <EmptyState title="The videos could not be loaded">{error.message}</EmptyState>;
  }
  if (total === 0) {
    return search.trim() !== '' ? (
      <EmptyState title={`No videos match “${search.trim()}”`}>
        Try another name, or clear the search.
      </EmptyState>
    ) : (
      <EmptyState
        title="This collection has no videos yet"
        action={
          <div className="button-row">
            <button
              type="button"
              className="button button--primary"
              onClick={() => openDialog({ kind: 'uploads' })}
            >
              Add videos…
            </button>
            <button type="button" className="button" onClick={() => void refresh()}>
              Refresh
            </button>
          </div>
        }
      >
        Drop video files here to add them, or add them from a link.
      </EmptyState>
    );
  }

  return (
    <div
      ref={scrollRef}
      className="video-scroll"
      role="region"
      aria-label={total === null ? 'Loading videos' : `Videos, ${total}`}
      aria-busy={total === null}
      onKeyDown={onKeyDown}
      onScroll={onScroll}
    >
      <div className="video-scroll__inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((row) => (
          <div
            key={row.key}
            className={`video-row video-row--${layout}`}
            style={{
              transform: `translateY(${row.start}px)`,
              height: rowHeight - (layout === 'grid' ? GAP : 0),
              gridTemplateColumns:
                layout === 'grid' ? `repeat(${cols}, minmax(0, 1fr))` : undefined,
              left: PAD,
              right: PAD,
            }}
          >
            {Array.from({ length: cols }, (_, c) => {
              const i = row.index * cols + c;
              if (i >= count) return null;
              const v = total === null ? undefined : videoAt(i);
              return v === undefined ? (
                <VideoCardSkeleton key={`s${i}`} layout={layout} />
              ) : (
                <VideoCard
                  key={v.id}
                  video={v}
                  index={i}
                  layout={layout}
                  selected={v.id === selectedVideoId && picked.length === 0}
                  picked={pickedIds.has(v.id)}
                  onSelect={stableSelect}
                  lite={fling}
                />
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
