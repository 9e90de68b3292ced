// Runs one test of Argo Rollouts' e2e suite as its own process of the compiled suite:
//   e2e.test -test.run '^TestSuite$' -testify.m '^TestMethod$' -test.v -test.timeout T
// in the module's test/e2e folder (it reads its YAML fixtures from there), with the job's
// kubeconfig (which names its namespace) and the control plane's kubectl first on PATH. Go's own
// -test.timeout ends a test that hangs (with a stack dump in the log); a kill a little later is
// the backstop. Its output (stdout and stderr in order) goes to one log file, read afterwards.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CatalogTest } from './catalog.ts';
import { instanceId } from './environment.ts';
import { firstFailureLine, resultsOf, type GoResult } from './go-test-output.ts';

export interface TestRun {
  name: string;
  result: GoResult;
  /** Wall time of the test's process. */
  seconds: number;
  /** Why it failed or was skipped, as the suite said it; empty for a pass. */
  reason: string;
  logPath: string;
  /** The first lines of earlier failed attempts, when the test was run again after failing. */
  earlierFailures?: string[];
}

export interface RunTestOptions {
  suiteDir: string;
  binDir: string;
  kubeconfigPath: string;
  logDir: string;
  timeoutSeconds: number;
  waitTimeoutSeconds: number;
}

export async function runOneTest(test: CatalogTest, options: RunTestOptions): Promise<TestRun> {
  const logPath = path.join(options.logDir, `${test.suite}.${test.method}.log`);
  const fd = openSync(logPath, 'w');
  const args = [
    `-test.run=^${test.suite}$`,
    `-testify.m=^${test.method}$`,
    '-test.v',
    '-test.count=1',
    `-test.timeout=${options.timeoutSeconds}s`,
  ];
  const started = performance.now();
  const child = spawn(path.join(options.suiteDir, 'e2e.test'), args, {
    cwd: path.join(options.suiteDir, 'src', 'test', 'e2e'),
    stdio: ['ignore', fd, fd],
    env: {
      ...process.env,
      PATH: `${options.binDir}${path.delimiter}${process.env['PATH'] ?? ''}`,
      KUBECONFIG: options.kubeconfigPath,
      KUBECACHEDIR: path.join(path.dirname(options.kubeconfigPath), 'kubectl-cache'),
      E2E_INSTANCE_ID: instanceId,
      E2E_WAIT_TIMEOUT: String(options.waitTimeoutSeconds),
      E2E_DEBUG: '',
    },
  });
  closeSync(fd);
  let killed = false;
  const backstop = setTimeout(
    () => {
      killed = true;
      child.kill('SIGKILL');
    },
    (options.timeoutSeconds + 30) * 1000,
  );
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(backstop);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const output = readFileSync(logPath, 'utf8');
  const outcome = resultsOf(output).get(test.name);
  if (outcome !== undefined) {
    const reason =
      outcome.result === 'pass'
        ? ''
        : (firstFailureLine(output, test.name) ??
          (outcome.result === 'skip'
            ? 'the test skipped itself (SkipNow: what it needs is not installed)'
            : 'failed without a message'));
    return { name: test.name, result: outcome.result, seconds, reason, logPath };
  }
  const suite = resultsOf(output).get(test.suite);
  if (suite?.result === 'skip') {
    return {
      name: test.name,
      result: 'skip',
      seconds,
      reason: 'the suite skipped itself in SetupSuite (what it needs is not installed)',
      logPath,
    };
  }
  const why = killed
    ? `killed after ${options.timeoutSeconds + 30}s without finishing`
    : (firstFailureLine(output, test.name) ?? `no result for the test (exit code ${code ?? 'by signal'})`);
  return { name: test.name, result: 'fail', seconds, reason: why, logPath };
}
