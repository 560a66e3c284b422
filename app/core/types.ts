/**
 * The seams of the core: what the composition roots (app/main, app/preview) inject, and what
 * `createCore` gives back. Everything platform-specific arrives through {@link CoreDeps}, so the
 * whole core runs under plain Node in tests.
 */
import type { AppErrorInfo, Download } from '../shared/domain';
import type { CallName, EventName, EventPayload, Handlers } from '../shared/contract';

/** Time source; tests and benchmarks inject a fake one. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Minimal structured logger. Every line passes through key redaction before it is written. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Where the API key is kept. Keychain normally; memory-only when the OS keychain is absent
 * (`memory`) or by choice for a demo or preview run (`session`).
 */
export interface SecretStore {
  readonly kind: 'keychain' | 'memory' | 'session';
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<void>;
}

/** OS connectivity hints (Electron `net.isOnline` / powerMonitor). Hints only: a probe decides. */
export interface ConnectivityHints {
  isOnline(): boolean;
  /** Called on OS network changes and on resume from sleep. Returns an unsubscribe. */
  onChange(listener: () => void): () => void;
  /**
   * Called when the computer woke from sleep (Electron's powerMonitor `resume`): the engine
   * probes at once and runs the polls that fell due while it slept. Returns an unsubscribe.
   */
  onResume?(listener: () => void): () => void;
}

/** System notifications (main passes Electron's Notification; preview passes none). */
export interface Notifier {
  notify(notification: { title: string; body: string; jobId: string }): void;
}

/** Clipboard (Electron's clipboard in main; a recorder in the preview). */
export interface ClipboardWriter {
  writeText(text: string): void;
}

/** What the composition root injects. */
export interface CoreDeps {
  /** Folder for the SQLite file (Electron's userData, a temp dir in tests). */
  dataDir: string;
  secretStore: SecretStore;
  clipboard: ClipboardWriter;
  notifier?: Notifier;
  connectivityHints?: ConnectivityHints;
  clock?: Clock;
  logger?: Logger;
  /** Used until the user changes it in settings. */
  defaultApiBaseUrl?: string;
  /**
   * Ask the person, outside the page, whether the API key saved for `from` may be sent to `to`
   * (main shows a system dialog; a compromised page cannot answer it). Without it, moving a key
   * between addresses is refused.
   */
  confirmKeyMove?: (move: { from: string; to: string }) => Promise<boolean>;
  /** Sent as `x-videodb-client: videodb-clips/<version>`. */
  appVersion?: string;
  /** Tuning for tests and benchmarks (poll intervals, probe interval, concurrency). */
  tuning?: Partial<CoreTuning>;
  /**
   * How the API is reached on this computer's network. `resolveProxy(origin)` answers in PAC
   * result syntax (`"DIRECT"`, `"PROXY host:port; DIRECT"`): Electron's
   * `session.defaultSession.resolveProxy` in main, HTTPS_PROXY/NO_PROXY in the preview; none
   * means direct. `trustedCertificates` gives the CAs to trust (PEM); default Node's own plus the
   * OS store.
   */
  network?: {
    resolveProxy?: (origin: string) => Promise<string>;
    trustedCertificates?: () => readonly string[];
    /**
     * The fetch the media relay uses for stream files (main: Electron's `net.fetch`, which follows
     * the system proxy and certificate store). Default: Node's fetch.
     */
    fetchMedia?: (url: string, init: RequestInit) => Promise<Response>;
  };
  /**
   * Check every event against its contract schema and throw on drift (tests, development).
   * Default: on when the environment says `VIDEODB_CHECK_CONTRACT=1`.
   */
  checkContract?: boolean;
  /** Timings of MP4 downloads (tests shrink them): between polls, after a dropped connection. */
  downloads?: { pollIntervalMs?: number; retryDelayMs?: number; maxRetries?: number };
  /** Timings and sizes of uploads (tests shrink them). */
  uploads?: {
    pollIntervalMs?: number;
    retryDelayMs?: number;
    maxRetries?: number;
    pieceBytes?: number;
    maxParallel?: number;
  };
}

/** Timings and limits of the engine. Defaults suit a desktop app; tests shrink them. */
export interface CoreTuning {
  /** First poll after a job is accepted. */
  firstPollMs: number;
  /** Poll backoff factor and cap. */
  pollBackoff: number;
  pollMaxMs: number;
  /** No progress for this long → `stuck` (still polled). */
  stuckAfterMs: number;
  /** Connectivity probe interval while offline / while online. */
  probeOfflineMs: number;
  probeOnlineMs: number;
  /** Global limit on concurrent API requests of the engine. */
  maxConcurrentRequests: number;
  /** Outbox: backoff between failed attempts, and attempts before dead-letter. */
  outboxBaseDelayMs: number;
  outboxMaxDelayMs: number;
  outboxMaxAttempts: number;
  /** Per-request timeouts. */
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}

/** Calls handled by the transport (main or preview) rather than the core. */
export type TransportCall =
  | 'app:ready'
  | 'app:open-external'
  | 'app:viewing-job'
  | 'app:restart-to-update'
  | 'demo:network'
  | 'demo:set-network'
  | 'downloads:save'
  | 'downloads:show-in-folder';
/** Calls the core handles. */
export type CoreCallName = Exclude<CallName, TransportCall>;

/** The engine as main and the preview see it. */
export interface Core {
  /** One handler per contract call (inputs already parsed by the transport's guard). */
  readonly handlers: Pick<Handlers, CoreCallName>;
  /** Subscribe to one event; returns an unsubscribe. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Subscribe to every event (transports forward them all). */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void;
  /**
   * MP4 downloads, for the transport's `downloads:save` (which asks where first) and
   * `downloads:show-in-folder`.
   */
  readonly downloads: {
    suggestedFileName(jobId: string): string;
    start(jobId: string, targetPath: string): Download;
    get(id: string): Download;
  };
  /**
   * Answer one of the page's `/media-relay/…` requests (app/shared/media-path.ts): the stream file
   * from a host VideoDB named, or 403.
   */
  relayMedia(request: Request): Promise<Response>;
  /** Problems found at start that the user should hear about (e.g. a corrupt database moved aside). */
  readonly startupWarnings: readonly AppErrorInfo[];
  /** Resume jobs in flight, send queued requests, start probing. */
  start(): Promise<void>;
  /** Stop timers, let in-flight writes finish, close the database and connection pools. */
  close(): Promise<void>;
}
