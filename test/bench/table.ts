/**
 * The one markdown table the benchmark prints: per figure, our value, the peer's value measured in
 * the same run, the ratio, and whether the bar of issue 6 is met.
 */

/** One row of the results table. */
export interface BenchRow {
  figure: string;
  metric: string;
  ours: string;
  peer: string;
  /** Peer's name, e.g. "SDK 5 s / 500 s". */
  peerName: string;
  /** ours ÷ peer, already formatted ("0.42×"), or "—". */
  ratio: string;
  /** `yes` / `no` / `—` (no bar for this row), or a short reason it was not measured. */
  bar: string;
}

/** Format a ratio ours/peer; "—" when either side is missing or the peer is zero. */
export function ratio(ours: number, peer: number): string {
  if (!Number.isFinite(ours) || !Number.isFinite(peer) || peer === 0) {
    if (Number.isFinite(ours) && !Number.isFinite(peer)) return '0× (peer never)';
    return '—';
  }
  const r = ours / peer;
  return `${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}

/** Milliseconds, readable: "12.3 ms", "4.1 s", "never". */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'never';
  if (Math.abs(ms) >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (Math.abs(ms) >= 100) return `${ms.toFixed(0)} ms`;
  return `${ms.toFixed(1)} ms`;
}

/** Bytes as MB with one decimal. */
export function fmtMB(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Yes/no for a bar. */
export function met(ok: boolean): string {
  return ok ? 'yes' : 'no';
}

const escape = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Render rows as a GitHub-flavoured markdown table. */
export function renderTable(rows: readonly BenchRow[]): string {
  const head = ['Figure', 'Metric', 'Ours', 'Peer', 'Peer value', 'Ratio', 'Bar met'];
  const lines = [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i >= 2 && i !== 3 ? '---:' : '---')).join(' | ')} |`,
  ];
  for (const r of rows) {
    lines.push(
      `| ${[r.figure, r.metric, r.ours, r.peerName, r.peer, r.ratio, r.bar].map(escape).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
