/**
 * The room borders of eslint.config.js fire (issue 13 §3): a core room is imported through its
 * index.ts only, only rooms below it in app/core/README.md's order, and main/preview use the
 * core through app/core/index.ts. Each case lints a one-line file placed in a room.
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const x = y;\n`, { filePath });
  return (result?.messages ?? [])
    .filter((m) => /no-restricted-imports/.test(m.ruleId ?? ''))
    .map((m) => m.message);
}

describe('core room borders', () => {
  it.each([
    ['a sibling room through its index', 'app/core/jobs/x.ts', "import { y } from '../store';"],
    ['a room below', 'app/core/library/x.ts', "import { y } from '../jobs';"],
    ['its own files', 'app/core/videodb/x.ts', "import { y } from './client';"],
    ['app/shared', 'app/core/store/x.ts', "import { y } from '../../shared/domain';"],
    ['the core types', 'app/core/media/x.ts', "import { y } from '../types';"],
    ['composition uses any room', 'app/core/core-handlers.ts', "import { y } from './downloads';"],
    ['main through the core index', 'app/main/x.ts', "import { y } from '../core';"],
    ['main, the core types', 'app/main/x.ts', "import type { y } from '../core/types';"],
  ])('allows %s', async (_what, file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });

  it.each([
    [
      'a file inside another room',
      'app/core/secrets/x.ts',
      "import { y } from '../videodb/errors';",
      /through its index/,
    ],
    ['a room above (a cycle)', 'app/core/store/x.ts', "import { y } from '../jobs';", /sits below/],
    [
      'jobs reaching up to library',
      'app/core/jobs/x.ts',
      "import { y } from '../library';",
      /sits below/,
    ],
    ['electron in the core', 'app/core/jobs/x.ts', "import { y } from 'electron';", /.+/],
    [
      'main past the core index',
      'app/main/x.ts',
      "import { y } from '../core/secrets';",
      /app\/core\/index.ts/,
    ],
    [
      'the preview past the core index',
      'app/preview/x.ts',
      "import { y } from '../core/videodb/client';",
      /app\/core\/index.ts/,
    ],
  ])('refuses %s', async (_what, file, code, message) => {
    const found = await problems(file, code);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(message);
  });
});
