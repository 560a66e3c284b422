/** The parts long transfers share (app/core/engine/transfer.ts). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonRecordFile, TransferSpeed, realClock, sleepUnless } from '../../../app/core/engine';
import { memoryLogger } from '../fixtures/harness';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempFile = () => {
  const d = mkdtempSync(join(tmpdir(), 'transfer-'));
  dirs.push(d);
  return join(d, 'things.json');
};

describe('a list of records in one JSON file', () => {
  it('writes the whole list and reads back the valid records', () => {
    const file = tempFile();
    const list = new JsonRecordFile<{ id: unknown }>(file, 'things', memoryLogger());
    list.save([{ id: 'a' }, { id: 7 }], true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      version: 1,
      things: [{ id: 'a' }, { id: 7 }],
    });
    expect(list.load((r) => typeof r.id === 'string')).toEqual([{ id: 'a' }]);
  });

  it('starts empty from a damaged file and says so; progress-only writes wait a second', () => {
    const file = tempFile();
    writeFileSync(file, '{"things": [ {"id": "a"');
    const logger = memoryLogger();
    const list = new JsonRecordFile<{ id: string }>(file, 'things', logger);
    expect(list.load(() => true)).toEqual([]);
    expect(logger.lines.join('\n')).toMatch(/things list unreadable; starting empty/);
    list.save([{ id: 'a' }], true);
    list.save([{ id: 'b' }], false);
    expect(list.load(() => true)).toEqual([{ id: 'a' }]);
  });
});

describe('speed and waits', () => {
  it('measures bytes per second over the samples of the last few seconds', () => {
    const speed = new TransferSpeed();
    expect(speed.bytesPerSecond()).toBe(0);
    speed.add(0, 0);
    speed.add(1_000, 500);
    speed.add(3_000, 1_000);
    expect(speed.bytesPerSecond()).toBe(3_000);
    // Samples older than the window drop out: the speed is the recent one.
    speed.add(3_500, 10_000);
    speed.add(4_500, 11_000);
    expect(speed.bytesPerSecond()).toBe(1_000);
  });

  it('a wait ends early, with the reason, when its signal aborts', async () => {
    const c = new AbortController();
    const waiting = sleepUnless(realClock, 60_000, c.signal);
    c.abort(new Error('paused'));
    await expect(waiting).rejects.toThrow('paused');
    await expect(sleepUnless(realClock, 1, new AbortController().signal)).resolves.toBeUndefined();
  });
});
