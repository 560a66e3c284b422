/**
 * The composition of the engine: store, client, logger, connectivity, jobs and library, and one
 * handler per core call of the contract. Main and the preview call {@link createCore} with what
 * is platform-specific and register `core.handlers` on their transport.
 */
import { DEFAULT_API_BASE_URL, type AppErrorInfo, type ConnectivityState } from '../shared/domain';
import type { Core, CoreDeps } from './types';
import { createConnectivity, type Connectivity } from './connectivity';
import { DownloadEngine } from './downloads';
import { formatClips, hasLinkFor } from './export';
import { EventBus, Limiter, PollScheduler, realClock, resolveTuning } from './engine';
import { JobEngine } from './jobs';
import { LibraryService } from './library';
import { MediaAllowlist, createMediaRelay } from './media';
import { createLogger, redactingLogger } from './log';
import { KeyService, createSecretsHandlers } from './secrets';
import { SettingsService } from './settings';
import { CoreError } from './errors';
import { openStore, toJob } from './store';
import { createVideoDbClient, type VideoDbClient } from './videodb';

/** Build the engine. Rejects when the database is from a newer app version. */
export async function createCore(deps: CoreDeps): Promise<Core> {
  const clock = deps.clock ?? realClock;
  const tuning = resolveTuning(deps.tuning);
  const logger = deps.logger ? redactingLogger(deps.logger) : createLogger({ level: 'info' });
  const bus = new EventBus(logger);
  const warnings: AppErrorInfo[] = [];

  const store = openStore(deps.dataDir, { now: () => clock.now(), logger });
  warnings.push(...store.warnings);

  const settings = new SettingsService(store.settings, {
    apiBaseUrl: (deps.defaultApiBaseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, ''),
    notifications: true,
  });

  // The key is kept in memory only for as long as the core runs; the keychain is read once per
  // base URL, not on every request. Each client gets the key of its own address only.
  // The first read is not awaited: a keychain prompt (unlock) must not hold up the window; the
  // page hears `secrets:changed` while it waits and when the key arrives.
  let current: VideoDbClient | null = null;
  const keys = new KeyService({
    store: deps.secretStore,
    logger,
    onWarning: (w) => warnings.push(w),
    onStatusChanged: () => {
      if (current !== null) bus.emit('secrets:changed', keys.status(current.baseUrl));
    },
  });
  void keys.switchTo(settings.get().apiBaseUrl);

  // The page plays streams through the relay, from hosts VideoDB's answers named only.
  const media = new MediaAllowlist({
    settings: store.settings,
    apiBaseUrl: () => client.baseUrl,
    seed: () => store.recentMediaUrls(200),
    logger,
  });
  const relayMedia = createMediaRelay({
    allowlist: media,
    fetch: deps.network?.fetchMedia ?? ((url, init) => fetch(url, init)),
    logger,
  });

  let connectivity: Connectivity | null = null;
  const buildClient = (baseUrl: string): VideoDbClient =>
    createVideoDbClient({
      baseUrl,
      getApiKey: keys.getterFor(baseUrl),
      clientName: `videodb-clips/${deps.appVersion ?? '0.0.0'}`,
      timeouts: {
        connectMs: tuning.connectTimeoutMs,
        headersMs: tuning.headersTimeoutMs,
        bodyMs: tuning.bodyTimeoutMs,
      },
      onNetworkResult: (ok) => connectivity?.report(ok),
      onMediaUrl: (url) => media.note(url),
      logger,
      ...(deps.network?.resolveProxy ? { resolveProxy: deps.network.resolveProxy } : {}),
      ...(deps.network?.trustedCertificates
        ? { trustedCertificates: deps.network.trustedCertificates }
        : {}),
    });
  let client = buildClient(settings.get().apiBaseUrl);
  current = client;
  const getClient = () => client;

  const conn = createConnectivity({
    probe: () => client.probe(),
    ...(deps.connectivityHints ? { hints: deps.connectivityHints } : {}),
    clock,
    offlineIntervalMs: tuning.probeOfflineMs,
    onlineIntervalMs: tuning.probeOnlineMs,
    logger,
  });
  connectivity = conn;
  const isOnline = () => conn.online;

  const limiter = new Limiter(tuning.maxConcurrentRequests);
  const scheduler = new PollScheduler(clock, isOnline, logger);
  const library = new LibraryService({
    store,
    client: getClient,
    isOnline,
    clock,
    tuning,
    limiter,
    scheduler,
    bus,
    logger,
  });

  let closed = false;
  let closing: Promise<void> | null = null;
  let lastState = '';
  // Stamps every reported state: strictly growing, and from the wall clock so a restarted core
  // (the preview, with the page still open) continues above what the page already saw.
  let stateVersion = 0;
  const connectivityState = (): ConnectivityState => {
    stateVersion = Math.max(stateVersion + 1, Date.now());
    return {
      online: conn.online,
      queued: jobs.queuedCount(),
      paused: jobs.isPaused,
      lastCheckedAt: conn.lastCheckedAt,
      version: stateVersion,
    };
  };
  /** Emit `connectivity:changed` when something the status bar shows changed. */
  const emitConnectivity = (force = false): void => {
    if (closed) return;
    const state = connectivityState();
    const key = JSON.stringify({ ...state, lastCheckedAt: null, version: null });
    if (!force && key === lastState) return;
    lastState = key;
    bus.emit('connectivity:changed', state);
  };

  const jobs: JobEngine = new JobEngine({
    store,
    client: getClient,
    isOnline,
    clock,
    tuning,
    limiter,
    scheduler,
    bus,
    library,
    logger,
    notifier: deps.notifier,
    notificationsOn: () => settings.get().notifications,
    onOutboxChanged: () => emitConnectivity(),
  });

  const downloads = new DownloadEngine({
    dataDir: deps.dataDir,
    client: getClient,
    getJob: (id) => jobs.get(id),
    bus,
    clock,
    logger,
    ...(deps.downloads ?? {}),
  });

  // "Pause sending" is the user's choice and outlives a restart.
  const PAUSED_KEY = 'outbox.paused';
  if (store.settings.get(PAUSED_KEY) === true) jobs.setPaused(true);
  const setPaused = (paused: boolean): void => {
    store.settings.set(PAUSED_KEY, paused);
    jobs.setPaused(paused);
  };

  let unsubResume: (() => void) | null = null;
  const unsubConn = conn.onChange(() => {
    if (conn.online) scheduler.resumeParked();
    jobs.onConnectivityChanged();
    emitConnectivity(true);
  });

  const handlers: Core['handlers'] = {
    ...createSecretsHandlers({
      keys,
      client: getClient,
      onChanged: (status) => bus.emit('secrets:changed', status),
      onKeySaved: () => jobs.kick(),
    }),

    'settings:get': async () => settings.get(),
    'settings:update': async (input) => {
      const before = settings.get();
      const target = input.apiBaseUrl?.replace(/\/+$/, '');
      // Moving the key sends it to the new address from now on: only on the person's own yes.
      const moving = input.moveKey === true && target !== undefined && target !== before.apiBaseUrl;
      if (moving) {
        if (!deps.confirmKeyMove) {
          throw new CoreError(
            'forbidden',
            'Moving the key needs the desktop app. Save the new address, then paste your key again.',
          );
        }
        if (!(await deps.confirmKeyMove({ from: before.apiBaseUrl, to: target }))) {
          throw new CoreError(
            'forbidden',
            'The address was not changed: the key move was cancelled.',
          );
        }
        await keys.copyKey(before.apiBaseUrl, target);
      }
      const after = settings.update({
        ...(input.apiBaseUrl !== undefined ? { apiBaseUrl: input.apiBaseUrl } : {}),
        ...(input.notifications !== undefined ? { notifications: input.notifications } : {}),
      });
      if (after.apiBaseUrl !== before.apiBaseUrl) {
        // The old key is dropped before the new client exists, and the new client's requests
        // wait for the new address's own key: nothing goes out with the wrong key in between.
        const loading = keys.switchTo(after.apiBaseUrl);
        const old = client;
        client = buildClient(after.apiBaseUrl);
        current = client;
        // close() lets requests in flight on the old pool finish.
        void old.close().catch(() => undefined);
        await loading;
        // The key now lives at the new address only.
        if (moving) await keys.clear(before.apiBaseUrl).catch(() => undefined);
        // Jobs sent to the new address are followed again; those of others wait with a note.
        jobs.onAddressChanged();
        bus.emit('secrets:changed', keys.status(client.baseUrl));
        void conn.check().catch(() => undefined);
      }
      bus.emit('settings:changed', after);
      return after;
    },

    'library:list-collections': (input) => library.listCollections(input),
    'library:list-videos': (input) => library.listVideos(input),
    'library:get-video': (input) => library.getVideo(input),
    'library:refresh': (input) => library.refresh(input),
    'library:make-searchable': (input) => library.makeSearchable(input),

    'jobs:submit': (input) => jobs.submit(input),
    'jobs:list': async (input) => jobs.list(input),
    'jobs:get': async ({ id }) => jobs.get(id),
    'jobs:videos': async () => store.jobs.videos(),
    'jobs:retry': async ({ id }) => jobs.retry(id),
    'jobs:resend-uncertain': async ({ id }) => jobs.resendUncertain(id),
    'jobs:stop-tracking': async ({ id }) => jobs.stopTracking(id),
    'jobs:follow': async ({ id }) => jobs.follow(id),
    'jobs:delete': async ({ ids }) => jobs.delete(ids),
    'jobs:set-favourite': async ({ id, favourite }) => jobs.setFavourite(id, favourite),

    'clipboard:copy': async ({ jobIds, format }) => {
      const found = store.jobs.getMany(jobIds).map(toJob);
      if (found.length === 0)
        throw new CoreError('not-found', 'These clips are no longer in your history.');
      // Copy the clips that have a link; name the others instead of failing them all.
      const ready = found.filter((j) => hasLinkFor(j, format));
      const skipped = jobIds.filter((id) => !ready.some((j) => j.id === id));
      if (ready.length === 0) return { text: '', count: 0, skipped };
      const text = formatClips(ready, format);
      deps.clipboard.writeText(text);
      return { text, count: ready.length, skipped };
    },

    'downloads:list': async ({ jobId }) => downloads.list(jobId),
    'downloads:pause': ({ id }) => downloads.pause(id),
    'downloads:resume': async ({ id }) => downloads.resume(id),

    'connectivity:status': async () => connectivityState(),
    'app:startup-warnings': async () => [...warnings],
    'connectivity:check': async () => {
      await conn.check();
      return connectivityState();
    },
    'outbox:pause': async () => {
      setPaused(true);
      return connectivityState();
    },
    'outbox:resume': async () => {
      setPaused(false);
      return connectivityState();
    },
  };

  return {
    handlers,
    on: (event, listener) => bus.on(event, listener),
    onAny: (listener) => bus.onAny(listener),
    startupWarnings: warnings,
    relayMedia,
    downloads: {
      suggestedFileName: (jobId) => downloads.suggestedFileName(jobId),
      start: (jobId, targetPath) => downloads.start(jobId, targetPath),
      get: (id) => downloads.get(id),
    },
    async start() {
      if (closed) return;
      // Recovery first (interrupted sends → uncertain), then resume polls and the outbox.
      jobs.start();
      library.start();
      downloads.startAll();
      conn.start();
      // Woken from sleep: look at the network at once, then run the polls that fell due meanwhile.
      unsubResume ??=
        deps.connectivityHints?.onResume?.(() => {
          void conn.check().then(
            () => scheduler.runDue(),
            () => undefined,
          );
        }) ?? null;
      try {
        await conn.check();
      } catch (err) {
        logger.warn('first connectivity check failed', { error: String(err) });
      }
      emitConnectivity(true);
    },
    close() {
      closing ??= (async () => {
        unsubConn();
        unsubResume?.();
        conn.stop();
        await downloads.close();
        await jobs.close();
        await library.close();
        closed = true;
        await client.close().catch(() => undefined);
        store.close();
      })();
      return closing;
    },
  };
}
