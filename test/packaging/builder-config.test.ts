import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { listPackage } from '@electron/asar';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

/**
 * Packaging: electron-builder.yml is valid for electron-builder's own schema, and a real
 * `electron-builder --dir` run (with a stub Electron distribution, nothing downloaded) produces an
 * app.asar with main, preload and renderer, keytar's native module unpacked, and fuses flipped by
 * build/after-pack.cjs.
 */
const root = resolve(__dirname, '../..');
const require_ = createRequire(import.meta.url);
/** js-yaml comes with electron-builder (no types installed); only `load` is used. */
const yaml = require_('js-yaml') as { load(text: string): unknown };
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ELECTRON_VERSION = (require_('electron/package.json') as { version: string }).version;
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

  it('has the app identity, targets, unpacking and after-pack step', () => {
    expect(config['appId']).toBe('io.videodb.clips');
    expect(config['productName']).toBe('VideoDB Clips');
    expect(config['files']).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(config['asarUnpack']).toContain('**/*.node');
    expect(config['afterPack']).toBe('build/after-pack.cjs');
    expect(config['mac']).toMatchObject({
      target: ['dmg', 'zip'],
      hardenedRuntime: true,
      entitlements: 'build/entitlements.mac.plist',
    });
    expect(config['mac'].category).toMatch(/^public\.app-category\./);
    expect(config['win']).toMatchObject({ target: ['nsis'] });
    expect(config['linux']).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(config['linux'].category).toBeTruthy();
    expect(config['publish']).toBeNull();
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

describe('electron-builder --dir with a stub Electron', () => {
  let work: string;
  let appOut: string;
  let log = '';
  let report: { binary: string; flipped: boolean; sentinels: number; reason: string };

  beforeAll(() => {
    ensureBuilt();
    work = mkdtempSync(join(tmpdir(), 'clips-pack-'));
    const dist = makeStubElectron(join(work, 'electron-dist'));
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
        afterPack: join(root, 'build/after-pack.cjs'),
      }),
    );
    const reportFile = join(work, 'after-pack.json');
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
          ...process.env,
          VIDEODB_CLIPS_AFTER_PACK_REPORT: reportFile,
          // Any download attempt would land in this cache or fail on these dead mirrors.
          ELECTRON_BUILDER_CACHE: join(work, 'cache'),
          ELECTRON_MIRROR: 'http://127.0.0.1:9/',
          ELECTRON_BUILDER_BINARIES_MIRROR: 'http://127.0.0.1:9/',
        },
      },
    );
    log = `${run.stdout}\n${run.stderr}`;
    if (run.status !== 0) throw new Error(`electron-builder failed (${run.status}):\n${log}`);
    appOut = join(work, 'release', 'linux-unpacked');
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as typeof report;
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('downloaded nothing', () => {
    expect(log).not.toMatch(/download/i);
    expect(existsSync(join(work, 'cache'))).toBe(false);
  });

  it('packs main, preload and renderer into app.asar and nothing from the sources', () => {
    const files = listPackage(join(appOut, 'resources', 'app.asar'), { isPack: false });
    expect(files).toEqual(
      expect.arrayContaining([
        '/package.json',
        '/out/main/index.js',
        '/out/preload/index.cjs',
        '/out/renderer/index.html',
      ]),
    );
    expect(files.filter((f) => f.startsWith('/app/') || f.startsWith('/test/'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('/out/') && f.endsWith('.map'))).toEqual([]);
    // Runtime dependencies of the main bundle come along.
    expect(files).toEqual(
      expect.arrayContaining([
        '/node_modules/zod/package.json',
        '/node_modules/undici/package.json',
      ]),
    );
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
  });

  it('ran the after-pack step, which flipped the fuses', async () => {
    expect(report).toMatchObject({ flipped: true, sentinels: 1, reason: '' });
    expect(report.binary).toBe(join(appOut, 'videodb-clips'));
    const wire = await getCurrentFuseWire(report.binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    // Linux: Electron has no embedded asar integrity, so that fuse is left as it was.
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.DISABLE);
  });
});

describe('build/after-pack.cjs', () => {
  const afterPack = (
    require_(join(root, 'build/after-pack.cjs')) as { default: (ctx: any) => Promise<void> }
  ).default;
  const context = (appOutDir: string) => ({
    appOutDir,
    electronPlatformName: 'linux',
    arch: 1,
    packager: { appInfo: { productFilename: 'VideoDB Clips' }, executableName: 'electron' },
  });

  it('refuses a binary without a fuse wire, unless told it is a stub', async () => {
    const dir = makeStubElectron(mkdtempSync(join(tmpdir(), 'clips-fuse-')), false);
    const reportFile = join(dir, 'report.json');
    const env = { ...process.env };
    try {
      process.env['VIDEODB_CLIPS_AFTER_PACK_REPORT'] = reportFile;
      delete process.env['VIDEODB_CLIPS_ALLOW_NO_FUSES'];
      await expect(afterPack(context(dir))).rejects.toThrow(/sentinel/);
      process.env['VIDEODB_CLIPS_ALLOW_NO_FUSES'] = '1';
      await afterPack(context(dir));
      const report = JSON.parse(readFileSync(reportFile, 'utf8'));
      expect(report).toMatchObject({ flipped: false });
      expect(report.reason).toMatch(/sentinel/);
    } finally {
      process.env = env;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
