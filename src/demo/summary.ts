// The demo's closing summary: how long it took, the requests sent and failed, the share of colors
// in each segment of the scenario (one per step or phase), and whether each expectation held. Pure.
import { sharesText, type Segment } from './traffic-tally.ts';

export interface Check {
  ok: boolean;
  text: string;
}

export interface SummaryInput {
  durationMs: number;
  totalRequests: number;
  failedRequests: number;
  firstFailures: readonly string[];
  segments: readonly Segment[];
  checks: readonly Check[];
  now: number;
}

export function summaryText(input: SummaryInput): string {
  const lines = [
    `summary: ${seconds(input.durationMs)}, ${input.totalRequests.toLocaleString('en-US')} requests, ${input.failedRequests} failed`,
  ];
  const rows = input.segments
    .filter((segment) => segment.plain.total + segment.header.total > 0)
    .map((segment) => [
      segment.label,
      seconds((segment.to ?? input.now) - segment.from),
      `${segment.plain.total} req: ${sharesText(segment.plain)}`,
      segment.header.total > 0 ? `x-canary: ${sharesText(segment.header)}` : '',
    ]);
  const widths = [0, 1, 2].map((column) => Math.max(0, ...rows.map((row) => (row[column] ?? '').length)));
  for (const row of rows)
    lines.push(
      `  ${row
        .map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell))
        .join('  ')
        .trimEnd()}`,
    );
  for (const failure of input.firstFailures) lines.push(`  failed request: ${failure}`);
  for (const check of input.checks) lines.push(`${check.ok ? '✔' : '✖'} ${check.text}`);
  return `${lines.join('\n')}\n`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
