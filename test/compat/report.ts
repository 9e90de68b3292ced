// The report of a compatibility run: one row per test (name, result, seconds, first failure
// line) and the summary line `compat: P passed, F failed, S skipped`. Pure.
import type { TestRun } from './run-test.ts';

export function summaryLine(runs: readonly TestRun[]): string {
  const count = (result: TestRun['result']): number => runs.filter((run) => run.result === result).length;
  return `compat: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`;
}

/** A plain-text table; failure lines are cut at `width` characters. */
export function resultTable(runs: readonly TestRun[], width = 140): string {
  const rows = runs.map((run) => [run.name, run.result, run.seconds.toFixed(1), clip(run.reason, width)]);
  const header = ['test', 'result', 'seconds', 'first failure line'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (cells: string[]): string =>
    cells
      .map((cell, column) =>
        column === 2
          ? cell.padStart(widths[column] ?? 0)
          : column === cells.length - 1
            ? cell
            : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [format(header), ...rows.map(format)].join('\n');
}

/** Per suite: `TestFunctionalSuite: 12 passed, 20 failed, 1 skipped (812 s)`. */
export function suiteLines(runs: readonly TestRun[]): string[] {
  const suites = [...new Set(runs.map((run) => run.name.split('/')[0] ?? run.name))];
  return suites.map((suite) => {
    const mine = runs.filter((run) => run.name.startsWith(`${suite}/`));
    const seconds = Math.round(mine.reduce((sum, run) => sum + run.seconds, 0));
    return `${summaryLine(mine).replace(/^compat/, suite)} (${seconds} s)`;
  });
}

function clip(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}
