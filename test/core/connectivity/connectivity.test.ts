import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectivity, OFFLINE_MAX_FACTOR } from '../../../app/core/connectivity';
import type { Clock, ConnectivityHints } from '../../../app/core/types';
import { createVideoDbClient, type VideoDbClient } from '../../../app/core/videodb';
import { startServer, type RunningServer } from '../../server';

/** A clock whose timers run only when the test moves time forward. */
class FakeClock implements Clock {
  private t = 1_000_000;
  private seq = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Delays of pending timers, soonest first. */
  pending(): number[] {
    return [...this.timers.values()].map((x) => x.at - this.t).sort((a, b) => a - b);
  }
  /** Moves time forward, firing due timers in order and letting their promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const next = [...this.timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > end) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
      await flush();
    }
    this.t = end;
  }
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
};

class FakeHints implements ConnectivityHints {
  online = true;
  private listeners = new Set<() => void>();
  isOnline(): boolean {
    return this.online;
  }
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  fire(online: boolean): void {
    this.online = online;
    for (const l of this.listeners) l();
  }
  get count(): number {
    return this.listeners.size;
  }
}

describe('connectivity with a fake clock', () => {
  it('a failing probe → offline; probes back off while offline, up to a cap', async () => {
    const clock = new FakeClock();
    let probes = 0;
    const c = createConnectivity({
      probe: async () => {
        probes++;
        return false;
      },
      clock,
      offlineIntervalMs: 1000,
      onlineIntervalMs: 60_000,
    });
    const changes: boolean[] = [];
    c.onChange((o) => changes.push(o));
    expect(c.online).toBe(true);
    c.start();
    await flush();
    expect(c.online).toBe(false);
    expect(changes).toEqual([false]);
    expect(probes).toBe(1);
    expect(c.lastCheckedAt).toBe(clock.now());
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const d = clock.pending()[0] ?? -1;
      delays.push(d);
      await clock.advance(d);
    }
    expect(delays).toEqual(
      [1000, 2000, 4000, 8000, 16_000, 16_000, 16_000, 16_000].map((x) =>
        Math.min(x, 1000 * OFFLINE_MAX_FACTOR),
      ),
    );
    expect(probes).toBe(9);
    c.stop();
    expect(clock.pending()).toEqual([]);
  });

  it('an OS hint alone changes nothing: it triggers a probe, which decides', async () => {
    const clock = new FakeClock();
    const hints = new FakeHints();
    let reachable = true;
    let probes = 0;
    const c = createConnectivity({
      probe: async () => {
        probes++;
        return reachable;
      },
      clock,
      hints,
    });
    c.start();
    await flush();
    expect([c.online, probes]).toEqual([true, 1]);
    hints.fire(false); // the OS says offline, but the API still answers
    await flush();
    expect([c.online, probes]).toEqual([true, 2]);
    reachable = false;
    hints.fire(true); // the OS says online, but the API is unreachable
    await flush();
    expect([c.online, probes]).toEqual([false, 3]);
    c.stop();
    expect(hints.count).toBe(0);
  });

  it('report(false) flips to offline at once and looks again at once; pace follows', async () => {
    const clock = new FakeClock();
    const c = createConnectivity({
      probe: async () => true,
      clock,
      offlineIntervalMs: 500,
      onlineIntervalMs: 30_000,
    });
    c.start();
    await flush();
    expect(clock.pending()).toEqual([30_000]);
    const changes: boolean[] = [];
    c.onChange((o) => changes.push(o));
    c.report(false);
    expect(c.online).toBe(false);
    expect(clock.pending()).toEqual([0]); // a confirming probe right away, not after 500 ms
    c.report(false); // no change, no extra event
    expect(changes).toEqual([false]);
    await clock.advance(0); // the probe succeeds → online
    expect(c.online).toBe(true);
    expect(changes).toEqual([false, true]);
    expect(clock.pending()).toEqual([30_000]);
    c.stop();
  });

  it('concurrent checks share one probe; a throwing probe counts as offline', async () => {
    let calls = 0;
    let release: (v: boolean) => void = () => undefined;
    const c = createConnectivity({
      probe: () => {
        calls++;
        return new Promise<boolean>((r) => (release = r));
      },
      clock: new FakeClock(),
    });
    const a = c.check();
    const b = c.check();
    release(true);
    expect(await Promise.all([a, b])).toEqual([true, true]);
    expect(calls).toBe(1);
    const d = createConnectivity({
      probe: async () => {
        throw new Error('boom');
      },
      clock: new FakeClock(),
    });
    expect(await d.check()).toBe(false);
    expect(d.online).toBe(false);
  });
});

describe('connectivity against the local server', () => {
  let server: RunningServer;
  let client: VideoDbClient;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('goes offline when the server cuts the network and recovers when it comes back', async () => {
    const clock = new FakeClock();
    // The client reports into connectivity, as createCore wires it.
    let conn: ReturnType<typeof createConnectivity> | null = null;
    client = createVideoDbClient({
      baseUrl: server.url,
      getApiKey: () => server.apiKey,
      retry: { maxRetries: 0 },
      onNetworkResult: (ok) => conn?.report(ok),
    });
    const c = createConnectivity({ probe: () => client.probe(), clock, offlineIntervalMs: 1000 });
    conn = c;
    c.start();
    await flush();
    await c.check();
    expect(c.online).toBe(true);

    server.control.set({ offline: true });
    await server.control.settled();
    await expect(client.listCollections()).rejects.toMatchObject({ code: 'offline' });
    expect(c.online).toBe(false); // flipped by the client's report, before any probe

    await clock.advance(1000);
    await c.check(); // still cut off
    expect(c.online).toBe(false);

    server.control.set({ offline: false });
    await server.control.settled();
    const d = clock.pending()[0] ?? 0;
    await clock.advance(d);
    for (let i = 0; i < 300 && !c.online; i++) await new Promise((r) => setTimeout(r, 10));
    expect(c.online).toBe(true);
    c.stop();
  });
});
