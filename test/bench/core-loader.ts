/**
 * Loading the core engine and its memory-only secret store without a static import, so the
 * benchmark and the hard-case suite compile and run (skipping, with a reason) while the core is
 * still being written. Once `app/core/index.ts` exists this is an ordinary import.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Core, CoreDeps, SecretStore } from '../../app/core/types';

/** `createCore` as `app/core/index.ts` exports it. */
export type CreateCore = (deps: CoreDeps) => Promise<Core>;

const coreIndex = fileURLToPath(new URL('../../app/core/index.ts', import.meta.url));

/** The core's `createCore`, or a reason it cannot be used yet. */
export async function loadCore(): Promise<{ createCore: CreateCore } | { missing: string }> {
  if (!existsSync(coreIndex)) return { missing: 'app/core/index.ts does not exist yet' };
  try {
    const mod = (await import(/* @vite-ignore */ coreIndex)) as { createCore?: CreateCore };
    if (typeof mod.createCore !== 'function') {
      return { missing: 'app/core/index.ts does not export createCore' };
    }
    return { createCore: mod.createCore };
  } catch (err) {
    return { missing: `app/core/index.ts failed to load: ${(err as Error).message}` };
  }
}

/**
 * A memory-only secret store. The core ships one (`app/core/secrets`); this stand-in has the same
 * three methods so the harness does not depend on where it lands.
 */
export function memorySecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  return {
    kind: 'memory',
    get: async (account) => secrets.get(account) ?? null,
    set: async (account, secret) => void secrets.set(account, secret),
    delete: async (account) => void secrets.delete(account),
  };
}

/** A clipboard that remembers what was written. */
export function recordingClipboard(): { writeText(text: string): void; texts: string[] } {
  const texts: string[] = [];
  return { writeText: (t) => void texts.push(t), texts };
}
