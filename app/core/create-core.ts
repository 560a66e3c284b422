/**
 * The composition of the engine: it builds the rooms (store, key service, API address, media
 * relay, connectivity, library, jobs, downloads, uploads), wires them, and joins their handlers, one per
 * core call of the contract. Each room owns its calls (app/core/README.md); nothing is decided
 * here. Main and the preview call {@link createCore} with what is platform-specific.
 */
import { DEFAULT_API_BASE_URL, type AppErrorInfo } from '../shared/domain';
import type { Core, CoreDeps, CoreTuning } from './types';
import { coreHandlers } from './core-handlers';
import { coreLifecycle } from './core-lifecycle';
import { createConnectivity, createStatusReport, type Connectivity } from './connectivity';
import { DownloadEngine, EditorExports } from './downloads';
import { UploadEngine } from './uploads';
import { MultiClipService, type MultiClipDeps } from './multiclip';
import { CompareService } from './compare';
import { EventBus, Limiter, PollScheduler, realClock, resolveTuning } from './engine';
import { JobEngine } from './jobs';
import { LibraryService } from './library';
import { createLogger, redactingLogger } from './log';
import { createMediaRoom } from './media';
import { KeyService } from './secrets';
import { ApiAddress, SettingsService } from './settings';
import { openStore } from './store';
import { createVideoDbClient, type VideoDbClient, type VideoDbClientOptions } from './videodb';

/** Build the engine. Rejects when the database is from a newer app version. */
export async function createCore(deps: CoreDeps): Promise<Core> {
  const clock = deps.clock ?? realClock;
  const tuning = resolveTuning(deps.tuning);
  const logger = deps.logger ? redactingLogger(deps.logger) : createLogger({ level: 'info' });
  const bus = new EventBus(
    logger,
    deps.checkContract ?? process.env['VIDEODB_CHECK_CONTRACT'] === '1',
  );
  const store = openStore(deps.dataDir, { now: () => clock.now(), logger });
  const warnings: AppErrorInfo[] = [...store.warnings];
  const settings = new SettingsService(store.settings, {
    apiBaseUrl: (deps.defaultApiBaseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, ''),
    notifications: true,
  });
  // Rooms built later are reached through these (the client reports to connectivity, etc.).
  let conn: Connectivity | null = null;
  let address: ApiAddress | null = null;
  const client = () => address!.client();
  const keys = new KeyService({
    store: deps.secretStore,
    logger,
    onWarning: (w) => warnings.push(w),
    onStatusChanged: () => address && bus.emit('secrets:changed', keys.status(client().baseUrl)),
  });
  const media = createMediaRoom({
    store,
    apiBaseUrl: () => client().baseUrl,
    fetch: deps.network?.fetchMedia,
    // A clip's playlist that stopped working: its job mints fresh links (jobs is built below).
    onDeadLink: (url) => void jobs.remintDeadLink(url),
    logger,
  });
  address = new ApiAddress({
    keys,
    baseUrl: settings.get().apiBaseUrl,
    buildClient: clientBuilder(deps, tuning, keys, {
      onNetworkResult: (ok) => conn?.report(ok),
      onMediaUrl: (url) => media.allowlist.note(url),
      logger,
    }),
  });
  const online = (conn = createConnectivity({
    probe: () => client().probe(),
    ...(deps.connectivityHints ? { hints: deps.connectivityHints } : {}),
    clock,
    logger,
    offlineIntervalMs: tuning.probeOfflineMs,
    onlineIntervalMs: tuning.probeOnlineMs,
  }));
  const isOnline = () => online.online;
  const scheduler = new PollScheduler(clock, isOnline, logger);
  const limiter = new Limiter(tuning.maxConcurrentRequests);
  const shared = { store, client, isOnline, clock, tuning, limiter, scheduler, bus, logger };
  const library = new LibraryService(shared);
  const jobs: JobEngine = new JobEngine({
    ...shared,
    library,
    notifier: deps.notifier,
    notificationsOn: () => settings.get().notifications,
    onOutboxChanged: () => status.changed(),
  });
  const status = createStatusReport({
    conn: online,
    outbox: jobs.outbox,
    emit: (s) => bus.emit('connectivity:changed', s),
  });
  const { downloads, editorExports, uploads, multiclips, compares } = deliverableRooms(deps, {
    ...{ store, jobs, library, client, isOnline, bus, clock, logger },
  });
  const rooms = {
    ...{ store, address, conn: online, scheduler, status, library, jobs, downloads, uploads },
    ...{ editorExports, multiclips, compares },
  };
  return {
    handlers: coreHandlers({ ...rooms, deps, settings, keys, bus, warnings }),
    on: (event, listener) => bus.on(event, listener),
    onAny: (listener) => bus.onAny(listener),
    startupWarnings: warnings,
    relayMedia: media.relay,
    downloads,
    ...coreLifecycle({ ...rooms, hints: deps.connectivityHints, logger }),
  };
}

/**
 * The rooms built on clips and the library: what VideoDB makes to take away (MP4 downloads, the
 * editor bundle), uploads, prompts across many videos, and comparisons of one prompt's runs.
 */
function deliverableRooms(
  deps: CoreDeps,
  r: Omit<MultiClipDeps, 'clipboard'>,
): {
  downloads: DownloadEngine;
  editorExports: EditorExports;
  uploads: UploadEngine;
  multiclips: MultiClipService;
  compares: CompareService;
} {
  const { client, isOnline, bus, clock, logger, jobs, library } = r;
  const common = { client, bus, clock, logger };
  const downloads = new DownloadEngine({
    ...{ ...common, dataDir: deps.dataDir, ...(deps.downloads ?? {}) },
    getJob: (id) => jobs.get(id),
    freshStreamLink: (id) => jobs.freshStreamLink(id),
  });
  const editorExports = new EditorExports({
    ...{ ...common, isOnline, getJob: (id: string) => jobs.get(id) },
    ...(deps.downloads?.pollIntervalMs !== undefined
      ? { pollIntervalMs: deps.downloads.pollIntervalMs }
      : {}),
  });
  const uploads = new UploadEngine({
    ...{ ...common, dataDir: deps.dataDir, isOnline, ...(deps.uploads ?? {}) },
    // The new video shows in its collection at once.
    onAdded: (collectionId) => void library.refresh({ collectionId }).catch(() => undefined),
  });
  const multiclips = new MultiClipService({ ...r, clipboard: deps.clipboard });
  const compares = new CompareService({ store: r.store, jobs, bus, clock, logger });
  return { downloads, editorExports, uploads, multiclips, compares };
}

/** Clients of one base URL each, with the app's timeouts, network route and hooks. */
function clientBuilder(
  deps: CoreDeps,
  tuning: CoreTuning,
  keys: KeyService,
  hooks: Pick<VideoDbClientOptions, 'onNetworkResult' | 'onMediaUrl' | 'logger'>,
): (baseUrl: string) => VideoDbClient {
  return (baseUrl) =>
    createVideoDbClient({
      baseUrl,
      getApiKey: keys.getterFor(baseUrl),
      clientName: `videodb-clips/${deps.appVersion ?? '0.0.0'}`,
      timeouts: {
        connectMs: tuning.connectTimeoutMs,
        headersMs: tuning.headersTimeoutMs,
        bodyMs: tuning.bodyTimeoutMs,
      },
      ...hooks,
      ...(deps.network?.resolveProxy ? { resolveProxy: deps.network.resolveProxy } : {}),
      ...(deps.network?.trustedCertificates
        ? { trustedCertificates: deps.network.trustedCertificates }
        : {}),
    });
}
