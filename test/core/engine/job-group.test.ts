/**
 * The parts rooms that group clip jobs share (app/core/engine/job-group.ts): changes gathered
 * into one announcement per window, and one parent's work run in order, one piece at a time.
 */
import { describe, expect, it } from 'vitest';
import { GatheredAnnouncer, KeyedQueue } from '../../../app/core/engine';
import { realClock } from '../../../app/core/engine';
import { memoryLogger } from '../fixtures/harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('GatheredAnnouncer', () => {
  it('announces each id once per window, however often it changed', async () => {
    const flushed: string[][] = [];
    const a = new GatheredAnnouncer(realClock, 20, (ids) => flushed.push(ids));
    for (let i = 0; i < 300; i++) a.add(i % 2 === 0 ? 'p1' : 'p2');
    expect(flushed).toEqual([]);
    await sleep(40);
    expect(flushed).toEqual([['p1', 'p2']]);
    a.add('p1');
    await sleep(40);
    expect(flushed).toEqual([['p1', 'p2'], ['p1']]);
  });

  it('announces nothing after close', async () => {
    const flushed: string[][] = [];
    const a = new GatheredAnnouncer(realClock, 10, (ids) => flushed.push(ids));
    a.add('p1');
    a.close();
    a.add('p2');
    await sleep(30);
    expect(flushed).toEqual([]);
  });
});

describe('KeyedQueue', () => {
  it('runs the work of one key in order, keys side by side, and drain waits for all', async () => {
    const logger = memoryLogger();
    const q = new KeyedQueue(logger, 'test work');
    const seen: string[] = [];
    q.run('a', async () => {
      await sleep(20);
      seen.push('a1');
    });
    q.run('a', async () => {
      seen.push('a2');
    });
    q.run('b', async () => {
      seen.push('b1');
    });
    await q.drain();
    expect(seen).toEqual(['b1', 'a1', 'a2']);
  });

  it('a failure is logged, and the next work of that key still runs', async () => {
    const logger = memoryLogger();
    const q = new KeyedQueue(logger, 'test work');
    let ran = false;
    q.run('a', async () => {
      throw new Error('boom');
    });
    q.run('a', async () => {
      ran = true;
    });
    await q.drain();
    expect(ran).toBe(true);
    expect(logger.lines.join('\n')).toMatch(/test work stopped.*boom/);
  });
});
