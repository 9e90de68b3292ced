// Runs a built oracle program (test/oracles/<name>/) over cases: one JSON line in, one JSON
// line out per case, in order.
import { spawnSync } from 'node:child_process';
import process from 'node:process';

export function runOracle<Input, Output>(
  binary: string,
  cases: readonly Input[],
  options: { env?: Record<string, string> } = {},
): Output[] {
  const input = cases.map((item) => JSON.stringify(item)).join('\n') + '\n';
  const env = options.env ? { ...process.env, ...options.env } : process.env;
  const run = spawnSync(binary, [], { input, env, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`oracle ${binary} exited ${run.status}: ${run.stderr}`);
  const lines = run.stdout.split('\n').filter((line) => line !== '');
  if (lines.length !== cases.length)
    throw new Error(`oracle ${binary} answered ${lines.length} of ${cases.length} cases: ${run.stderr}`);
  return lines.map((line) => JSON.parse(line) as Output);
}
