/**
 * Sidebar: the two views and the collections of the library. As a rail (a narrow window, or
 * collapsed by the user) it shows only the icons; every item keeps its name for screen readers
 * and as a tooltip.
 */
import type { ReactNode } from 'react';
import { useApp, useAppShallow } from '../store/store-context';
import { Skeleton } from './empty-state';
import { historyCountNumber } from './history-view';

/** Props of {@link Sidebar}. */
export interface SidebarProps {
  /** Icons only. */
  rail?: boolean;
  /** Collapse to a rail or expand again; no button when absent. */
  onToggle?: () => void;
  /** Its resize handle, kept inside the navigation landmark. */
  splitter?: ReactNode;
}

/** The sidebar. */
export function Sidebar({ rail = false, onToggle, splitter }: SidebarProps) {
  const { view, collections, selected, error } = useAppShallow((s) => ({
    view: s.view,
    collections: s.collections,
    selected: s.selectedCollectionId,
    error: s.collectionsError,
  }));
  const setView = useApp((s) => s.setView);
  const selectCollection = useApp((s) => s.selectCollection);
  const historyTotal = useApp((s) => s.historyTotal);
  const historyTotalIsLowerBound = useApp((s) => s.historyTotalIsLowerBound);
  return (
    <nav className={`sidebar${rail ? ' sidebar--rail' : ''}`} aria-label="Sections">
      <div className="sidebar__top">
        <span className="sidebar__brand">VideoDB Clips</span>
        {onToggle !== undefined && (
          <button
            type="button"
            className="icon-button sidebar__toggle"
            aria-label={rail ? 'Expand sidebar' : 'Collapse sidebar'}
            aria-expanded={!rail}
            aria-controls="sidebar"
            title={rail ? 'Expand sidebar' : 'Collapse sidebar'}
            onClick={onToggle}
          >
            <span aria-hidden="true">{rail ? '»' : '«'}</span>
          </button>
        )}
      </div>
      <ul className="sidebar__list">
        <li>
          <button
            type="button"
            className={`sidebar__item${view === 'library' ? ' is-current' : ''}`}
            aria-current={view === 'library' ? 'page' : undefined}
            title={rail ? 'Library' : undefined}
            onClick={() => setView('library')}
          >
            <span aria-hidden="true">▦</span> <span className="sidebar__label">Library</span>
          </button>
        </li>
        <li>
          <button
            type="button"
            className={`sidebar__item${view === 'history' ? ' is-current' : ''}`}
            aria-current={view === 'history' ? 'page' : undefined}
            title={rail ? 'Clip history' : undefined}
            onClick={() => setView('history')}
          >
            <span aria-hidden="true">◷</span> <span className="sidebar__label">Clip history</span>
            {historyTotal !== null && historyTotal > 0 && (
              <span className="sidebar__count" data-testid="sidebar-history-count">
                {historyCountNumber(historyTotal, historyTotalIsLowerBound)}
              </span>
            )}
          </button>
        </li>
      </ul>
      <h2 className="sidebar__heading" id="collections-heading">
        Collections
      </h2>
      {collections === null ? (
        error !== null ? (
          <p className="sidebar__note">{error.message}</p>
        ) : (
          <div className="sidebar__list" aria-busy="true" aria-label="Loading collections">
            <Skeleton className="skeleton--line" />
            <Skeleton className="skeleton--line" />
            <Skeleton className="skeleton--line skeleton--short" />
          </div>
        )
      ) : collections.length === 0 ? (
        <p className="sidebar__note">No collections yet. Create one at console.videodb.io.</p>
      ) : (
        <ul className="sidebar__list sidebar__list--scroll" aria-labelledby="collections-heading">
          {collections.map((c) => {
            const current = view === 'library' && c.id === selected;
            return (
              <li key={c.id}>
                <button
                  type="button"
                  className={`sidebar__item${current ? ' is-current' : ''}`}
                  aria-current={current ? 'true' : undefined}
                  title={c.description ?? c.name}
                  onClick={() => {
                    selectCollection(c.id);
                    setView('library');
                  }}
                >
                  <span aria-hidden="true">▤</span> <span className="sidebar__label">{c.name}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {splitter}
    </nav>
  );
}
