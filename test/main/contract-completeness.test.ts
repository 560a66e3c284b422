import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

vi.mock('electron', () => import('../support/electron-mock').then((m) => m.electronModule));

import { mock, structuredCopy } from '../support/electron-mock';
import {
  CALL_NAMES,
  EVENT_CHANNEL,
  EVENT_NAMES,
  apiPath,
  calls,
  eventMethodName,
  events,
  type CallName,
} from '../../app/shared/contract';
import { registerIpc, type IpcMainLike } from '../../app/main/ipc/register-ipc';
import { createMemorySecretStore } from '../../app/core/secrets';
import { toAppError } from '../../app/core';
import { createCore } from '../../app/core';
import { makeFakeCore, CORE_CALLS, TRANSPORT_CALLS } from './fake-core';
import type { FilesBridge } from '../../app/shared/files-bridge';

/** A valid input for every call (checked against the schema below, so it cannot drift). */
const VALID: Record<CallName, unknown> = {
  'app:ready': {},
  'app:open-external': { url: 'https://videodb.io' },
  'app:viewing-job': { id: 'j-1' },
  'app:restart-to-update': {},
  'app:startup-warnings': {},
  'demo:network': {},
  'demo:set-network': { offline: true },
  'jobs:videos': {},
  'secrets:status': {},
  'secrets:set-api-key': { apiKey: 'sk-test' },
  'secrets:test-api-key': {},
  'secrets:clear': {},
  'settings:get': {},
  'settings:update': { notifications: false },
  'library:list-collections': {},
  'library:list-videos': { collectionId: 'c-1' },
  'library:get-video': { videoId: 'm-1', collectionId: 'c-1' },
  'library:refresh': {},
  'library:make-searchable': { videoId: 'm-1', collectionId: 'c-1', kind: 'spoken' },
  'jobs:submit': { videoId: 'm-1', collectionId: 'c-1', prompt: 'pricing' },
  'jobs:list': {},
  'jobs:get': { id: 'j-1' },
  'jobs:retry': { id: 'j-1' },
  'jobs:resend-uncertain': { id: 'j-1' },
  'jobs:stop-tracking': { id: 'j-1' },
  'jobs:follow': { id: 'j-1' },
  'jobs:delete': { ids: ['j-1'] },
  'jobs:set-favourite': { id: 'j-1', favourite: true },
  'clipboard:copy': { jobIds: ['j-1'] },
  'downloads:save': { jobId: 'j-1' },
  'downloads:list': {},
  'downloads:pause': { id: 'd-1' },
  'downloads:resume': { id: 'd-1' },
  'downloads:show-in-folder': { id: 'd-1' },
  'downloads:editor-export': { jobId: 'j-1' },
  'downloads:editor-exports': { jobId: 'j-1' },
  'multiclip:submit': { videos: [{ videoId: 'm-1', collectionId: 'c-1' }], prompt: 'pricing' },
  'multiclip:readiness': { wholeCollection: 'c-1', contentType: 'visual' },
  'multiclip:parent-of': { jobId: 'job-1' },
  'multiclip:list': {},
  'multiclip:get': { id: 'mc-1' },
  'multiclip:retry-failed': { id: 'mc-1' },
  'multiclip:compile': { id: 'mc-1', topN: 5 },
  'multiclip:copy': { id: 'mc-1', format: 'markdown' },
  'compare:submit': {
    videoId: 'm-1',
    collectionId: 'c-1',
    prompt: 'pricing',
    runs: [
      { contentType: 'spoken', modelName: 'basic' },
      { contentType: 'multimodal', modelName: 'pro' },
    ],
  },
  'compare:get': { id: 'cmp-1' },
  'compare:list': { videoId: 'm-1' },
  'compare:retry-failed': { id: 'cmp-1' },
  'compare:parent-of': { jobId: 'job-1' },
  'uploads:add-files': { collectionId: 'c-1', paths: ['/videos/offsite.mp4'] },
  'uploads:add-link': { collectionId: 'c-1', link: 'https://media.example/a.mp4' },
  'uploads:list': {},
  'uploads:pause': { id: 'u-1' },
  'uploads:resume': { id: 'u-1' },
  'uploads:register-again': { id: 'u-1' },
  'uploads:dismiss': { id: 'u-1' },
  'connectivity:status': {},
  'connectivity:check': {},
  'outbox:pause': {},
  'outbox:resume': {},
};

/** Register through the real guard on a recording ipcMain with a fake core. */
function registered() {
  const handlers = new Map<string, (event: unknown, input?: unknown) => Promise<any>>();
  // Input and answer cross as structured clones, as over Electron's IPC (see structuredCopy).
  const ipcMain: IpcMainLike = {
    handle: (channel, fn) =>
      void handlers.set(channel, async (event, input) =>
        structuredCopy(await fn(event as any, structuredCopy(input))),
      ),
    removeHandler: (channel) => void handlers.delete(channel),
    on: () => undefined,
    removeAllListeners: () => undefined,
  };
  const core = makeFakeCore();
  const transport = {
    'app:ready': vi.fn(async () => ({ ok: true as const })),
    'app:open-external': vi.fn(async () => ({ ok: true as const })),
    'app:viewing-job': vi.fn(async () => ({ ok: true as const })),
    'demo:network': vi.fn(async () => ({ available: false, offline: false })),
    'demo:set-network': vi.fn(async () => ({ available: true, offline: true })),
    'app:restart-to-update': vi.fn(async () => ({ ok: true as const })),
    'downloads:save': vi.fn(async () => ({ download: null })),
    'downloads:show-in-folder': vi.fn(async () => ({ ok: true as const })),
  };
  registerIpc({
    ipcMain,
    core,
    isTrustedSender: () => true,
    transportHandlers: transport,
    getEventTarget: () => null,
    toError: toAppError,
  });
  const spyOf = (name: CallName) =>
    (TRANSPORT_CALLS.includes(name)
      ? transport[name as 'app:ready']
      : core.spies[name as (typeof CORE_CALLS)[number]]) as ReturnType<typeof vi.fn>;
  return { handlers, core, spyOf };
}

describe('contract entries', () => {
  it('every call has zod input and output schemas, every event a payload schema', () => {
    expect(CALL_NAMES.length).toBeGreaterThan(20);
    for (const name of CALL_NAMES) {
      expect(name).toMatch(/^[a-z]+:[a-z-]+$/);
      expect(calls[name].input).toBeInstanceOf(z.ZodType);
      expect(calls[name].output).toBeInstanceOf(z.ZodType);
      expect(calls[name].input.safeParse(VALID[name]).success, name).toBe(true);
    }
    for (const name of EVENT_NAMES) expect(events[name]).toBeInstanceOf(z.ZodType);
  });

  it('every call is registered through the guard and reaches its handler', async () => {
    const { handlers, spyOf } = registered();
    expect([...handlers.keys()].sort()).toEqual([...CALL_NAMES, EVENT_CHANNEL].sort());
    for (const name of CALL_NAMES) {
      const result = await handlers.get(name)!({}, VALID[name]);
      expect(result.ok, name).toBe(true);
      expect(spyOf(name), name).toHaveBeenCalledTimes(1);
    }
  });
});

describe('the real core', () => {
  let dir: string;
  let core: Awaited<ReturnType<typeof createCore>> | null = null;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'clips-contract-'));
  });
  afterAll(async () => {
    await core?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has a handler for exactly the core calls of the contract', async () => {
    core = await createCore({
      dataDir: dir,
      secretStore: createMemorySecretStore(),
      clipboard: { writeText: () => undefined },
      defaultApiBaseUrl: 'http://127.0.0.1:9',
    });
    expect(Object.keys(core.handlers).sort()).toEqual([...CORE_CALLS].sort());
    for (const name of CORE_CALLS) expect(typeof core.handlers[name], name).toBe('function');
  });
});

describe('preload', () => {
  let api: any;
  beforeAll(async () => {
    await import('../../app/preload/index');
    expect(mock.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(2);
    expect([...mock.contextBridge.exposed.keys()]).toEqual(['api', 'files']);
    api = mock.contextBridge.exposed.get('api');
  });

  it('binds one method per call, invoking its channel', async () => {
    for (const name of CALL_NAMES) {
      const [domain, verb] = apiPath(name);
      expect(typeof api[domain]?.[verb], name).toBe('function');
      mock.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: name });
      expect(await api[domain][verb](VALID[name])).toEqual({ ok: true, value: name });
      expect(mock.ipcRenderer.invoke).toHaveBeenLastCalledWith(name, VALID[name]);
    }
    const methods = Object.keys(api).filter((k) => typeof api[k] === 'object');
    const domains = new Set(CALL_NAMES.map((n) => apiPath(n)[0]));
    expect(new Set(methods)).toEqual(domains);
  });

  it('gives the paths of dropped or chosen files through webUtils, and nothing else', async () => {
    const files = mock.contextBridge.exposed.get('files') as FilesBridge<{ path?: string }>;
    expect(Object.keys(files)).toEqual(['pathsFor']);
    expect(await files.pathsFor([{ path: '/videos/offsite.mp4' }, {}])).toEqual([
      '/videos/offsite.mp4',
      '',
    ]);
    expect(mock.webUtils.getPathForFile).toHaveBeenCalledTimes(2);
  });

  it('turns a failed invoke into an error result instead of a rejection', async () => {
    mock.ipcRenderer.invoke.mockRejectedValueOnce(new Error('No handler registered'));
    expect(await api.jobs.get({ id: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });

  it('binds one on… subscription per event that gets the payload only, and unsubscribes', () => {
    for (const name of EVENT_NAMES) {
      const method = eventMethodName(name);
      expect(typeof api[method], method).toBe('function');
      const seen: unknown[] = [];
      const off = api[method]((p: unknown) => seen.push(p));
      mock.ipcRenderer.emit(EVENT_CHANNEL, { sender: 'ipc-event' }, { name, payload: { n: 1 } });
      mock.ipcRenderer.emit(
        EVENT_CHANNEL,
        { sender: 'ipc-event' },
        { name: 'other:thing', payload: 2 },
      );
      off();
      mock.ipcRenderer.emit(EVENT_CHANNEL, { sender: 'ipc-event' }, { name, payload: { n: 3 } });
      expect(seen, method).toEqual([{ n: 1 }]);
    }
    const eventMethods = Object.keys(api).filter((k) => typeof api[k] === 'function');
    expect(eventMethods.sort()).toEqual(EVENT_NAMES.map(eventMethodName).sort());
  });
});

describe('bad input is refused with validation before any handler runs', () => {
  const { handlers, spyOf } = registered();
  const wrongValue = fc.oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.string({ maxLength: 3 }),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
  );

  it.each(CALL_NAMES)('%s', async (name) => {
    const schema = calls[name].input;
    const spy = spyOf(name);
    const check = async (input: unknown): Promise<boolean> => {
      if (schema.safeParse(input).success) return true; // not bad: skip
      spy.mockClear();
      const result = await handlers.get(name)!({}, input);
      expect(result.ok).toBe(false);
      expect(result.error.code).toBe('validation');
      expect(typeof result.error.message).toBe('string');
      expect(spy).not.toHaveBeenCalled();
      return true;
    };
    // Anything at all (wrong types and shapes for the whole input).
    await fc.assert(fc.asyncProperty(fc.anything(), check), { numRuns: 60 });
    // A valid input with one field replaced by a wrong value, or an unknown field added.
    const valid = VALID[name] as Record<string, unknown>;
    const keys = [...Object.keys(valid), 'unexpected'];
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...keys), wrongValue, async (key, value) => {
        const input = { ...valid, [key]: value };
        if (!schema.safeParse(input).success) refusals++;
        return check(input);
      }),
      { numRuns: 60 },
    );
    // Every input schema is strict, so the generator must have found refusals.
    expect(refusals).toBeGreaterThan(0);
  });
});
