/**
 * The contract's names without its schemas: every call and event channel, and `buildApi`, which
 * turns them into `window.api`. The preload imports only this module, so the sandboxed bridge
 * ships no zod (the schemas stay in main, where inputs are validated). `contract.ts` re-exports
 * all of it; the lists must name exactly the contract's calls and events, which the compiler
 * checks here and test/main/contract-completeness.test.ts checks at run time.
 */
import type { Api, CallName, EventName, Result } from './contract';

/**
 * Returns `list` as it is; does not compile unless it names every member of `T` (a name the
 * contract does not have is refused by `T`, a missing one is shown as `missing`).
 */
function exactly<T extends string>() {
  return <const L extends readonly T[]>(
    list: L &
      ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): readonly T[] => list;
}

/** List of call names (the keys of `calls` in contract.ts), for registration loops and tests. */
export const CALL_NAMES = exactly<CallName>()([
  'app:ready',
  'app:open-external',
  'app:viewing-job',
  'app:restart-to-update',
  'app:startup-warnings',
  'demo:network',
  'demo:set-network',
  'secrets:status',
  'secrets:set-api-key',
  'secrets:test-api-key',
  'secrets:clear',
  'settings:get',
  'settings:update',
  'library:list-collections',
  'library:list-videos',
  'library:get-video',
  'library:refresh',
  'library:make-searchable',
  'jobs:submit',
  'jobs:list',
  'jobs:get',
  'jobs:videos',
  'jobs:retry',
  'jobs:resend-uncertain',
  'jobs:stop-tracking',
  'jobs:follow',
  'jobs:delete',
  'jobs:set-favourite',
  'clipboard:copy',
  'downloads:save',
  'downloads:list',
  'downloads:pause',
  'downloads:resume',
  'downloads:show-in-folder',
  'downloads:editor-export',
  'downloads:editor-exports',
  'multiclip:submit',
  'multiclip:readiness',
  'multiclip:parent-of',
  'multiclip:list',
  'multiclip:get',
  'multiclip:retry-failed',
  'multiclip:compile',
  'multiclip:copy',
  'compare:submit',
  'compare:get',
  'compare:list',
  'compare:retry-failed',
  'compare:parent-of',
  'uploads:add-files',
  'uploads:add-link',
  'uploads:list',
  'uploads:pause',
  'uploads:resume',
  'uploads:register-again',
  'uploads:dismiss',
  'connectivity:status',
  'connectivity:check',
  'outbox:pause',
  'outbox:resume',
]);

/** List of event names (the keys of `events` in contract.ts). */
export const EVENT_NAMES = exactly<EventName>()([
  'jobs:changed',
  'jobs:removed',
  'connectivity:changed',
  'library:changed',
  'library:indexing',
  'secrets:changed',
  'settings:changed',
  'downloads:changed',
  'downloads:editor-export-changed',
  'multiclip:changed',
  'compare:changed',
  'uploads:changed',
  'app:focus-job',
  'app:open-video',
  'app:update-ready',
  'app:menu',
]);

/** Channel used for events over Electron IPC (one channel, payload carries the name). */
export const EVENT_CHANNEL = 'event';

/** `jobs:list-videos` → `['jobs', 'listVideos']`. */
export function apiPath(name: string): [string, string] {
  const [domain = '', verb = ''] = name.split(':');
  return [domain, verb.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
}

/** `jobs:changed` → `onJobsChanged`. */
export function eventMethodName(name: string): string {
  const [domain, verb] = apiPath(name);
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return `on${cap(domain)}${cap(verb)}`;
}

/**
 * Build `window.api` from two transport primitives. Preload passes ipcRenderer-based ones, the
 * preview page passes WebSocket-based ones, so both expose exactly the same object.
 */
export function buildApi(
  invoke: (channel: CallName, input: unknown) => Promise<Result<unknown>>,
  subscribe: (event: EventName, listener: (payload: unknown) => void) => () => void,
): Api {
  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) {
    const [domain, verb] = apiPath(name);
    const group = (api[domain] ??= {}) as Record<string, unknown>;
    group[verb] = (input?: unknown) => invoke(name, input ?? {});
  }
  for (const name of EVENT_NAMES) {
    api[eventMethodName(name)] = (listener: (payload: unknown) => void) =>
      subscribe(name, listener);
  }
  return api as Api;
}
