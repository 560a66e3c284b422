/**
 * Key hygiene, run last: every file the suite wrote (databases, WAL files, logs under the suite's
 * temp root) and everything in test/artifacts (bench.md and friends) is searched for every API key
 * the suite and the benchmark used, as raw bytes. None may be there.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALL_TEST_KEYS } from './keys';
import { HARD_ROOT } from './support';

const artifacts = fileURLToPath(new URL('../artifacts', import.meta.url));

function* filesUnder(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) yield* filesUnder(p);
    else if (st.isFile()) yield p;
  }
}

/** Every file under the roots that contains one of the keys (as UTF-8 or UTF-16LE bytes). */
export function filesWithKeys(roots: readonly string[], keys: readonly string[]): string[] {
  const needles = keys.flatMap((k) => [Buffer.from(k, 'utf8'), Buffer.from(k, 'utf16le')]);
  const hits: string[] = [];
  for (const root of roots) {
    for (const file of filesUnder(root)) {
      const bytes = readFileSync(file);
      if (needles.some((n) => bytes.includes(n))) hits.push(file);
    }
  }
  return hits;
}

/** Register the key-hygiene test (must be registered after every other suite). */
export function defineKeyHygiene(): void {
  describe('key hygiene', () => {
    it('the scanner finds a planted key (so a clean result means something)', async () => {
      const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
      const dir = mkdtempSync(join(HARD_ROOT, 'plant-'));
      writeFileSync(join(dir, 'x.log'), `prefix ${ALL_TEST_KEYS[0]} suffix`);
      expect(filesWithKeys([dir], ALL_TEST_KEYS)).toHaveLength(1);
      rmSync(dir, { recursive: true, force: true });
    });

    it('no API key in any database, log file or artifact the suite and the bench wrote', () => {
      const files = [...filesUnder(HARD_ROOT), ...filesUnder(artifacts)];
      expect(files.length, 'there were files to scan').toBeGreaterThan(0);
      expect(filesWithKeys([HARD_ROOT, artifacts], ALL_TEST_KEYS)).toEqual([]);
    });
  });
}
