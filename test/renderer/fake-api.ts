/**
 * A fake `window.api` for component tests: the real `buildApi` and the real contract guard
 * (`dispatch`, so inputs are parsed by the contract's schemas and bad ones get their messages)
 * over an in-memory world that implements every call as a typed `Handlers` object.
 */
import {
  buildApi,
  type Api,
  type EventName,
  type EventPayload,
  type Handlers,
} from '../../app/shared/contract';
import { dispatch, type HandlerMap } from '../../app/shared/dispatch';
import type {
  AppErrorInfo,
  Collection,
  ErrorCode,
  IndexingTask,
  Download,
  Job,
  SceneIndex,
  Video,
} from '../../app/shared/domain';

/** An error a fake handler throws; `dispatch` turns it into `{code, message}`. */
export class FakeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The fake's state; tests read and change it directly. */
export interface FakeWorld {
  online: boolean;
  /** The page asked main to install the waiting update. */
  restartedToUpdate?: boolean;
  paused: boolean;
  /** The demo's "Simulate offline" switch: null where the run is not a demo. */
  demoOffline: boolean | null;
  validKey: string;
  hasKey: boolean;
  storage: 'keychain' | 'memory' | 'session';
  keychainBroken: boolean;
  /** The stored key was revoked on VideoDB's side: checking it fails with `auth`. */
  storedKeyRevoked?: boolean;
  /** The keychain has not answered yet (an unlock prompt is open): main says it is waiting. */
  waitingForKeychain?: boolean;
  /** What `app:startup-warnings` reports (e.g. a damaged history file moved aside). */
  startupWarnings: AppErrorInfo[];
  apiBaseUrl: string;
  notifications: boolean;
  collections: Collection[];
  videos: Video[];
  sceneIndexes: Record<string, SceneIndex[]>;
  jobs: Job[];
  /** MP4 downloads ("Save as MP4…"); a save starts one at 0 of 1 000 000 bytes, downloading. */
  downloads: Download[];
  /** Held until released: lets a test see the loading state. */
  gate: Promise<void> | null;
  nextId: number;
}

/** A sample video. */
export function makeVideo(over: Partial<Video> = {}): Video {
  const id = over.id ?? 'm-1';
  return {
    id,
    collectionId: 'c-1',
    name: `Video ${id}`,
    description: null,
    length: 125,
    thumbnailUrl: null,
    streamUrl: `https://stream.example/${id}.m3u8`,
    playerUrl: `https://console.videodb.io/player?url=${id}`,
    createdAt: null,
    searchableBySpeech: true,
    searchableByScenes: false,
    ...over,
  };
}

/** A sample job. */
export function makeJob(over: Partial<Job> & { id: string }): Job {
  const now = over.createdAt ?? Date.now();
  return {
    request: {
      videoId: 'm-1',
      collectionId: 'c-1',
      prompt: `prompt ${over.id}`,
      contentType: 'spoken',
      modelName: 'basic',
    },
    videoName: 'Video m-1',
    status: 'done',
    progress: null,
    stuck: false,
    tracking: true,
    favourite: false,
    segments: [],
    clipStreamUrl: null,
    clipPlayerUrl: null,
    linksMintedAt: null,
    sourceStreamUrl: null,
    error: null,
    attempts: 1,
    createdAt: now,
    updatedAt: now,
    sentAt: now,
    finishedAt: null,
    ...over,
  };
}

/** What {@link createFakeApi} returns. */
export interface FakeApi {
  api: Api;
  world: FakeWorld;
  /** Every call made, in order (after the contract guard accepted it). */
  calls: Array<{ channel: string; input: unknown }>;
  /** Push an event as main would. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Let calls held by `world.gate` finish. */
  release(): void;
  /** Put a gate in place: list calls wait until `release()`. */
  hold(): void;
}

const notHere = async (): Promise<never> => {
  throw new FakeError('internal', 'This call runs over the real core in tests (core-api.ts).');
};

/** Build the fake. */
export function createFakeApi(init: Partial<FakeWorld> = {}): FakeApi {
  const world: FakeWorld = {
    online: true,
    paused: false,
    demoOffline: null,
    validKey: 'sk-good',
    hasKey: true,
    storage: 'keychain',
    keychainBroken: false,
    startupWarnings: [],
    apiBaseUrl: 'https://api.videodb.io',
    notifications: true,
    collections: [{ id: 'c-1', name: 'Main', description: null, isDefault: true }],
    videos: [],
    sceneIndexes: {},
    jobs: [],
    downloads: [],
    gate: null,
    nextId: 1,
    ...init,
  };
  const calls: FakeApi['calls'] = [];
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  let releaseGate: (() => void) | null = null;

  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  const wait = async () => {
    if (world.gate !== null) await world.gate;
  };
  let connectivityVersion = 0;
  const connectivity = () => ({
    online: world.online,
    queued: world.jobs.filter((j) => j.status === 'queued').length,
    paused: world.paused,
    lastCheckedAt: null,
    version: ++connectivityVersion,
  });
  const secrets = () => ({
    hasKey: world.hasKey,
    storage: world.storage,
    apiBaseUrl: world.apiBaseUrl,
    ...(world.waitingForKeychain === true ? { waitingForKeychain: true } : {}),
  });
  const job = (id: string): Job => {
    const j = world.jobs.find((x) => x.id === id);
    if (j === undefined) throw new FakeError('not-found', 'That clip is no longer in the history.');
    return j;
  };
  const update = (id: string, patch: Partial<Job>): Job => {
    const next = { ...job(id), ...patch, updatedAt: Date.now() };
    world.jobs = world.jobs.map((j) => (j.id === id ? next : j));
    emit('jobs:changed', next);
    return next;
  };
  /** Change a download as the core would, with `downloads:changed` (tests move progress too). */
  const setDownload = (id: string, patch: Partial<Download>): Download => {
    const d = world.downloads.find((x) => x.id === id);
    if (d === undefined) throw new FakeError('not-found', 'This download is no longer listed.');
    const next = { ...d, ...patch, updatedAt: Date.now() };
    world.downloads = world.downloads.map((x) => (x.id === id ? next : x));
    if (Object.keys(patch).length > 0) emit('downloads:changed', next);
    return next;
  };
  const video = (id: string): Video => {
    const v = world.videos.find((x) => x.id === id);
    if (v === undefined) throw new FakeError('not-found', 'This video no longer exists.');
    return v;
  };

  const handlers: Handlers = {
    'app:ready': async () => ({ ok: true }),
    'app:open-external': async () => ({ ok: true }),
    'app:viewing-job': async () => ({ ok: true }),
    'app:restart-to-update': async () => {
      world.restartedToUpdate = true;
      return { ok: true };
    },
    'demo:network': async () => ({
      available: world.demoOffline !== null,
      offline: world.demoOffline ?? false,
    }),
    'demo:set-network': async ({ offline }) => {
      if (world.demoOffline === null)
        throw new FakeError('validation', 'Simulating offline is only possible in the demo.');
      world.demoOffline = offline;
      world.online = !offline;
      emit('connectivity:changed', connectivity());
      return { available: true, offline };
    },
    'app:startup-warnings': async () => [...world.startupWarnings],
    'jobs:videos': async () => {
      const m = new Map<string, { videoId: string; videoName: string; count: number }>();
      for (const j of world.jobs) {
        const e = m.get(j.request.videoId) ?? {
          videoId: j.request.videoId,
          videoName: j.videoName,
          count: 0,
        };
        e.count += 1;
        m.set(j.request.videoId, e);
      }
      return [...m.values()].sort((a, b) => a.videoName.localeCompare(b.videoName));
    },
    'secrets:status': async () => secrets(),
    'secrets:set-api-key': async ({ apiKey }) => {
      if (!world.online) throw new FakeError('offline', 'You are offline.');
      if (apiKey !== world.validKey) throw new FakeError('auth', 'API key rejected.');
      if (world.keychainBroken)
        throw new FakeError('keychain', 'The system keychain could not save the API key.');
      world.hasKey = true;
      return secrets();
    },
    'secrets:test-api-key': async ({ apiKey }) => {
      if (!world.online) throw new FakeError('offline', 'You are offline.');
      if (apiKey !== undefined) {
        if (apiKey !== world.validKey) throw new FakeError('auth', 'API key rejected.');
        return { ok: true };
      }
      if (!world.hasKey) throw new FakeError('auth', 'No VideoDB API key is set yet.');
      if (world.storedKeyRevoked === true) throw new FakeError('auth', 'API key rejected.');
      return { ok: true };
    },
    'secrets:clear': async () => {
      world.hasKey = false;
      return secrets();
    },
    'settings:get': async () => ({
      apiBaseUrl: world.apiBaseUrl,
      notifications: world.notifications,
    }),
    'settings:update': async (patch) => {
      if (patch.apiBaseUrl !== undefined) world.apiBaseUrl = patch.apiBaseUrl;
      if (patch.notifications !== undefined) world.notifications = patch.notifications;
      return { apiBaseUrl: world.apiBaseUrl, notifications: world.notifications };
    },
    'library:list-collections': async () => {
      await wait();
      return { collections: world.collections, fromCache: !world.online, fetchedAt: 1 };
    },
    'library:list-videos': async ({ collectionId, search, offset, limit }) => {
      await wait();
      const q = search?.toLowerCase() ?? '';
      const all = world.videos.filter(
        (v) => v.collectionId === collectionId && v.name.toLowerCase().includes(q),
      );
      return {
        videos: all.slice(offset, offset + limit),
        total: all.length,
        fromCache: !world.online,
        fetchedAt: 1,
      };
    },
    'library:get-video': async ({ videoId }) => ({
      video: video(videoId),
      sceneIndexes: world.sceneIndexes[videoId] ?? [],
      indexing: [],
      fromCache: !world.online,
      fetchedAt: 1,
    }),
    'library:refresh': async () => ({ ok: true }),
    'library:make-searchable': async ({ videoId, kind }): Promise<IndexingTask> => ({
      videoId,
      kind,
      status: 'running',
      progress: 0,
      error: null,
    }),
    'jobs:submit': async (request) => {
      const fp = (r: Job['request']) =>
        [
          r.videoId,
          r.prompt.trim().toLowerCase(),
          r.contentType,
          r.modelName,
          r.sceneIndexId ?? '',
        ].join('|');
      // Like the core: one job per request while it is in flight.
      const same = world.jobs.find(
        (j) => fp(j.request) === fp(request) && j.status !== 'done' && j.status !== 'failed',
      );
      if (same !== undefined) return { job: same, existing: true };
      const created = makeJob({
        id: `j-new-${world.nextId++}`,
        request,
        videoName: world.videos.find((v) => v.id === request.videoId)?.name ?? request.videoId,
        status: world.online && !world.paused ? 'sending' : 'queued',
        sentAt: null,
        createdAt: Date.now(),
      });
      world.jobs = [created, ...world.jobs];
      emit('jobs:changed', created);
      return { job: created, existing: false };
    },
    'jobs:list': async ({ search, statuses, videoId, favourite, offset, limit }) => {
      await wait();
      const q = search?.toLowerCase() ?? '';
      const all = [...world.jobs]
        .sort((a, b) => b.createdAt - a.createdAt)
        .filter(
          (j) =>
            (q === '' ||
              j.request.prompt.toLowerCase().includes(q) ||
              j.videoName.toLowerCase().includes(q)) &&
            (statuses === undefined || statuses.includes(j.status)) &&
            (videoId === undefined || j.request.videoId === videoId) &&
            (favourite === undefined || j.favourite === favourite),
        );
      // List rows carry no segments, only their count (as main answers).
      const rows = all
        .slice(offset, offset + limit)
        .map(({ segments, ...row }) => ({ ...row, segmentCount: segments.length }));
      return { jobs: rows, total: all.length, totalIsLowerBound: false };
    },
    'jobs:get': async ({ id }) => job(id),
    'jobs:retry': async ({ id }) =>
      update(id, { status: 'sending', error: null, attempts: job(id).attempts + 1 }),
    'jobs:resend-uncertain': async ({ id }) => update(id, { status: 'sending', error: null }),
    'jobs:stop-tracking': async ({ id }) => update(id, { tracking: false }),
    'jobs:follow': async ({ id }) => update(id, { tracking: true }),
    'jobs:delete': async ({ ids }) => {
      const before = world.jobs.length;
      world.jobs = world.jobs.filter((j) => !ids.includes(j.id));
      emit('jobs:removed', { ids });
      return { deleted: before - world.jobs.length };
    },
    'jobs:set-favourite': async ({ id, favourite }) => update(id, { favourite }),
    'clipboard:copy': async ({ jobIds, format }) => {
      // Like the core: clips with a link are copied, the others are named as skipped.
      const ready = jobIds
        .map(job)
        .filter((j) => j.status === 'done' && (j.clipPlayerUrl ?? j.clipStreamUrl) !== null);
      const text = ready.map((j) => `${format}:${j.clipPlayerUrl ?? j.id}`).join('\n');
      const skipped = jobIds.filter((id) => !ready.some((j) => j.id === id));
      return { text, count: ready.length, skipped };
    },
    'connectivity:status': async () => connectivity(),
    'connectivity:check': async () => connectivity(),
    'outbox:pause': async () => {
      world.paused = true;
      return connectivity();
    },
    'outbox:resume': async () => {
      world.paused = false;
      return connectivity();
    },
    'downloads:save': async ({ jobId }) => {
      const j = job(jobId);
      if (j.status !== 'done')
        throw new FakeError('validation', 'Only a finished clip can be saved as MP4.');
      const now = Date.now();
      const d: Download = {
        id: `d-${world.nextId++}`,
        jobId,
        targetPath: `/home/user/Downloads/${j.request.prompt}.mp4`,
        fileName: `${j.request.prompt}.mp4`,
        status: 'downloading',
        bytesDone: 0,
        totalBytes: 1_000_000,
        bytesPerSecond: 0,
        error: null,
        createdAt: now,
        updatedAt: now,
      };
      world.downloads = [d, ...world.downloads];
      emit('downloads:changed', d);
      return { download: d };
    },
    'downloads:list': async ({ jobId }) =>
      world.downloads.filter((d) => jobId === undefined || d.jobId === jobId),
    'downloads:pause': async ({ id }) => setDownload(id, { status: 'paused', bytesPerSecond: 0 }),
    'downloads:resume': async ({ id }) => setDownload(id, { status: 'downloading' }),
    'downloads:show-in-folder': async ({ id }) => {
      setDownload(id, {});
      return { ok: true };
    },
    // Uploads and editor bundles are tested over the real core (core-api.ts), not re-implemented.
    'uploads:list': async () => [],
    'downloads:editor-exports': async () => [],
    'multiclip:list': async () => [],
    'multiclip:submit': notHere,
    'multiclip:get': notHere,
    'multiclip:retry-failed': notHere,
    'multiclip:compile': notHere,
    'downloads:editor-export': notHere,
    'uploads:add-files': notHere,
    'uploads:add-link': notHere,
    'uploads:pause': notHere,
    'uploads:resume': notHere,
    'uploads:register-again': notHere,
    'uploads:dismiss': notHere,
  };

  const toError = (err: unknown): AppErrorInfo =>
    err instanceof FakeError
      ? { code: err.code, message: err.message }
      : { code: 'internal', message: err instanceof Error ? err.message : String(err) };

  const api = buildApi(
    async (channel, input) => {
      const result = await dispatch(handlers as unknown as HandlerMap, channel, input, toError);
      calls.push({ channel, input });
      return result;
    },
    (event, listener) => {
      let set = listeners.get(event);
      if (set === undefined) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  );

  return {
    api,
    world,
    calls,
    emit,
    release: () => {
      releaseGate?.();
      world.gate = null;
    },
    hold: () => {
      world.gate = new Promise((r) => (releaseGate = r));
    },
  };
}
