import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEEP_LINK_SCHEME } from '../../app/shared/deep-link';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { listPackage } from '@electron/asar';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

/**
 * Packaging: electron-builder.yml is valid for electron-builder's own schema, and a real
 * `electron-builder --dir` run (with a stub Electron distribution, nothing downloaded; the stub
 * carries Electron's fuse wire, so electron-builder's own `electronFuses` step really flips it)
 * produces an app.asar with main, preload and renderer, keytar's native module unpacked, nothing
 * else from node_modules, within a size budget.
 */
const root = resolve(__dirname, '../..');
const require_ = createRequire(import.meta.url);
/** js-yaml comes with electron-builder (no types installed); only `load` is used. */
const yaml = require_('js-yaml') as { load(text: string): unknown };
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ELECTRON_VERSION = (require_('electron/package.json') as { version: string }).version;
/** What the packed app.asar may weigh (it was ~10 MB while zod and undici shipped unbundled). */
const ASAR_BUDGET_BYTES = 6 * 1024 * 1024;
/** What the preload bundle may weigh (it was ~183 kB while it pulled in zod through the contract). */
const PRELOAD_BUDGET_BYTES = 20 * 1024;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, any>;
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  any
>;

describe('electron-builder.yml', () => {
  const schema = JSON.parse(
    readFileSync(require_.resolve('app-builder-lib/scheme.json'), 'utf8'),
  ) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it('validates against app-builder-lib/scheme.json', () => {
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the validator rejects a misspelt option (so passing means something)', () => {
    expect(validate({ ...config, mac: { ...config['mac'], hardenedRuntim: true } })).toBe(false);
  });

  it('has the app identity, targets and unpacking, and no hand-written after-pack step', () => {
    expect(config['appId']).toBe('io.videodb.clips');
    expect(config['productName']).toBe('VideoDB Clips');
    expect(config['files']).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(config['asarUnpack']).toContain('**/*.node');
    expect(config['afterPack']).toBeUndefined();
    expect(existsSync(join(root, 'build/after-pack.cjs'))).toBe(false);
    expect(config['mac']).toMatchObject({
      target: ['dmg', 'zip'],
      hardenedRuntime: true,
      entitlements: 'build/entitlements.mac.plist',
    });
    expect(config['mac'].category).toMatch(/^public\.app-category\./);
    expect(config['win']).toMatchObject({ target: ['nsis'] });
    expect(config['linux'].category).toBeTruthy();
    expect(config['publish']).toBeNull();
  });

  it('registers the videodb-clips:// scheme the deep links use (issue 10 §3)', () => {
    expect(config['protocols']).toEqual([
      { name: 'VideoDB Clips link', schemes: [DEEP_LINK_SCHEME] },
    ]);
  });

  it('flips every fuse through electron-builder (before signing), file:// privileges off', () => {
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });

  it('builds the .deb first (AppArmor profile for Ubuntu 24.04) and keeps the AppImage', () => {
    expect(config['linux'].target).toEqual(['deb', 'AppImage']);
    // What makes the .deb the one that runs: electron-builder's own after-install script copies
    // the AppArmor profile it ships into /etc/apparmor.d (an AppImage has no install step).
    const afterInstall = readFileSync(
      require_.resolve('app-builder-lib/templates/linux/after-install.tpl'),
      'utf8',
    );
    expect(afterInstall).toMatch(/APPARMOR_PROFILE_TARGET='\/etc\/apparmor\.d\//);
  });

  it('reads signing and notarization credentials from the environment only', () => {
    expect(config['mac'].notarize).toBe(true);
    expect(config['win'].signtoolOptions).toEqual({ signingHashAlgorithms: ['sha256'] });
    const text = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    // No certificate, password or Apple account is written in the config.
    for (const key of ['cscLink', 'cscKeyPassword', 'certificateFile', 'certificatePassword'])
      expect(text).not.toContain(`${key}:`);
    const readme = readFileSync(join(root, 'build/README.md'), 'utf8');
    for (const name of [
      'CSC_LINK',
      'CSC_KEY_PASSWORD',
      'WIN_CSC_LINK',
      'WIN_CSC_KEY_PASSWORD',
      'APPLE_API_KEY',
      'APPLE_API_KEY_ID',
      'APPLE_API_ISSUER',
      'APPLE_ID',
      'APPLE_APP_SPECIFIC_PASSWORD',
      'APPLE_TEAM_ID',
    ])
      expect(readme, name).toContain(`\`${name}\``);
    expect(readme).toMatch(/AppArmor/);
    expect(readme).toMatch(/AppImage/);
    // No machine paths in the docs.
    expect(readme).not.toMatch(/(^|[\s(`])(\/home\/|\/work\/|\/tmp\/|\/Users\/|[A-Z]:\\)/m);
  });

  it('package.json names an author and a homepage (the .deb and the About panel need them)', () => {
    expect(pkg['author']).toMatchObject({
      name: expect.any(String),
      email: expect.stringMatching(/@/),
    });
    expect(pkg['homepage']).toMatch(/^https:\/\//);
  });

  it("pins @types/node to the Node major of Electron's own Node (so tsc catches newer APIs)", () => {
    const electronPkg = require_('electron/package.json') as {
      dependencies: Record<string, string>;
    };
    const major = (range: string) => Number(/(\d+)/.exec(range)?.[1]);
    const electronNode = major(electronPkg.dependencies['@types/node'] ?? '');
    expect(electronNode).toBe(24);
    expect(pkg['devDependencies']['@types/node']).toMatch(/^[\^~]?24\./);
    const installed = require_('@types/node/package.json') as { version: string };
    expect(major(installed.version)).toBe(electronNode);
  });

  it('ships nothing from node_modules but keytar at run time (zod and undici are bundled)', () => {
    const files = config['files'] as string[];
    expect(files).toContain('!node_modules/**');
    expect(files.filter((f) => f.startsWith('node_modules/'))).toEqual([
      'node_modules/keytar/package.json',
      'node_modules/keytar/lib/**',
      'node_modules/keytar/build/Release/keytar.node',
    ]);
  });

  it('ships a 512×512 PNG icon and a well-formed entitlements plist', () => {
    const png = readFileSync(join(root, 'build/icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(512);
    expect(png.readUInt32BE(20)).toBe(512);
    const plist = readFileSync(join(root, 'build/entitlements.mac.plist'), 'utf8');
    expect(plist).toContain('<key>com.apple.security.cs.allow-jit</key>');
    expect(plist).not.toContain('disable-library-validation');
  });
});

/** A fake Electron executable for linux: a shell script carrying a fuse wire with defaults. */
function makeStubElectron(dir: string, withSentinel = true): string {
  mkdirSync(dir, { recursive: true });
  // Default wire of Electron: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on,
  // asar integrity off, only-asar off, v8 snapshot off, file protocol privileges on, wasm on.
  const wire = Buffer.concat([
    Buffer.from(SENTINEL),
    Buffer.from([1, 9]),
    Buffer.from('101100011'),
  ]);
  const body = Buffer.concat([
    Buffer.from("#!/bin/sh\necho 'stub electron for packaging tests'\nexit 0\n#"),
    Buffer.alloc(64),
    withSentinel ? wire : Buffer.from('no fuse wire here'),
    Buffer.alloc(64),
  ]);
  const exe = join(dir, 'electron');
  writeFileSync(exe, body);
  chmodSync(exe, 0o755);
  writeFileSync(join(dir, 'version'), `v${ELECTRON_VERSION}`);
  return dir;
}

/** Build out/ with electron-vite when it is missing (the app must be built to be packed). */
function ensureBuilt(): void {
  const needed = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
  if (needed.every((f) => existsSync(join(root, f)))) return;
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: 'pipe',
      timeout: 180_000,
    },
  );
  for (const f of needed)
    expect(existsSync(join(root, f)), `${f} after electron-vite build`).toBe(true);
}

/** Run `electron-builder --dir --linux --x64` on `out/` with the given Electron distribution. */
function runBuilder(work: string, dist: string) {
  const configFile = join(work, 'electron-builder.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      ...config,
      electronDist: dist,
      electronVersion: ELECTRON_VERSION,
      // keytar's prebuilt .node is packed as is; a rebuild would download Electron headers.
      npmRebuild: false,
      directories: { ...config['directories'], output: join(work, 'release') },
    }),
  );
  const run = spawnSync(
    process.execPath,
    [
      require_.resolve('electron-builder/cli.js'),
      '--config',
      configFile,
      '--projectDir',
      root,
      '--dir',
      '--linux',
      '--x64',
      '--publish',
      'never',
    ],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        // electron-builder drops its info log when it sees VITEST; the checks below read that log.
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST'))),
        // Any download attempt would land in this cache or fail on these dead mirrors.
        ELECTRON_BUILDER_CACHE: join(work, 'cache'),
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
        ELECTRON_BUILDER_BINARIES_MIRROR: 'http://127.0.0.1:9/',
      },
    },
  );
  return { status: run.status, log: `${run.stdout}\n${run.stderr}` };
}

/** Bare module names a bundle loads at run time (static imports, dynamic imports, requires). */
function bareImports(code: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /^import\b[^;]*?\bfrom\s*"([^"]+)"/gm,
    /^import\s*"([^"]+)"/gm,
    /\bimport\("([^"]+)"\)/g,
    /\brequire\("([^"]+)"\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.add(m[1]!);
  return [...found].filter((s) => !s.startsWith('.') && !s.startsWith('/'));
}

describe('the built bundles', () => {
  beforeAll(() => ensureBuilt());

  it(`keeps the preload small and free of zod (< ${PRELOAD_BUDGET_BYTES / 1024} kB)`, () => {
    const preload = readFileSync(join(root, 'out/preload/index.cjs'), 'utf8');
    console.log(`out/preload/index.cjs: ${(preload.length / 1024).toFixed(1)} kB`);
    expect(preload.length).toBeLessThan(PRELOAD_BUDGET_BYTES);
    expect(preload).not.toMatch(/\bzod\b|ZodError|safeParse/);
    // It still carries the channel names it bridges.
    expect(preload).toContain('jobs:submit');
  });

  it('compiles zod and undici into main; only electron, keytar and Node built-ins stay imports', () => {
    const main = readFileSync(join(root, 'out/main/index.js'), 'utf8');
    const external = bareImports(main).filter((s) => !isBuiltin(s));
    expect(external.sort()).toEqual(['electron', 'keytar']);
  });
});

/**
 * Load out/main/index.js under plain Node (Electron 45 runs Node 24) from a folder with no
 * node_modules, with a do-nothing `electron` (every API a no-op, `whenReady` never resolves): its
 * top level runs, zod schemas included, so nothing it needs at start is left outside the bundle.
 */
function loadMainAlone(dir: string): { status: number | null; output: string } {
  const main = readFileSync(join(root, 'out/main/index.js'), 'utf8');
  const names = /^import\s*\{([^}]*)\}\s*from\s*"electron"/m
    .exec(main)?.[1]
    ?.split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  mkdirSync(join(dir, 'out', 'main'), { recursive: true });
  writeFileSync(join(dir, 'out', 'main', 'index.js'), main);
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  writeFileSync(
    join(dir, 'electron-stub.mjs'),
    [
      `const userData = ${JSON.stringify(join(dir, 'user-data'))};`,
      'const never = () => new Promise(() => {});',
      'const special = { whenReady: never, getPath: () => userData, isPackaged: true,',
      '  requestSingleInstanceLock: () => true };',
      'const stub = () => new Proxy(function () {}, {',
      "  get: (_t, key) => (key === 'then' ? undefined : key in special ? special[key] : stub()),",
      '  apply: () => stub(),',
      '});',
      ...(names ?? []).map((n) => `export const ${n} = stub();`),
      'export default stub();',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'hooks.mjs'),
    "export async function resolve(spec, ctx, next) {\n  if (spec === 'electron') return { url: new URL('./electron-stub.mjs', import.meta.url).href, shortCircuit: true };\n  return next(spec, ctx);\n}\n",
  );
  writeFileSync(
    join(dir, 'load.mjs'),
    "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n" +
      "await import('./out/main/index.js');\nconsole.log('main loaded');\nprocess.exit(0);\n",
  );
  const run = spawnSync(process.execPath, [join(dir, 'load.mjs')], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

describe('the main bundle on its own', () => {
  beforeAll(() => ensureBuilt());

  it('loads without node_modules (zod and undici are inside it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clips-main-alone-'));
    try {
      const run = loadMainAlone(dir);
      expect(run.output).toContain('main loaded');
      expect(run.status, run.output).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('electron-builder --dir with a stub Electron', () => {
  let work: string;
  let appOut: string;
  let asarFiles: string[] = [];
  let log = '';

  beforeAll(() => {
    ensureBuilt();
    work = mkdtempSync(join(tmpdir(), 'clips-pack-'));
    const run = runBuilder(work, makeStubElectron(join(work, 'electron-dist')));
    log = run.log;
    if (run.status !== 0) throw new Error(`electron-builder failed (${run.status}):\n${log}`);
    appOut = join(work, 'release', 'linux-unpacked');
    asarFiles = listPackage(join(appOut, 'resources', 'app.asar'), { isPack: false });
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('downloaded nothing', () => {
    expect(log).not.toMatch(/download/i);
    expect(existsSync(join(work, 'cache'))).toBe(false);
  });

  it('packs main, preload and renderer into app.asar and nothing from the sources', () => {
    expect(asarFiles).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/out/main/index.js',
        '/out/preload/index.cjs',
        '/out/renderer/index.html',
      ]),
    );
    expect(asarFiles.filter((f) => f.startsWith('/app/') || f.startsWith('/test/'))).toEqual([]);
    expect(asarFiles.filter((f) => f.startsWith('/out/') && f.endsWith('.map'))).toEqual([]);
  });

  it(`stays within ${ASAR_BUDGET_BYTES / 1024 / 1024} MB and lists what it ships`, () => {
    const asar = join(appOut, 'resources', 'app.asar');
    const size = statSync(asar).size;
    const unpacked = join(appOut, 'resources', 'app.asar.unpacked');
    console.log(
      `app.asar: ${(size / 1024 / 1024).toFixed(2)} MB (budget ${ASAR_BUDGET_BYTES / 1024 / 1024} MB), ` +
        `${asarFiles.length} entries:\n` +
        asarFiles
          .map((f) => {
            const onDisk = join(unpacked, f);
            return existsSync(onDisk) && statSync(onDisk).isFile()
              ? `  ${f} (unpacked, ${statSync(onDisk).size} B)`
              : `  ${f}`;
          })
          .join('\n'),
    );
    expect(size).toBeLessThan(ASAR_BUDGET_BYTES);
  });

  it("ships from node_modules only keytar's runtime files (no zod, undici or install tools)", () => {
    const modules = new Set(
      asarFiles
        .map((f) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1])
        .filter((m): m is string => m !== undefined),
    );
    expect([...modules]).toEqual(['keytar']);
    expect(asarFiles.filter((f) => f.startsWith('/node_modules/keytar/')).sort()).toEqual([
      '/node_modules/keytar/build',
      '/node_modules/keytar/build/Release',
      '/node_modules/keytar/build/Release/keytar.node',
      '/node_modules/keytar/lib',
      '/node_modules/keytar/lib/keytar.js',
      '/node_modules/keytar/package.json',
    ]);
    // Whatever main loads at run time is in the package (or is Electron / a Node built-in).
    const main = readFileSync(join(root, 'out/main/index.js'), 'utf8');
    for (const name of bareImports(main)) {
      if (name === 'electron' || isBuiltin(name)) continue;
      expect(asarFiles, name).toContain(`/node_modules/${name}/package.json`);
    }
  });

  it("unpacks keytar's native module next to the archive", () => {
    const native = join(
      appOut,
      'resources',
      'app.asar.unpacked',
      'node_modules',
      'keytar',
      'build',
      'Release',
      'keytar.node',
    );
    expect(existsSync(native)).toBe(true);
    expect(readFileSync(native).subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(
      existsSync(
        join(
          appOut,
          'resources',
          'app.asar.unpacked',
          'node_modules',
          'keytar',
          'lib',
          'keytar.js',
        ),
      ),
    ).toBe(true);
  });

  it("flipped every fuse with electron-builder's own electronFuses step", async () => {
    expect(log).toMatch(/executing @electron\/fuses/);
    const wire = await getCurrentFuseWire(join(appOut, 'videodb-clips'));
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
    // Set everywhere; Electron checks it on macOS and Windows, where electron-builder embeds the
    // asar hashes, and ignores it on Linux.
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    // Left as Electron ships it (no browser-specific snapshot is packed).
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(FuseState.DISABLE);
  });
});

describe('electron-builder with an Electron binary that has no fuse wire', () => {
  it('fails the build instead of shipping an app with default fuses', () => {
    const work = mkdtempSync(join(tmpdir(), 'clips-nofuse-'));
    try {
      const run = runBuilder(work, makeStubElectron(join(work, 'electron-dist'), false));
      expect(run.status, run.log).not.toBe(0);
      expect(run.log).toMatch(/sentinel/i);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 300_000);
});
