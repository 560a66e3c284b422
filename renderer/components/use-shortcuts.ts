/** The window-wide key handler: matches the shortcut table and runs the action. */
import { useEffect } from 'react';
import { matchShortcut } from '../lib/shortcuts';
import { runMenuAction, type AppStore } from '../store/store';

/** Install the handler for the life of the shell. */
export function useShortcuts(store: AppStore): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const shortcut = matchShortcut(e);
      if (shortcut === undefined) return;
      const s = store.getState();
      // With a dialog open, only its own keys (Esc, Tab) apply.
      if (s.dialog !== null && shortcut.action !== 'help') return;
      e.preventDefault();
      const targets =
        s.selectedJobIds.length > 0 ? s.selectedJobIds : s.openJobId !== null ? [s.openJobId] : [];
      switch (shortcut.action) {
        case 'help':
          s.openDialog({ kind: 'help' });
          break;
        case 'favourite': {
          const all = targets.every((id) => s.jobsById[id]?.favourite === true);
          void s.setFavourite(targets, !all);
          break;
        }
        case 'retry': {
          const failed = targets.filter((id) => s.jobsById[id]?.status === 'failed');
          for (const id of failed) void s.retry(id);
          break;
        }
        case 'toggle-layout':
          s.setLayout(s.layout === 'grid' ? 'list' : 'grid');
          break;
        case 'submit':
        case 'delete':
        case 'select-all':
          break;
        default:
          runMenuAction(store, shortcut.action);
      }
    };
    window.addEventListener('keydown', onKey);
    const flush = () => store.getState().flushPendingDeletes();
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pagehide', flush);
    };
  }, [store]);
}
