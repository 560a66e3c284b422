/**
 * The app shell: sidebar, toolbar, content, detail pane and status bar, or the welcome screen
 * when no key is stored. Attaches the store to main's events once, then tells main it is ready.
 */
import { useCallback, useEffect, useState, type CSSProperties } from 'react';
import { HelpDialog } from './components/help-dialog';
import { HistoryView } from './components/history-view';
import { JobDetail } from './components/job-detail';
import { ResendDialog } from './components/resend-dialog';
import { SettingsDialog } from './components/settings-dialog';
import { UploadsDialog } from './components/uploads-dialog';
import { FileDropZone } from './components/file-drop';
import { Sidebar } from './components/sidebar';
import { Splitter } from './components/splitter';
import { StatusBar } from './components/status-bar';
import { Toasts } from './components/toasts';
import { Toolbar } from './components/toolbar';
import { useShortcuts } from './components/use-shortcuts';
import { VideoBrowser } from './components/video-browser';
import { VideoDetail } from './components/video-detail';
import { WelcomeScreen } from './components/welcome-screen';
import {
  CONTENT_MIN,
  DETAIL,
  OVERLAY_BELOW,
  RAIL_BELOW,
  RAIL_WIDTH,
  SIDEBAR,
  loadPanePrefs,
  savePanePrefs,
  useWindowWidth,
  type PanePrefs,
} from './lib/pane-layout';
import { useApp, useAppStoreApi } from './store/store-context';

/** The whole window. */
export function App() {
  const store = useAppStoreApi();
  useEffect(() => store.attach(), [store]);
  useShortcuts(store);
  const secrets = useApp((s) => s.secrets);
  const sessionError = useApp((s) => s.sessionError);

  if (secrets === null) {
    return (
      <div className="splash" aria-busy="true">
        {sessionError !== null ? (
          <p className="message message--error" role="alert">
            {sessionError.message}
          </p>
        ) : (
          <p className="muted">Starting…</p>
        )}
        <Toasts />
      </div>
    );
  }
  if (!secrets.hasKey && secrets.waitingForKeychain === true) {
    // Main is still reading the key (an unlock prompt is open); asking for it again would be wrong.
    return (
      <div className="splash" aria-busy="true">
        <p className="muted" role="status">
          Waiting for your keychain… If it asks for your password, unlock it to continue.
        </p>
        <Toasts />
      </div>
    );
  }
  if (!secrets.hasKey) {
    return (
      <div className="app app--welcome">
        <WelcomeScreen />
        <StatusBar />
        <Toasts />
        <Dialogs />
      </div>
    );
  }
  return <Shell />;
}

/**
 * Sidebar, list and detail pane, laid out for the window's width (see lib/pane-layout): resizable
 * with the splitters, collapsible with the buttons, remembered between runs.
 */
function Shell() {
  const width = useWindowWidth();
  const [prefs, setPrefs] = useState<PanePrefs>(loadPanePrefs);
  const update = useCallback((patch: Partial<PanePrefs>) => {
    setPrefs((p) => {
      const next = { ...p, ...patch };
      savePanePrefs(next);
      return next;
    });
  }, []);
  // Below RAIL_BELOW the sidebar is a rail unless the user opens it for a while (not remembered).
  const [railOpened, setRailOpened] = useState(false);
  const narrowSidebar = width < RAIL_BELOW;
  useEffect(() => setRailOpened(false), [narrowSidebar]);
  const rail = narrowSidebar ? !railOpened : prefs.sidebarCollapsed;
  const sidebarWidth = rail ? RAIL_WIDTH : prefs.sidebarWidth;
  const toggleSidebar = () =>
    narrowSidebar
      ? setRailOpened((o) => !o)
      : update({ sidebarCollapsed: !prefs.sidebarCollapsed });

  // Below OVERLAY_BELOW the detail pane covers the list when something is opened.
  const overlay = width < OVERLAY_BELOW;
  const view = useApp((s) => s.view);
  const selectedVideoId = useApp((s) => s.selectedVideoId);
  const openJobId = useApp((s) => s.openJobId);
  const focusRequest = useApp((s) => s.focusRequest);
  // Another view starts with its list in sight; opening something slides the pane in (in this
  // order, so "Open in history" — a new view and a clip at once — shows the clip).
  const [overlayOpen, setOverlayOpen] = useState(false);
  useEffect(() => setOverlayOpen(false), [view]);
  useEffect(() => setOverlayOpen(selectedVideoId !== null), [selectedVideoId]);
  useEffect(() => setOverlayOpen(openJobId !== null), [openJobId]);
  // "New clip" (Ctrl+N) brings the prompt into view wherever the pane was: shown in the same
  // render that asks for focus, so the prompt can take it.
  const [promptSeen, setPromptSeen] = useState<number | null>(null);
  const wantsPrompt = focusRequest?.target === 'prompt' && focusRequest.n !== promptSeen;
  useEffect(() => {
    if (!wantsPrompt || focusRequest === null) return;
    setPromptSeen(focusRequest.n);
    setOverlayOpen(true);
    update({ detailCollapsed: false });
  }, [wantsPrompt, focusRequest, update]);
  const detailShown = wantsPrompt || (overlay ? overlayOpen : !prefs.detailCollapsed);
  const showDetail = (shown: boolean) =>
    overlay ? setOverlayOpen(shown) : update({ detailCollapsed: !shown });
  const detailMax = overlay
    ? Math.max(DETAIL.min, width - sidebarWidth - 48)
    : Math.max(DETAIL.min, Math.min(DETAIL.max, width - sidebarWidth - CONTENT_MIN));
  const detailWidth = Math.min(prefs.detailWidth, detailMax);

  const library = view === 'library';
  const detailLabel = library ? 'Video details' : 'Clip details';
  return (
    <div
      className={`app${rail ? ' app--rail' : ''}${overlay ? ' app--overlay' : ''}`}
      style={{ '--sidebar-width': `${sidebarWidth}px` } as CSSProperties}
    >
      <div className="sidebar-col" id="sidebar" style={{ width: sidebarWidth }}>
        <Sidebar
          rail={rail}
          onToggle={toggleSidebar}
          splitter={
            rail || narrowSidebar ? undefined : (
              <Splitter
                label="Resize sidebar"
                controls="sidebar"
                value={prefs.sidebarWidth}
                min={SIDEBAR.min}
                max={SIDEBAR.max}
                side="left"
                onChange={(w) => update({ sidebarWidth: w })}
                onCollapse={() => update({ sidebarCollapsed: true })}
              />
            )
          }
        />
      </div>
      <div className="main">
        <Toolbar />
        <Notices />
        <div className="content-row">
          <main
            className="content"
            aria-label={library ? 'Videos' : 'Clip history'}
            // Opening a video or clip again (already selected) slides a hidden overlay back in.
            onClick={(e) => {
              if ((e.target as Element).closest('.video-card, .job-row') !== null) {
                setOverlayOpen(true);
              }
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.target as Element).matches('[role="listbox"]')) {
                setOverlayOpen(true);
              }
            }}
          >
            {library ? <LibraryDrop /> : <HistoryView />}
          </main>
          {/* Hidden, not removed: a prompt being written survives hiding the pane. */}
          <div
            className={`detail-col${overlay ? ' detail-col--overlay' : ''}`}
            style={{ width: detailWidth }}
            hidden={!detailShown}
          >
            <aside className="detail-pane" id="detail-pane" aria-label={detailLabel}>
              {/* Inside the landmark, so nothing on the page is outside one. */}
              <Splitter
                label={`Resize ${detailLabel.toLowerCase()}`}
                controls="detail-pane"
                value={detailWidth}
                min={DETAIL.min}
                max={detailMax}
                side="right"
                onChange={(w) => update({ detailWidth: w })}
                onCollapse={() => showDetail(false)}
              />
              <div className="detail-pane__bar">
                <span aria-hidden="true">{library ? 'Video' : 'Clip'}</span>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Hide ${detailLabel.toLowerCase()}`}
                  aria-expanded="true"
                  aria-controls="detail-pane"
                  title="Hide"
                  onClick={() => showDetail(false)}
                >
                  <span aria-hidden="true">{overlay ? '×' : '›'}</span>
                </button>
              </div>
              {library ? <VideoDetail /> : <JobDetail />}
            </aside>
          </div>
          {!detailShown && (
            <div className="detail-strip">
              <button
                type="button"
                className="icon-button"
                aria-label={`Show ${detailLabel.toLowerCase()}`}
                aria-expanded="false"
                title={`Show ${detailLabel.toLowerCase()}`}
                onClick={() => showDetail(true)}
              >
                <span aria-hidden="true">‹</span>
              </button>
            </div>
          )}
        </div>
      </div>
      <StatusBar />
      <Toasts />
      <Dialogs />
    </div>
  );
}

function Notices() {
  const fromCache = useApp((s) => s.libraryFromCache && s.view === 'library');
  const memory = useApp((s) => s.secrets?.storage === 'memory' && !s.memoryNoticeDismissed);
  const dismiss = useApp((s) => s.dismissMemoryNotice);
  const warnings = useApp((s) => s.startupWarnings);
  const dismissWarnings = useApp((s) => s.dismissStartupWarnings);
  return (
    <>
      {warnings.length > 0 && (
        <div className="banner banner--warning" role="alert">
          <span>{warnings.map((w) => w.message).join(' ')}</span>
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={dismissWarnings}
          >
            Got it
          </button>
        </div>
      )}
      {fromCache && (
        <div className="banner banner--offline" role="status">
          <strong>Offline — showing saved library.</strong> New videos and changes appear when you
          are back online.
        </div>
      )}
      {memory && (
        <div className="banner banner--warning" role="status">
          <span>
            Your system keychain is not available, so the key is kept only until you quit. You will
            need to paste it again next time.
          </span>
          <button type="button" className="button button--small button--quiet" onClick={dismiss}>
            Got it
          </button>
        </div>
      )}
    </>
  );
}

/** The videos of the collection shown; files dropped on them are added to it. */
function LibraryDrop() {
  const collection = useApp((s) => s.collections?.find((c) => c.id === s.selectedCollectionId));
  const addFiles = useApp((s) => s.addFiles);
  if (collection === undefined) return <VideoBrowser />;
  return (
    <FileDropZone
      className="file-drop--fill"
      collectionName={collection.name}
      onFiles={(files) => void addFiles(collection.id, files)}
    >
      <VideoBrowser />
    </FileDropZone>
  );
}

function Dialogs() {
  const dialog = useApp((s) => s.dialog);
  const close = useApp((s) => s.closeDialog);
  if (dialog === null) return null;
  switch (dialog.kind) {
    case 'settings':
      return <SettingsDialog onClose={close} />;
    case 'help':
      return <HelpDialog onClose={close} />;
    case 'confirm-resend':
      return <ResendDialog jobId={dialog.jobId} onClose={close} />;
    case 'uploads':
      return <UploadsDialog onClose={close} />;
    default:
      return null;
  }
}
