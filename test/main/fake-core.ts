/**
 * A Core double for wiring tests: one spy per core call (answers a copy of its
 * `FAKE_ANSWERS` entry, which fits the contract), an event source the test fires by hand, and
 * start/close spies.
 */
import { vi } from 'vitest';
import { CALL_NAMES, type CallName, type EventName } from '../../app/shared/contract';
import type { Core, CoreCallName } from '../../app/core/types';
import { FAKE_ANSWERS } from './fake-answers';

/** Calls the transport (not the core) answers. */
export const TRANSPORT_CALLS: readonly CallName[] = [
  'app:ready',
  'app:open-external',
  'app:viewing-job',
  'app:restart-to-update',
  'demo:network',
  'demo:set-network',
  'downloads:save',
  'downloads:show-in-folder',
];
/** Calls the core answers. */
export const CORE_CALLS = CALL_NAMES.filter((n) => !TRANSPORT_CALLS.includes(n)) as CoreCallName[];

/** The double with its controls. */
export interface FakeCore extends Core {
  emit(name: EventName, payload: unknown): void;
  spies: Record<CoreCallName, ReturnType<typeof vi.fn>>;
  start: ReturnType<typeof vi.fn> & Core['start'];
  close: ReturnType<typeof vi.fn> & Core['close'];
}

/** Build a fake core. */
export function makeFakeCore(): FakeCore {
  const spies = {} as Record<CoreCallName, ReturnType<typeof vi.fn>>;
  for (const name of CORE_CALLS) {
    spies[name] = vi.fn(async () => structuredClone(FAKE_ANSWERS[name]));
  }
  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  return {
    handlers: spies as unknown as Core['handlers'],
    spies,
    on: () => () => undefined,
    onAny(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(name, payload) {
      for (const l of listeners) l(name, payload);
    },
    startupWarnings: [],
    relayMedia: vi.fn(async (request: Request) => new Response(`relayed ${request.url}`)),
    downloads: {
      suggestedFileName: vi.fn(() => 'clip.mp4'),
      start: vi.fn(() => {
        throw new Error('not in the fake core');
      }),
      get: vi.fn(() => {
        throw new Error('not in the fake core');
      }),
    },
    start: vi.fn(async () => undefined) as any,
    close: vi.fn(async () => undefined) as any,
  };
}
