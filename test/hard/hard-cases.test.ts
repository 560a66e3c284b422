/**
 * The hard-case suite (issue 6), in one file so the key-hygiene scan runs strictly after the soak
 * and the hostile-answers tests have written everything they write.
 */
import { rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { defineHostile } from './hostile';
import { defineKeyHygiene } from './key-hygiene';
import { defineSoak } from './soak';
import { HARD_ROOT } from './support';

defineSoak();
defineHostile();
defineKeyHygiene();

afterAll(() => {
  rmSync(HARD_ROOT, { recursive: true, force: true });
});
