/**
 * The app shell: sidebar, toolbar, content, detail pane and status bar, or the welcome screen
 * when no key is stored. Attaches the store to main's events once, then tells main it is ready.
 */
import { useEffect } from 'react';
import { HelpDialog } from './components/help-dialog';
import { HistoryView } from './components/history-view';
import { JobDetail } from './components/job-detail';
import { ResendDialog } from './components/resend-dialog';
import { SettingsDialog } from './components/settings-dialog';
import { Sidebar } from './components/sidebar';
import { StatusBar } from './components/status-bar';
import { Toasts } from './components/toasts';
import { Toolbar } from './components/toolbar';
import { useShortcuts } from './components/use-shortcuts';
import { VideoBrowser } from './components/video-browser';
import { VideoDetail } from './components/video-detail';
import { WelcomeScreen } from './components/welcome-screen';
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
  return (
    <div className="app">
      <Sidebar />
      <div className="main">
        <Toolbar />
        <Notices />
        <div className="content-row">
          <Content />
        </div>
      </div>
      <StatusBar />
      <Toasts />
      <Dialogs />
    </div>
  );
}

function Content() {
  const view = useApp((s) => s.view);
  return view === 'library' ? (
    <>
      <main className="content" aria-label="Videos">
        <VideoBrowser />
      </main>
      <aside className="detail-pane" aria-label="Video details">
        <VideoDetail />
      </aside>
    </>
  ) : (
    <>
      <main className="content" aria-label="Clip history">
        <HistoryView />
      </main>
      <aside className="detail-pane" aria-label="Clip details">
        <JobDetail />
      </aside>
    </>
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
    default:
      return null;
  }
}
