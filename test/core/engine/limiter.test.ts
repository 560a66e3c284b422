/** The engine's request limiter: a global cap, a first lane for the outbox, and holding slots. */
import { describe, expect, it } from 'vitest';
import { Limiter } from '../../../app/core/engine';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('Limiter', () => {
  it('never lets more than the cap run, and hands a freed slot to the next waiter', async () => {
    const l = new Limiter(2);
    const a = await l.acquire();
    const b = await l.acquire();
    let third = false;
    const c = l.acquire().then((r) => ((third = true), r));
    await tick();
    expect(third).toBe(false);
    expect(l.inUse).toBe(2);
    a();
    a(); // giving a slot back twice is harmless
    const rc = await c;
    expect(third).toBe(true);
    expect(l.inUse).toBe(2);
    b();
    rc();
    expect(l.inUse).toBe(0);
  });

  it('the first lane gets a freed slot before ordinary waiters that came earlier', async () => {
    const l = new Limiter(1);
    const held = await l.acquire();
    const order: string[] = [];
    const poll = l.acquire().then((r) => (order.push('poll'), r));
    const send = l.acquire('first').then((r) => (order.push('send'), r));
    held();
    (await send)();
    (await poll)();
    expect(order).toEqual(['send', 'poll']);
  });

  it('while held, freed slots stay for the first lane and tryAcquire; ordinary waiters get them after', async () => {
    const l = new Limiter(2);
    const unhold = l.hold();
    const a = await l.acquire('first');
    // An ordinary request waits even with a slot free.
    let polled = false;
    const poll = l.acquire().then((r) => ((polled = true), r));
    await tick();
    expect(polled).toBe(false);
    const b = l.tryAcquire();
    expect(b).not.toBeNull();
    expect(l.tryAcquire()).toBeNull(); // the cap still holds
    a();
    b!();
    await tick();
    expect(polled).toBe(false);
    expect(l.inUse).toBe(0);
    unhold();
    (await poll)();
    expect(polled).toBe(true);
    expect(l.inUse).toBe(0);
  });

  it('tryAcquire does not jump ahead of waiters when nothing is held', async () => {
    const l = new Limiter(1);
    const a = await l.acquire();
    const waiting = l.acquire();
    expect(l.tryAcquire()).toBeNull();
    a();
    (await waiting)();
    expect(l.tryAcquire()).not.toBeNull();
  });
});
