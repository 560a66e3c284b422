import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as channels from '../../app/shared/channels';
import * as contract from '../../app/shared/contract';

/**
 * app/shared/channels.ts is the contract's names without its schemas (what the preload bundles).
 * Its lists must be the contract's own keys, and contract.ts must hand out the very same values.
 */
const root = resolve(__dirname, '../..');

describe('app/shared/channels.ts', () => {
  it('lists exactly the calls and events of the contract', () => {
    expect([...channels.CALL_NAMES].sort()).toEqual(Object.keys(contract.calls).sort());
    expect([...channels.EVENT_NAMES].sort()).toEqual(Object.keys(contract.events).sort());
    expect(new Set(channels.CALL_NAMES).size).toBe(channels.CALL_NAMES.length);
    expect(new Set(channels.EVENT_NAMES).size).toBe(channels.EVENT_NAMES.length);
  });

  it('is what contract.ts re-exports (one source for names and buildApi)', () => {
    expect(contract.CALL_NAMES).toBe(channels.CALL_NAMES);
    expect(contract.EVENT_NAMES).toBe(channels.EVENT_NAMES);
    expect(contract.EVENT_CHANNEL).toBe(channels.EVENT_CHANNEL);
    expect(contract.buildApi).toBe(channels.buildApi);
    expect(contract.apiPath).toBe(channels.apiPath);
    expect(contract.eventMethodName).toBe(channels.eventMethodName);
  });

  it('imports no zod (only types from contract.ts), and neither does the preload', () => {
    const runtimeImports = (file: string) =>
      [
        ...readFileSync(resolve(root, file), 'utf8').matchAll(
          /^import (?!type )[^;]*?from '([^']+)'/gm,
        ),
      ].map((m) => m[1]);
    expect(runtimeImports('app/shared/channels.ts')).toEqual([]);
    expect(runtimeImports('app/preload/index.ts')).not.toContain('../shared/contract');
    expect(runtimeImports('app/shared/event-hub.ts')).not.toContain('./contract');
  });
});
