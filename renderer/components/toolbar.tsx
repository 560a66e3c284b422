/** The toolbar above the content: title, search, layout, refresh, help and settings. */
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../store/store-context';

/** The toolbar. */
export function Toolbar() {
  const view = useApp((s) => s.view);
  const collectionName = useApp(
    (s) => s.collections?.find((c) => c.id === s.selectedCollectionId)?.name ?? 'Library',
  );
  const total = useApp((s) => s.videoTotal);
  const openDialog = useApp((s) => s.openDialog);
  const refresh = useApp((s) => s.refreshLibrary);
  const [refreshing, setRefreshing] = useState(false);
  return (
    <header className="toolbar">
      <h1 className="toolbar__title">
        {view === 'library' ? collectionName : 'Clip history'}
        {view === 'library' && total !== null && (
          <span className="toolbar__count">{total.toLocaleString()} videos</span>
        )}
      </h1>
      {view === 'library' && <LibraryControls />}
      <span className="toolbar__spacer" />
      {view === 'library' && (
        <button
          type="button"
          className="button button--quiet"
          onClick={() => openDialog({ kind: 'uploads' })}
        >
          Add videos…
        </button>
      )}
      {view === 'library' && (
        <button
          type="button"
          className="button button--quiet"
          disabled={refreshing}
          onClick={() => {
            setRefreshing(true);
            void refresh().finally(() => setRefreshing(false));
          }}
        >
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      )}
      <button
        type="button"
        className="icon-button"
        aria-label="Keyboard shortcuts"
        onClick={() => openDialog({ kind: 'help' })}
      >
        ?
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Settings"
        onClick={() => openDialog({ kind: 'settings' })}
      >
        ⚙
      </button>
    </header>
  );
}

function LibraryControls() {
  const search = useApp((s) => s.videoSearch);
  const setSearch = useApp((s) => s.setVideoSearch);
  const layout = useApp((s) => s.layout);
  const setLayout = useApp((s) => s.setLayout);
  const focusRequest = useApp((s) => s.focusRequest);
  const [text, setText] = useState(search);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (text === search) return;
    const t = setTimeout(() => setSearch(text), 250);
    return () => clearTimeout(t);
  }, [text, search, setSearch]);
  useEffect(() => {
    if (focusRequest?.target === 'search') ref.current?.focus();
  }, [focusRequest]);
  return (
    <>
      <input
        ref={ref}
        className="input input--search"
        type="search"
        placeholder="Search videos by name"
        aria-label="Search videos by name"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="segmented segmented--compact" role="group" aria-label="Layout">
        <button
          type="button"
          className={`segmented__item${layout === 'grid' ? ' is-on' : ''}`}
          aria-pressed={layout === 'grid'}
          onClick={() => setLayout('grid')}
        >
          Grid
        </button>
        <button
          type="button"
          className={`segmented__item${layout === 'list' ? ' is-on' : ''}`}
          aria-pressed={layout === 'list'}
          onClick={() => setLayout('list')}
        >
          List
        </button>
      </div>
    </>
  );
}
