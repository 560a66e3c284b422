/**
 * The one renderer store, built from typed slices over the given `window.api`. A vanilla store
 * (not a module singleton) so every component test gets a fresh one over its own core.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Api } from '../../app/shared/contract';
import { createConnectivitySlice } from './connectivity-slice';
import { createDownloadsSlice } from './downloads-slice';
import { createJobsSlice } from './jobs-slice';
import { createLibrarySlice } from './library-slice';
import { createSessionSlice } from './session-slice';
import { DEFAULT_STORE_OPTIONS, type AppState, type StoreOptions } from './state';
import { createUiSlice } from './ui-slice';
import { createUploadsSlice } from './uploads-slice';
import { createMultiClipSlice } from './multiclip-slice';
import { createCompareSlice } from './compare-slice';

/** The store type components receive through context. */
export type AppStore = StoreApi<AppState> & {
  /** Subscribe to every event, load the first data, then tell main we listen. Returns detach. */
  attach(): () => void;
};

/** Create the store. */
export function createAppStore(api: Api, opts: Partial<StoreOptions> = {}): AppStore {
  const options = { ...DEFAULT_STORE_OPTIONS, ...opts };
  const store = createStore<AppState>()((set, get) => {
    const ctx = { set, get, api, options };
    return {
      ...createSessionSlice(ctx),
      ...createConnectivitySlice(ctx),
      ...createLibrarySlice(ctx),
      ...createJobsSlice(ctx),
      ...createDownloadsSlice(ctx),
      ...createUploadsSlice(ctx),
      ...createMultiClipSlice(ctx),
      ...createCompareSlice(ctx),
      ...createUiSlice(ctx),
    };
  });
  let readySent = false;
  /** The job id last told to main as shown on its own (app:viewing-job). */
  let viewing: string | null = null;
  const attach = (): (() => void) => {
    const s = store.getState;
    const offs = [
      api.onJobsChanged((job) => s().applyJob(job)),
      api.onJobsRemoved(({ ids }) => s().applyRemoved(ids)),
      api.onConnectivityChanged((c) => s().applyConnectivity(c)),
      api.onLibraryChanged(({ collectionId }) => s().libraryChanged(collectionId)),
      api.onLibraryIndexing((task) => s().applyIndexing(task)),
      api.onSecretsChanged((status) => {
        const hadKey = s().secrets?.hasKey === true;
        s().applySecrets(status);
        if (!hadKey && status.hasKey) void s().loadCollections();
      }),
      api.onSettingsChanged((settings) => s().applySettings(settings)),
      api.onDownloadsChanged((d) => s().applyDownload(d)),
      api.onDownloadsEditorExportChanged((e) => s().applyEditorExport(e)),
      api.onUploadsChanged((u) => s().applyUpload(u)),
      api.onMulticlipChanged((m) => s().applyMultiClip(m)),
      api.onCompareChanged((c) => s().applyComparison(c)),
      api.onAppFocusJob(({ id }) => {
        s().setView('history');
        s().selectJob(id, 'single');
      }),
      api.onAppOpenVideo(({ collectionId, videoId }) => {
        s().setView('library');
        s().selectCollection(collectionId);
        s().selectVideo(videoId);
      }),
      api.onAppMenu(({ action }) => runMenuAction(store, action)),
      api.onAppUpdateReady(({ version }) => s().applyUpdateReady(version)),
      // Main skips the notification of the clip shown on its own in the focused window.
      store.subscribe((state) => {
        const id =
          state.view === 'history' && state.selectedJobIds.length === 1
            ? state.selectedJobIds[0]!
            : null;
        if (id === viewing) return;
        viewing = id;
        void api.app.viewingJob({ id });
      }),
      onNetworkHint(() => void s().checkConnectivity()),
    ];
    if (!readySent) {
      readySent = true;
      void (async () => {
        // The library waits only for the key's status, not for the connectivity answer.
        const connectivity = s().loadConnectivity();
        void s().loadDemoNetwork();
        await s().loadSession();
        if (s().secrets?.hasKey === true) void s().loadCollections();
        void s().loadUploads();
        await connectivity;
        void api.app.ready();
      })();
    }
    return () => {
      for (const off of offs) off();
    };
  };
  return Object.assign(store, { attach });
}

/**
 * The page's own network hints (`online` / `offline` on window, in Electron and in a browser):
 * like the OS hints in main, they never set the state, they make main probe at once, so a
 * reconnect is noticed in about a second instead of at the next periodic probe.
 */
function onNetworkHint(listener: () => void): () => void {
  if (typeof window === 'undefined') return () => undefined;
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

/** What a menu item (or its shortcut, forwarded by main) does. */
export function runMenuAction(
  store: StoreApi<AppState>,
  action:
    'new-clip' | 'search' | 'copy-link' | 'settings' | 'refresh' | 'show-library' | 'show-history',
): void {
  const s = store.getState();
  switch (action) {
    case 'new-clip':
      s.setView('library');
      s.requestFocus('prompt');
      break;
    case 'search':
      s.requestFocus('search');
      break;
    case 'copy-link': {
      const ids = s.view === 'history' && s.selectedJobIds.length > 0 ? s.selectedJobIds : [];
      const target = ids.length > 0 ? ids : s.openJobId !== null ? [s.openJobId] : [];
      void s.copy(target);
      break;
    }
    case 'settings':
      s.openDialog({ kind: 'settings' });
      break;
    case 'refresh':
      void s.refreshLibrary();
      break;
    case 'show-library':
      s.setView('library');
      break;
    case 'show-history':
      s.setView('history');
      break;
  }
}
