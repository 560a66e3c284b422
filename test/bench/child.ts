/**
 * Running a measurement script in a fresh Node process (with `--expose-gc`), so each peer is
 * measured on its own: its memory, its CPU, and none of the heap or JIT state an earlier figure
 * left in the bench's own process. The child prints one JSON line on stdout.
 *
 * By default the child runs its TypeScript through tsx. With `bundle: true` the script is first
 * bundled to plain JavaScript by esbuild (node_modules stay imports) and run by bare Node, as the
 * app ships: no loader thread, nothing compiled while measuring. Figures that count CPU use that.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Inside the repo, so the bundle's bare imports resolve from its node_modules. */
const bundleDir = join(root, 'node_modules', '.cache', 'videodb-bench');
const bundled = new Map<string, Promise<string>>();

/** Bundle `script` once per bench run; resolves the bundle's path. */
function bundle(script: string): Promise<string> {
  let out = bundled.get(script);
  if (!out) {
    const file = join(bundleDir, `${basename(script, '.ts')}.mjs`);
    mkdirSync(bundleDir, { recursive: true });
    out = build({
      entryPoints: [join(root, script)],
      outfile: file,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      packages: 'external',
      logLevel: 'warning',
    }).then(() => file);
    bundled.set(script, out);
  }
  return out;
}

/** Run `script` (path relative to the repo root) with `args`; resolve its last stdout JSON line. */
export async function runChild<T>(
  script: string,
  args: readonly string[],
  opts: {
    timeoutMs?: number;
    env?: NodeJS.ProcessEnv;
    /** Run a bundle of the script with bare Node instead of through tsx. */
    bundle?: boolean;
    /** Each line the child writes on stderr (its progress log), as it comes. */
    onLog?: (line: string) => void;
  } = {},
): Promise<T> {
  const entry = opts.bundle ? [await bundle(script)] : ['--import', 'tsx', script];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', ...entry, ...args], {
      cwd: root,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let partial = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      err += text;
      if (!opts.onLog) return;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) opts.onLog(line);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (partial && opts.onLog) opts.onLog(partial);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(new Error(`${script} exited with ${code}: ${err.slice(-2000)}`));
        return;
      }
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON: ${out.slice(-500)} ${err.slice(-1000)}`));
      }
    });
  });
}
