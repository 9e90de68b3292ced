// Argo Rollouts' own e2e tests that pass against sluice (test/compat/expected-pass.txt) keep
// passing: the list runs against `sluice controller` on the test control plane, one node:test
// test per name, each failing with the suite's own first failure line and its log. The list only
// grows; docs/compatibility.md says why the others fail. A failed test runs again (RERUN_FAILS), as
// Argo's own e2e target reruns failures; an earlier failure is printed beside the pass. Outside CI this skips when the suite
// (bash test/compat/build.sh) or the control plane is not built; in CI (CI=true) that fails.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { findBinDir } from '../controlplane/paths.ts';
import { findSuite, loadCatalog, readExpectedPass, runCompat, type CompatResult } from './compat-run.ts';
import { resultTable, summaryLine } from './report.ts';

const expected = readExpectedPass();
const suite = await findSuite();
const controlPlane = await findBinDir();
const missing = !suite.found ? suite.reason : !controlPlane.found ? controlPlane.reason : undefined;
const skip = missing !== undefined && process.env['CI'] !== 'true' ? missing : false;

/** A failed test runs again at most this often, as Argo's own e2e target does (it allows 5). */
const RERUN_FAILS = 2;

let result: CompatResult | undefined;
let runError: unknown;

before(async () => {
  if (missing !== undefined || !suite.found) return;
  try {
    result = await runCompat({
      controller: 'sluice',
      suites: [],
      tests: expected,
      jobs: 2,
      timeoutSeconds: 300,
      waitTimeoutSeconds: 90,
      rerunFails: RERUN_FAILS,
      suiteDir: suite.dir,
    });
    process.stderr.write(
      `${resultTable(result.runs)}\n${summaryLine(result.runs)} (${result.seconds} s; logs in ${result.outDir})\n`,
    );
  } catch (error) {
    runError = error;
  }
});

function ready(): CompatResult {
  if (missing !== undefined) throw new Error(`Argo Rollouts' e2e suite cannot run: ${missing}`);
  if (runError !== undefined) throw runError;
  if (result === undefined) throw new Error('the compatibility run gave no result');
  return result;
}

test('expected-pass.txt names tests of the suite, each once', { skip }, () => {
  if (missing !== undefined || !suite.found) throw new Error(`Argo Rollouts' e2e suite cannot run: ${missing}`);
  const known = new Set(loadCatalog(suite.dir).map((t) => t.name));
  assert.deepEqual(
    expected.filter((name) => !known.has(name)),
    [],
    "names in expected-pass.txt that are not Suite/Method of Argo's suite",
  );
  assert.equal(new Set(expected).size, expected.length, 'a name is listed twice');
  assert.ok(expected.length > 0, 'the list is empty');
});

for (const name of expected) {
  test(name, { skip }, (t) => {
    const run = ready().runs.find((r) => r.name === name);
    assert.ok(run, `${name} did not run`);
    for (const failure of run.earlierFailures ?? []) t.diagnostic(`failed once before passing: ${failure}`);
    assert.equal(run.result, 'pass', `${name}: ${run.result}: ${run.reason} (log: ${run.logPath})`);
  });
}
