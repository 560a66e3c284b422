/** Sidebar: the two views and the collections of the library. */
import { useApp, useAppShallow } from '../store/store-context';
import { Skeleton } from './empty-state';

/** The sidebar. */
export function Sidebar() {
  const { view, collections, selected, error } = useAppShallow((s) => ({
    view: s.view,
    collections: s.collections,
    selected: s.selectedCollectionId,
    error: s.collectionsError,
  }));
  const setView = useApp((s) => s.setView);
  const selectCollection = useApp((s) => s.selectCollection);
  const historyTotal = useApp((s) => s.historyTotal);
  return (
    <nav className="sidebar" aria-label="Sections">
      <div className="sidebar__brand">VideoDB Clips</div>
      <ul className="sidebar__list">
        <li>
          <button
            type="button"
            className={`sidebar__item${view === 'library' ? ' is-current' : ''}`}
            aria-current={view === 'library' ? 'page' : undefined}
            onClick={() => setView('library')}
          >
            <span aria-hidden="true">▦</span> Library
          </button>
        </li>
        <li>
          <button
            type="button"
            className={`sidebar__item${view === 'history' ? ' is-current' : ''}`}
            aria-current={view === 'history' ? 'page' : undefined}
            onClick={() => setView('history')}
          >
            <span aria-hidden="true">◷</span> Clip history
            {historyTotal !== null && historyTotal > 0 && (
              <span className="sidebar__count">{historyTotal}</span>
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
                  <span aria-hidden="true">▤</span> {c.name}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
