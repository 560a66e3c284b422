/** Shared set-up of the VideoDB client tests: a real local server and a client pointed at it. */
import {
  createVideoDbClient,
  type VideoDbClient,
  type VideoDbClientOptions,
} from '../../../app/core/videodb';
import { startServer, type RunningServer } from '../../server';

/** A key distinctive enough that any leak into messages or logs is found by a plain search. */
export const LEAK_KEY = 'sk-LEAKCHECK-7f3a9c2e1b5d4f60a8e7d6c5b4a39281';

/** Starts a server (port 0) and returns a factory for clients pointed at it. */
export async function serverAndClient(opts: { apiKey?: string } = {}): Promise<{
  server: RunningServer;
  client: (extra?: Partial<VideoDbClientOptions>) => VideoDbClient;
  closeAll: () => Promise<void>;
}> {
  const server = await startServer(opts.apiKey === undefined ? {} : { apiKey: opts.apiKey });
  const made: VideoDbClient[] = [];
  const client = (extra: Partial<VideoDbClientOptions> = {}): VideoDbClient => {
    const c = createVideoDbClient({
      baseUrl: server.url,
      getApiKey: () => server.apiKey,
      clientName: 'videodb-clips-test/0.0.0',
      retry: { maxRetries: 2, minDelayMs: 5, maxDelayMs: 20 },
      ...extra,
    });
    made.push(c);
    return c;
  };
  return {
    server,
    client,
    closeAll: async () => {
      await Promise.all(made.map((c) => c.close()));
      await server.close();
    },
  };
}

/** Awaits a promise that must reject and returns what it rejected with. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
