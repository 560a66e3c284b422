/**
 * Figure 4 in a fresh process (see `figureOutbox`). Arguments: `<sizes, comma-separated> <reps>`,
 * API key in BENCH_API_KEY. Progress goes to stderr; the table rows are the last stdout line.
 */
import { measureOutbox } from './figure-outbox';

async function main(): Promise<void> {
  const [sizes = '', reps = '1'] = process.argv.slice(2);
  const rows = await measureOutbox({
    sizes: sizes.split(',').map(Number),
    reps: Number(reps),
    apiKey: process.env['BENCH_API_KEY'] ?? '',
    log: (line) => console.error(line),
  });
  process.stdout.write(`${JSON.stringify(rows)}\n`);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
