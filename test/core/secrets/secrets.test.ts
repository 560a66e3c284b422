import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../app/core/log';
import {
  SECRET_SERVICE,
  accountFor,
  createKeytarSecretStore,
  createMemorySecretStore,
  createSecretStore,
  deferredSecretStore,
  type KeytarLike,
} from '../../../app/core/secrets';
import type { SecretStore } from '../../../app/core';
import { VideoDbError } from '../../../app/core/videodb';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SKIP_KEYCHAIN = process.env['VIDEODB_SKIP_KEYCHAIN'] === '1';
const HOW_TO =
  "run inside a D-Bus session with an unlocked gnome-keyring: dbus-run-session -- bash -c 'export " +
  'XDG_DATA_HOME=$(mktemp -d) XDG_RUNTIME_DIR=$(mktemp -d); echo -n pw | gnome-keyring-daemon --unlock ' +
  "--components=secrets >/dev/null; npx vitest run test/core/secrets' — or set VIDEODB_SKIP_KEYCHAIN=1 to skip";

describe('accountFor', () => {
  it('normalises the base URL to origin + path, one account per API', () => {
    expect(accountFor('https://api.videodb.io')).toBe('https://api.videodb.io');
    expect(accountFor('https://API.videodb.io/')).toBe('https://api.videodb.io');
    expect(accountFor(' https://api.videodb.io:443/ ')).toBe('https://api.videodb.io');
    expect(accountFor('http://127.0.0.1:4010/v1/')).toBe('http://127.0.0.1:4010/v1');
    expect(accountFor('https://staging.videodb.io')).not.toBe(accountFor('https://api.videodb.io'));
    expect(SECRET_SERVICE).toBe('VideoDB Clips');
  });
});

describe('memory secret store', () => {
  it('round-trips and keeps accounts apart', async () => {
    const s = createMemorySecretStore();
    expect(s.kind).toBe('memory');
    await s.set('a', 'sk-1');
    await s.set('b', 'sk-2');
    expect([await s.get('a'), await s.get('b'), await s.get('c')]).toEqual(['sk-1', 'sk-2', null]);
    await s.delete('a');
    expect(await s.get('a')).toBeNull();
  });
});

describe('keychain secret store (real OS keychain)', () => {
  it('set / get / delete round-trip, one account per base URL', async (ctx) => {
    if (SKIP_KEYCHAIN)
      ctx.skip('VIDEODB_SKIP_KEYCHAIN=1: the OS keychain test was skipped on purpose');
    // A service of its own per run, so a developer's real entries are never touched.
    const service = `${SECRET_SERVICE} test ${randomBytes(4).toString('hex')}`;
    const store = await createKeytarSecretStore(service);
    if (!store)
      throw new Error(`The OS keychain is not reachable from this test. To run it, ${HOW_TO}.`);
    expect(store.kind).toBe('keychain');
    const prod = accountFor('https://api.videodb.io/');
    const local = accountFor('http://127.0.0.1:4010');
    const key1 = `sk-${randomBytes(12).toString('hex')}`;
    const key2 = `sk-${randomBytes(12).toString('hex')}`;
    try {
      expect(await store.get(prod)).toBeNull();
      await store.set(prod, key1);
      await store.set(local, key2);
      expect(await store.get(prod)).toBe(key1);
      expect(await store.get(accountFor('https://API.videodb.io'))).toBe(key1);
      expect(await store.get(local)).toBe(key2);
      // A second store (as after an app restart) sees the same entries.
      const again = await createSecretStore(service);
      expect(again.kind).toBe('keychain');
      expect(await again.get(prod)).toBe(key1);
      await store.set(prod, key2);
      expect(await again.get(prod)).toBe(key2);
      await store.delete(prod);
      expect(await store.get(prod)).toBeNull();
      expect(await store.get(local)).toBe(key2);
    } finally {
      await store.delete(prod).catch(() => undefined);
      await store.delete(local).catch(() => undefined);
    }
  });
});

describe('fallback when no keychain is reachable', () => {
  it('falls back to memory in a process whose D-Bus session points nowhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-fallback-'));
    const file = join(dir, 'probe.mts');
    const script = [
      `import { createSecretStore } from ${JSON.stringify(`${ROOT}app/core/secrets/index.ts`)};`,
      "const s = await createSecretStore('VideoDB Clips fallback test');",
      "await s.set('acct', 'sk-fallback-000000');",
      "console.log(JSON.stringify({ kind: s.kind, got: await s.get('acct') }));",
    ].join('\n');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/videodb-clips-no-bus',
    };
    delete env['DISPLAY'];
    delete env['WAYLAND_DISPLAY'];
    const tsx = `${ROOT}node_modules/.bin/tsx`;
    writeFileSync(file, script);
    let stdout: string;
    try {
      ({ stdout } = await run(tsx, [file], { cwd: ROOT, env, timeout: 25_000 }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const last = stdout.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(last)).toEqual({ kind: 'memory', got: 'sk-fallback-000000' });
  });

  it('falls back to memory when keytar cannot load or its probe fails, and logs why', async () => {
    const lines: string[] = [];
    const logger = createLogger({ sink: (l) => lines.push(l) });
    const noModule = await createSecretStore('x', {
      logger,
      load: () => Promise.reject(new Error('Cannot find module keytar')),
    });
    expect(noModule.kind).toBe('memory');
    const failingProbe: KeytarLike = {
      getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      setPassword: () => Promise.resolve(),
      deletePassword: () => Promise.resolve(true),
    };
    expect(await createKeytarSecretStore('x', { load: async () => failingProbe })).toBeNull();
    expect((await createSecretStore('x', { load: async () => failingProbe })).kind).toBe('memory');
    expect(
      lines.some((l) => /keychain unavailable/.test(l) && /Cannot find module keytar/.test(l)),
    ).toBe(true);
    expect(lines.some((l) => /memory only/.test(l))).toBe(true);
  });

  it('a keychain that fails after the probe gives a keychain error without the key in it', async () => {
    let probed = false;
    const flaky: KeytarLike = {
      getPassword: async () => {
        if (!probed) {
          probed = true;
          return null;
        }
        throw new Error('org.freedesktop.Secret.Error.IsLocked');
      },
      setPassword: async (_s, _a, secret) => {
        throw new Error(`refused to store ${secret}`);
      },
      deletePassword: async () => false,
    };
    const store = await createKeytarSecretStore('x', { load: async () => flaky });
    expect(store?.kind).toBe('keychain');
    const err = await store?.set('acct', 'sk-SECRETLEAK-1234567').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VideoDbError);
    expect((err as VideoDbError).code).toBe('keychain');
    expect(JSON.stringify(err) + String((err as Error).stack)).not.toContain(
      'sk-SECRETLEAK-1234567',
    );
    const err2 = await store?.get('acct').catch((e: unknown) => e);
    expect((err2 as VideoDbError).code).toBe('keychain');
  });
});

describe('a keychain behind an unlock prompt (issue 10)', () => {
  it('is waited for, at the probe and at a read, past the old 5 s give-up', async () => {
    vi.useFakeTimers();
    try {
      // keytar's calls answer only after the user has unlocked (here: 30 s later).
      const later = <T>(value: T) =>
        new Promise<T>((resolve) => setTimeout(() => resolve(value), 30_000));
      const prompting: KeytarLike = {
        getPassword: (_service, account) => later(account === 'acct' ? 'sk-after-unlock' : null),
        setPassword: () => Promise.resolve(),
        deletePassword: () => Promise.resolve(true),
      };
      const opening = createSecretStore('x', { load: async () => prompting });
      await vi.advanceTimersByTimeAsync(30_000);
      const store = await opening;
      expect(store.kind).toBe('keychain');
      const read = store.get('acct');
      await vi.advanceTimersByTimeAsync(30_000);
      expect(await read).toBe('sk-after-unlock');
    } finally {
      vi.useRealTimers();
    }
  });

  it('a store still being opened answers once it is open, and says keychain until then', async () => {
    let open!: (s: SecretStore) => void;
    const deferred = deferredSecretStore(new Promise<SecretStore>((r) => (open = r)));
    expect(deferred.kind).toBe('keychain');
    const read = deferred.get('a');
    const memory = createMemorySecretStore();
    await memory.set('a', 'sk-in-memory');
    open(memory);
    expect(await read).toBe('sk-in-memory');
    expect(deferred.kind).toBe('memory');
  });
});
