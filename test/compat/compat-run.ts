// One compatibility run: finds the built suite (build.sh), reads its tests, brings up the
// environment (control plane, CRDs, controller), runs the chosen tests one process each (in
// `jobs` parallel namespaces), and returns a row per test in the catalog's order. The logs of
// every test and of the controller stay in `outDir`, with results.json.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalogFromSources, selectTests, type CatalogTest } from './catalog.ts';
import { startCompatEnvironment, type ControllerKind } from './environment.ts';
import { runOneTest, type TestRun } from './run-test.ts';

export const compatDir = import.meta.dirname;

export interface CompatOptions {
  controller: ControllerKind;
  /** Suite short names (functional, canary, bluegreen, ...); empty: all. */
  suites: string[];
  /** Full names, method names or regular expressions; empty: all of the chosen suites. */
  tests: string[];
  jobs: number;
  /** Per-test limit (Go's -test.timeout). */
  timeoutSeconds: number;
  /** The suite's own wait limit (E2E_WAIT_TIMEOUT; Argo's default 90). */
  waitTimeoutSeconds: number;
  /**
   * Runs a failed test again, up to this many times, as Argo's own e2e target does
   * (`gotestsum --rerun-fails=5`): the suite's waits race the controllers' asynchronous Events and
   * AnalysisRun starts. Each attempt's log is kept (rerun-N/). Default 0.
   */
  rerunFails?: number;
  /** Default: a new folder under the temporary folder. */
  outDir?: string;
  /** The folder build.sh printed; default: ask build.sh. */
  suiteDir?: string;
  log?: (message: string) => void;
  onResult?: (run: TestRun) => void;
}

export interface CompatResult {
  runs: TestRun[];
  outDir: string;
  notes: string[];
  /** Wall time of the whole run, including the control plane's start. */
  seconds: number;
}

export type BuildLookup = { found: true; dir: string } | { found: false; reason: string };

/** The build.sh folder when it is built (never builds: a cold build takes many minutes). */
export function findSuite(withArgoController = false): Promise<BuildLookup> {
  const args = [path.join(compatDir, 'build.sh'), '--if-built', ...(withArgoController ? ['--argo-controller'] : [])];
  return new Promise((resolve) => {
    execFile('bash', args, (error, stdout, stderr) => {
      if (error === null) resolve({ found: true, dir: stdout.trim() });
      else resolve({ found: false, reason: stderr.trim() || error.message });
    });
  });
}

/** The suites and their methods, from the sources beside the built binary. */
export function loadCatalog(suiteDir: string): CatalogTest[] {
  const e2eDir = path.join(suiteDir, 'src', 'test', 'e2e');
  const files = new Map(
    readdirSync(e2eDir)
      .filter((name) => name.endsWith('_test.go'))
      .map((name) => [name, readFileSync(path.join(e2eDir, name), 'utf8')]),
  );
  return catalogFromSources(files);
}

export async function runCompat(options: CompatOptions): Promise<CompatResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  let suiteDir = options.suiteDir;
  if (suiteDir === undefined) {
    const lookup = await findSuite(options.controller === 'argo');
    if (!lookup.found) throw new Error(lookup.reason);
    suiteDir = lookup.dir;
  }
  const chosen = selectTests(loadCatalog(suiteDir), options.suites, options.tests);
  if (chosen.length === 0) throw new Error('no tests chosen');
  const outDir = options.outDir ?? mkdtempSync(path.join(os.tmpdir(), 'sluice-compat-'));
  mkdirSync(outDir, { recursive: true });
  const env = await startCompatEnvironment({
    controller: options.controller,
    jobs: Math.max(1, options.jobs),
    suiteDir,
    outDir,
    log,
  });
  const runs = new Map<string, TestRun>();
  try {
    log(
      `running ${chosen.length} tests against the ${options.controller} controller in ${env.jobs.length} namespace(s); logs in ${outDir}`,
    );
    const queue = [...chosen];
    const worker = async (job: { kubeconfigPath: string }): Promise<void> => {
      for (let test = queue.shift(); test !== undefined; test = queue.shift()) {
        const attempt = (logDir: string): Promise<TestRun> =>
          runOneTest(test, {
            suiteDir: suiteDir!,
            binDir: env.binDir,
            kubeconfigPath: job.kubeconfigPath,
            logDir,
            timeoutSeconds: options.timeoutSeconds,
            waitTimeoutSeconds: options.waitTimeoutSeconds,
          });
        let run = await attempt(outDir);
        for (let rerun = 1; run.result === 'fail' && rerun <= (options.rerunFails ?? 0); rerun++) {
          log(`${test.name} failed (${run.reason}); running it again (${rerun} of ${options.rerunFails})`);
          const earlier = [...(run.earlierFailures ?? []), run.reason];
          const logDir = path.join(outDir, `rerun-${rerun}`);
          mkdirSync(logDir, { recursive: true });
          run = { ...(await attempt(logDir)), earlierFailures: earlier };
        }
        if (!(await env.ensureControllerRunning())) {
          run.reason = `${run.reason} [the controller exited during this test; see ${env.controllerLogPath}]`.trim();
        }
        runs.set(run.name, run);
        options.onResult?.(run);
      }
    };
    await Promise.all(env.jobs.map((job) => worker(job)));
  } finally {
    await env.stop();
  }
  const ordered = chosen.map((test) => runs.get(test.name)).filter((run): run is TestRun => run !== undefined);
  const seconds = Math.round((performance.now() - started) / 1000);
  writeFileSync(
    path.join(outDir, 'results.json'),
    JSON.stringify({ controller: options.controller, seconds, notes: env.notes, runs: ordered }, null, 2) + '\n',
  );
  return { runs: ordered, outDir, notes: env.notes, seconds };
}

/** The names in expected-pass.txt (one a line; `#` starts a comment). */
export function readExpectedPass(filePath = path.join(compatDir, 'expected-pass.txt')): string[] {
  return readFileSync(filePath, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}
