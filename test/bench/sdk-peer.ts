/**
 * The peer of figure 1: the official SDKs' way of waiting for a job (videodb-node
 * `HttpClient#getOutput`): poll at once, then sleep 5 s after every "processing" answer, and give
 * up once 500 s have passed. Run against the same local server with the same moved clock, so its
 * polls are real requests and its numbers come from the same request log as ours.
 */
import type { RunningServer } from '../server';

/** SDK polling interval (ms). */
export const SDK_POLL_INTERVAL_MS = 5000;
/** SDK give-up time (ms). */
export const SDK_MAX_POLLING_MS = 500_000;

/** How the SDK fared on one job. */
export interface SdkOutcome {
  /** Server job id. */
  jobId: string;
  polls: number;
  gaveUp: boolean;
}

/** Submit one clip through plain HTTP and wait for it the SDK's way, moving the server clock. */
export async function sdkWaitForClip(
  server: RunningServer,
  videoId: string,
  prompt: string,
): Promise<SdkOutcome> {
  const headers = { 'x-access-token': server.apiKey, 'content-type': 'application/json' };
  const res = await fetch(`${server.url}/video/${videoId}/clip`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ prompt, content_type: 'spoken', model_name: 'basic' }),
  });
  const body = (await res.json()) as { data?: { id?: string; output_url?: string } };
  const outputUrl = body.data?.output_url;
  const jobId = body.data?.id;
  if (!outputUrl || !jobId) throw new Error(`clip POST gave no job: ${JSON.stringify(body)}`);
  let elapsed = 0;
  let polls = 0;
  while (elapsed < SDK_MAX_POLLING_MS) {
    const poll = await fetch(outputUrl, { headers });
    polls++;
    const data = (await poll.json()) as { status?: string };
    if (data.status === 'in progress' || data.status === 'processing') {
      // The SDK sleeps 5 s; here the server clock moves instead of the wall clock.
      server.control.advanceTime(SDK_POLL_INTERVAL_MS);
      elapsed += SDK_POLL_INTERVAL_MS;
      continue;
    }
    return { jobId, polls, gaveUp: false };
  }
  return { jobId, polls, gaveUp: true };
}
