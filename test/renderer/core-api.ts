/**
 * `window.api` over the real core, in-process (issue 13 §6): the local VideoDB server, the real
 * SQLite file, the preview's handler map (the core's handlers plus what a browser has instead of
 * main's desktop calls), the transports' own `dispatch` with every answer checked against the
 * contract, `buildApi` as the preload builds it, and structured clones both ways as real IPC
 * makes. A component test on this meets the core as the window does, not a re-implementation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  accountFor,
  createCore,
  createMemorySecretStore,
  toAppError,
  type Core,
  type CoreTuning,
} from '../../app/core';
import { previewHandlers } from '../../app/preview/preview-handlers';
import { buildApi, type Api, type CallName, type EventName } from '../../app/shared/contract';
import { dispatch } from '../../app/shared/dispatch';
import { createEventHub } from '../../app/shared/event-hub';
import { startServer, type RunningServer, type StartServerOptions } from '../server';

/** Short timings, as the core's own tests use. */
const TUNING: Partial<CoreTuning> = {
  firstPollMs: 50,
  pollMaxMs: 300,
  probeOfflineMs: 150,
  outboxBaseDelayMs: 50,
  outboxMaxDelayMs: 400,
};

/** A running real core with the api the window gets. */
export interface CoreApi {
  api: Api;
  core: Core;
  server: RunningServer;
  /** Every call the window made, in order. */
  calls: Array<{ channel: CallName; input: unknown }>;
  /** Every event the window heard, in order. */
  events: Array<{ name: EventName; payload: unknown }>;
  close(): Promise<void>;
}

/** Start the local server and a real core behind `window.api` (with a stored key by default). */
export async function startCoreApi(
  opts: { withKey?: boolean; server?: StartServerOptions } = {},
): Promise<CoreApi> {
  const server = await startServer({ media: false, jobDurationMs: 300, ...opts.server });
  const dataDir = mkdtempSync(join(tmpdir(), 'renderer-core-'));
  const secretStore = createMemorySecretStore();
  if (opts.withKey !== false) await secretStore.set(accountFor(server.url), server.apiKey);
  const core = await createCore({
    dataDir,
    secretStore,
    clipboard: { writeText: () => undefined },
    defaultApiBaseUrl: server.url,
    tuning: TUNING,
    uploads: { pollIntervalMs: 50, retryDelayMs: 50, pieceBytes: 64 * 1024 },
  });
  await core.start();
  const handlers = previewHandlers(core, { dataDir, demoNetwork: null });
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
    async close() {
      off();
      await core.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
