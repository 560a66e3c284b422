import type { RunningServer } from './index';

/** A parsed answer of the local server, for tests. */
export interface TestAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined when the body was not JSON. */
  json: any;
  text: string;
}

/** Small fetch wrapper for tests: sends the server's API key and parses JSON when it can. */
export function client(server: RunningServer, apiKey: string = server.apiKey) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestAnswer> => {
    const url = path.startsWith('http') ? path : `${server.url}${path}`;
    const init: RequestInit = { method, headers: { 'x-access-token': apiKey, ...headers } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { ...init.headers, 'content-type': 'application/json' };
    }
    const res = await fetch(url, init);
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) =>
      call('POST', path, body, headers),
    /** Polls `output_url` until the job leaves processing (moving the server clock each time). */
    async finish(outputUrl: string, maxPolls = 20): Promise<TestAnswer> {
      for (let i = 0; i < maxPolls; i++) {
        const a = await call('GET', outputUrl);
        if (a.json?.status !== 'processing' && a.json?.status !== 'in progress') return a;
        server.control.advanceTime(60_000);
      }
      throw new Error(`job at ${outputUrl} did not finish`);
    },
  };
}
