// Runs Argo Rollouts' own end-to-end suite (v1.10.1, built by build.sh) against sluice's
// controller on the test control plane, and prints a row per test and the summary line
// `compat: P passed, F failed, S skipped`.
//
//   npm run compat                                   # every suite (long: see docs/compatibility.md)
//   npm run compat -- --suite functional --suite canary
//   npm run compat -- --test TestFunctionalSuite/TestCanaryPromoteFull --test 'BlueGreen.*Abort'
//   npm run compat -- --expected                     # the tests of expected-pass.txt
//   npm run compat -- --controller argo              # Argo's own controller, to tell the environment from sluice
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { compatDir, readExpectedPass, runCompat } from './compat-run.ts';
import type { ControllerKind } from './environment.ts';
import { resultTable, suiteLines, summaryLine } from './report.ts';

const usage = `usage: npm run compat -- [--suite NAME]... [--test NAME|REGEX]... [--expected] [--controller sluice|argo]
                          [--jobs N] [--timeout SECONDS] [--wait-timeout SECONDS] [--out DIR] [--no-build]

  --suite NAME        a suite: functional, canary, bluegreen, analysis, experiment, istio, ... (repeatable; default all)
  --test NAME         Suite/Method, a method name, or a regular expression over Suite/Method (repeatable)
  --expected          the tests listed in test/compat/expected-pass.txt
  --controller KIND   sluice (default: sluice controller, sluice's CRDs, deploy/'s ServiceAccount) or
                      argo (Argo's rollouts-controller from the same module, its CRDs, as the admin)
  --jobs N            tests at once, each job in its own namespace (default 1)
  --timeout SECONDS   limit per test (default 300)
  --wait-timeout S    the suite's E2E_WAIT_TIMEOUT, its limit per wait (default 90, as Argo's Makefile)
  --out DIR           folder for the logs and results.json (default: a new temporary folder)
  --no-build          fail instead of building the suite when it is not built

Builds the suite first when it is missing (bash test/compat/build.sh; a cold build takes many minutes).`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      suite: { type: 'string', multiple: true, default: [] },
      test: { type: 'string', multiple: true, default: [] },
      expected: { type: 'boolean', default: false },
      controller: { type: 'string', default: 'sluice' },
      jobs: { type: 'string', default: '1' },
      timeout: { type: 'string', default: '300' },
      'wait-timeout': { type: 'string', default: '90' },
      out: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const controller = values.controller;
  if (controller !== 'sluice' && controller !== 'argo')
    throw new UsageError(`--controller must be sluice or argo, got "${controller}"`);
  const jobs = wholeNumber('--jobs', values.jobs, 1, 16);
  const timeoutSeconds = wholeNumber('--timeout', values.timeout, 10, 7200);
  const waitTimeoutSeconds = wholeNumber('--wait-timeout', values['wait-timeout'], 5, 3600);
  const tests = [...values.test, ...(values.expected ? readExpectedPass() : [])];

  const suiteDir = values['no-build'] ? undefined : build(controller);
  const result = await runCompat({
    controller: controller as ControllerKind,
    suites: values.suite,
    tests,
    jobs,
    timeoutSeconds,
    waitTimeoutSeconds,
    ...(values.out ? { outDir: path.resolve(values.out) } : {}),
    ...(suiteDir ? { suiteDir } : {}),
    log: (message) => console.error(message),
    onResult: (run) =>
      console.error(
        `${run.result.toUpperCase().padEnd(4)} ${run.name} (${run.seconds.toFixed(1)} s)${run.reason ? `: ${run.reason.slice(0, 160)}` : ''}`,
      ),
  });
  console.log(resultTable(result.runs));
  console.log('');
  for (const line of suiteLines(result.runs)) console.log(line);
  for (const note of result.notes) console.log(`note: ${note}`);
  console.log(`controller: ${controller}; run time ${result.seconds} s; logs and results.json in ${result.outDir}`);
  console.log(summaryLine(result.runs));
  return result.runs.some((run) => run.result === 'fail') ? 1 : 0;
}

class UsageError extends Error {}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`${flag} needs a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

/** Runs build.sh (progress on stderr) and returns its folder. */
function build(controller: string): string {
  const args = [path.join(compatDir, 'build.sh'), ...(controller === 'argo' ? ['--argo-controller'] : [])];
  const result = spawnSync('bash', args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`test/compat/build.sh failed (exit ${result.status ?? result.signal})`);
  return result.stdout.trim();
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(
      error instanceof UsageError ? `${error.message}\n\n${usage}` : error instanceof Error ? error.message : error,
    );
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
