import { startServer } from './index';

/**
 * `npx tsx test/server/cli.ts [--port N] [--job-duration-ms N]`: runs the local VideoDB-compatible
 * server for manual use and the offline demo. Falls back to a free port when the asked one is taken.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const port = Number(arg('--port') ?? process.env['PORT'] ?? 8787);
  const jobDurationMs = arg('--job-duration-ms');
  const opts = jobDurationMs === undefined ? {} : { jobDurationMs: Number(jobDurationMs) };
  let server;
  try {
    server = await startServer({ ...opts, port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    console.warn(`Port ${port} is busy; using a free port instead.`);
    server = await startServer({ ...opts, port: 0 });
  }
  console.log(`VideoDB-compatible local server: ${server.url}`);
  console.log(`API key (demo): ${server.apiKey}`);
  console.log(
    `Control: ${server.controlUrl}/_control/* (header x-control-token: ${server.control.token})`,
  );
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
