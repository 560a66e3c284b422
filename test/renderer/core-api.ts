/**
 * `window.api` over the real core, in-process (issue 13 §6): the local VideoDB server, the real
 * SQLite file, the preview's handler map (the core's handlers plus what a browser has instead of
 * main's desktop calls), the transports' own `dispatch` with every answer checked against the
 * contract, `buildApi` as the preload builds it, and structured clones both ways as real IPC
 * makes. A component test on this meets the core as the window does, not a re-implementation.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  accountFor,
  createCore,
  createMemorySecretStore,
  DATABASE_FILE,
  openStore,
  toAppError,
  type Core,
  type CoreTuning,
  type SecretStore,
} from '../../app/core';
import { fingerprint } from '../../app/core/jobs';
import { bulkInsert, type BulkJob } from '../support/bulk-insert';
import { previewHandlers } from '../../app/preview/preview-handlers';
import {
  buildApi,
  events as eventSchemas,
  type Api,
  type CallName,
  type EventName,
  type EventPayload,
} from '../../app/shared/contract';
import { dispatch, type HandlerMap } from '../../app/shared/dispatch';
import type { Job } from '../../app/shared/domain';
import { createEventHub } from '../../app/shared/event-hub';
import {
  SAMPLE,
  startServer,
  type RunningServer,
  type ServerSwitches,
  type StartServerOptions,
} from '../server';

/** Short timings, as the core's own tests use. */
const TUNING: Partial<CoreTuning> = {
  firstPollMs: 50,
  pollMaxMs: 300,
  probeOfflineMs: 150,
  outboxBaseDelayMs: 50,
  outboxMaxDelayMs: 400,
};

/** Events only main sends (menus, deep links, updates): the core never emits them. */
export type MainEventName = 'app:focus-job' | 'app:open-video' | 'app:update-ready' | 'app:menu';

/** A running real core with the api the window gets. */
export interface CoreApi {
  api: Api;
  core: Core;
  server: RunningServer;
  /** Every call the window made, in order. */
  calls: Array<{ channel: CallName; input: unknown }>;
  /** Every event the window heard, in order. */
  events: Array<{ name: EventName; payload: unknown }>;
  /** Send the window an event as main does (checked against the contract first). */
  emitFromMain<E extends MainEventName>(name: E, payload: EventPayload<E>): void;
  /**
   * Deliver any event to the window as IPC would, checked against the contract: for what the
   * in-process core cannot produce on demand, e.g. an older state arriving after a newer one.
   */
  deliver<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Cut (true) or restore (false) the network, and have the core look at once. */
  setOffline(offline: boolean): Promise<void>;
  close(): Promise<void>;
}

/** A job to put into the history before the core starts (as the window would see it). */
export type SeedJob = Partial<Job> & { id: string };

/**
 * A history entry of the seeded library's pricing talk, done unless told otherwise; `over` may
 * change anything the window sees of it. Give it to {@link startCoreApi} as one of `jobs`.
 */
export function makeJob(over: SeedJob): Job {
  const now = over.createdAt ?? Date.now();
  return {
    request: {
      videoId: SAMPLE.pricingTalkId,
      collectionId: SAMPLE.defaultCollectionId,
      prompt: `prompt ${over.id}`,
      contentType: 'spoken',
      modelName: 'basic',
    },
    videoName: SAMPLE.pricingTalkName,
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

/** How long a seeded queued job waits before the outbox sends it (a retry backing off). */
const QUEUED_DUE_IN_MS = 60 * 60_000;

/**
 * Write `jobs` into the SQLite file of `dataDir` through the store, as an earlier run of the app
 * left them. Queued jobs get an outbox row due in an hour (so they stay queued while a test
 * looks); processing jobs have no job address, so the core does not poll them.
 */
function seedStore(dataDir: string, jobs: readonly Job[], bulk: Iterable<BulkJob>) {
  const store = openStore(dataDir);
  try {
    bulkInsert(store, bulk);
    for (const j of jobs) {
      const row = {
        id: j.id,
        request: j.request,
        videoName: j.videoName,
        fingerprint: fingerprint(j.request),
        createdAt: j.createdAt,
      };
      if (j.status === 'queued') {
        store.jobs.insertQueued(row);
        store.db
          .prepare('UPDATE outbox SET next_attempt_at = ? WHERE job_id = ?')
          .run(Date.now() + QUEUED_DUE_IN_MS, j.id);
      } else {
        bulkInsert(store, [
          {
            ...row,
            status: j.status,
            favourite: j.favourite,
            segments: j.segments,
            finishedAt: j.finishedAt,
            clipStreamUrl: j.clipStreamUrl,
            clipPlayerUrl: j.clipPlayerUrl,
          },
        ]);
      }
      store.jobs.patch(
        j.id,
        {
          favourite: j.favourite,
          progress: j.progress,
          stuck: j.stuck,
          tracking: j.tracking,
          attempts: j.attempts,
          linksMintedAt: j.linksMintedAt,
          sourceStreamUrl: j.sourceStreamUrl,
          sentAt: j.sentAt,
          error: j.error,
        },
        j.updatedAt,
      );
    }
  } finally {
    store.close();
  }
}

/** What {@link startCoreApi} starts with. */
export interface CoreApiOptions {
  /** A key for the server is stored (default true). */
  withKey?: boolean;
  /** The stored key, when not the one the server accepts (e.g. one revoked since). */
  storedKey?: string;
  /**
   * The history file is damaged (not a database at all): the core moves it aside, starts a new
   * one and says so among its startup warnings.
   */
  damagedHistoryFile?: boolean;
  /** Where the stored key is said to be kept (default the system keychain). */
  storage?: 'keychain' | 'memory' | 'session';
  /**
   * How the keychain behaves: it answers reads only once `answersWhen` resolves (an unlock
   * prompt is open until then), or it refuses to store a key.
   */
  keychain?: { answersWhen?: Promise<unknown>; refusesToStore?: boolean };
  server?: StartServerOptions;
  /** Server switches set before the core starts (`offline: true`: the network is cut). */
  switches?: Partial<ServerSwitches>;
  /** The history as an earlier run left it (see {@link makeJob}). */
  jobs?: readonly Job[];
  /** Many more history rows, written in one transaction (for tests of the list at scale). */
  bulkJobs?: Iterable<BulkJob>;
  /**
   * The person's answer to main's system dialog that confirms moving the key to a new address
   * (the core refuses a move without one, as the preview does).
   */
  confirmKeyMove?: (move: { from: string; to: string }) => Promise<boolean>;
  /** The demo's "Simulate offline" switch, over the server's `offline` switch. */
  demoNetwork?: boolean;
  /**
   * Explicit stand-ins for calls that main answers from the desktop (Electron) and the core
   * cannot: each test that uses one says why.
   */
  stubs?: Partial<HandlerMap>;
}

/** Start the local server and a real core behind `window.api` (with a stored key by default). */
export async function startCoreApi(opts: CoreApiOptions = {}): Promise<CoreApi> {
  const server = await startServer({ media: false, jobDurationMs: 300, ...opts.server });
  if (opts.switches !== undefined) {
    server.control.set(opts.switches);
    await server.control.settled();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'renderer-core-'));
  try {
    return await startCoreOver(server, dataDir, opts);
  } catch (err) {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

async function startCoreOver(
  server: RunningServer,
  dataDir: string,
  opts: CoreApiOptions,
): Promise<CoreApi> {
  seedStore(dataDir, opts.jobs ?? [], opts.bulkJobs ?? []);
  const kept = createMemorySecretStore();
  if (opts.withKey !== false) {
    await kept.set(accountFor(server.url), opts.storedKey ?? server.apiKey);
  }
  const keychain = opts.keychain ?? {};
  const secretStore: SecretStore = {
    kind: opts.storage ?? 'keychain',
    get: async (account) => {
      await keychain.answersWhen;
      return kept.get(account);
    },
    set: async (account, secret) => {
      if (keychain.refusesToStore === true) throw new Error('The user denied access.');
      await kept.set(account, secret);
    },
    delete: (account) => kept.delete(account),
  };
  if (opts.damagedHistoryFile === true) {
    const file = join(dataDir, DATABASE_FILE);
    writeFileSync(file, 'This is not a database.\n'.repeat(512));
    rmSync(`${file}.closed-cleanly`, { force: true });
  }
  const core = await createCore({
    dataDir,
    secretStore,
    clipboard: { writeText: () => undefined },
    defaultApiBaseUrl: server.url,
    tuning: TUNING,
    downloads: { pollIntervalMs: 50, retryDelayMs: 10 },
    uploads: { pollIntervalMs: 50, retryDelayMs: 50, pieceBytes: 64 * 1024 },
    ...(opts.confirmKeyMove !== undefined ? { confirmKeyMove: opts.confirmKeyMove } : {}),
  });
  await core.start();
  const setOffline = async (offline: boolean) => {
    server.control.set({ offline });
    await server.control.settled();
  };
  const demoNetwork =
    opts.demoNetwork === true
      ? { setOffline, isOffline: () => server.control.switches().offline }
      : null;
  const handlers: HandlerMap = {
    ...previewHandlers(core, { dataDir, demoNetwork }),
    ...opts.stubs,
  };
  const calls: CoreApi['calls'] = [];
  const events: CoreApi['events'] = [];
  const invoke = async (channel: CallName, input: unknown) => {
    calls.push({ channel, input });
    const answer = await dispatch(handlers, channel, structuredClone(input), toAppError, {
      checkOutput: true,
    });
    return structuredClone(answer);
  };
  const hub = createEventHub((err) => {
    throw err;
  });
  const deliver = (name: EventName, payload: unknown) => {
    const checked: unknown = eventSchemas[name].parse(payload);
    hub.dispatch({ name, payload: structuredClone(checked) });
  };
  const off = core.onAny((name, payload) => {
    events.push({ name, payload });
    hub.dispatch({ name, payload: structuredClone(payload) });
  });
  return {
    api: buildApi(invoke, hub.subscribe),
    core,
    server,
    calls,
    events,
    emitFromMain: (name, payload) => deliver(name, payload),
    deliver: (name, payload) => deliver(name, payload),
    async setOffline(offline) {
      await setOffline(offline);
      await core.handlers['connectivity:check']({});
    },
    async close() {
      off();
      await core.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The library never says a video has no spoken index; the core learns it when a clip of the
 * video fails for that reason. Ask for one through the core and wait until it failed.
 */
export async function failAClipOf(c: CoreApi, videoId: string, collectionId: string) {
  const { job } = await c.core.handlers['jobs:submit']({
    videoId,
    collectionId,
    prompt: 'anything at all',
    contentType: 'spoken',
    modelName: 'basic',
  });
  for (let waited = 0; ; waited += 50) {
    const now = await c.core.handlers['jobs:get']({ id: job.id });
    if (now.status === 'failed') return now;
    if (waited > 10_000) throw new Error(`the clip of ${videoId} did not fail: ${now.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
