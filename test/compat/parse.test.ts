// The pure parts of the compatibility run: reading `go test -v` output of testify suites, and
// finding the suites' methods in Argo's Go sources. Samples are shaped like the real output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogFromSources, selectTests } from './catalog.ts';
import { readExpectedPass } from './compat-run.ts';
import { firstFailureLine, resultsOf } from './go-test-output.ts';

const failedWait = [
  '=== RUN   TestFunctionalSuite',
  '=== RUN   TestFunctionalSuite/TestRolloutGoodToBadUpdate',
  'time="2026-12-06T22:00:00Z" level=info msg="Deleting e2e-test-name=TestRolloutGoodToBadUpdate"',
  'time="2026-12-06T22:00:01Z" level=info msg="Waiting for condition: status=Degraded" rollout=good2bad',
  '    when.go:555: timeout after 1m30s waiting for condition status=Degraded',
  'time="2026-12-06T22:01:31Z" level=error msg="Rollout status expected to be \'Healthy\'. actual: Progressing"',
  '--- FAIL: TestFunctionalSuite (91.20s)',
  '    --- FAIL: TestFunctionalSuite/TestRolloutGoodToBadUpdate (91.02s)',
  'FAIL',
].join('\n');

test('result lines give each test its result and seconds, subtests included', () => {
  const results = resultsOf(failedWait);
  assert.deepEqual(results.get('TestFunctionalSuite/TestRolloutGoodToBadUpdate'), { result: 'fail', seconds: 91.02 });
  assert.deepEqual(results.get('TestFunctionalSuite'), { result: 'fail', seconds: 91.2 });
  const passed = resultsOf(
    '--- PASS: TestCanarySuite (3.00s)\n    --- PASS: TestCanarySuite/TestCanaryWithSpecPause (2.5s)\n    --- SKIP: TestCanarySuite/TestX (0.00s)\n',
  );
  assert.equal(passed.get('TestCanarySuite/TestCanaryWithSpecPause')?.result, 'pass');
  assert.equal(passed.get('TestCanarySuite/TestX')?.result, 'skip');
});

test('the first failure line is the t.Fatal line of the test, before later logged errors', () => {
  assert.equal(
    firstFailureLine(failedWait, 'TestFunctionalSuite/TestRolloutGoodToBadUpdate'),
    'when.go:555: timeout after 1m30s waiting for condition status=Degraded',
  );
});

test('a logrus error logged before FailNow() is the failure line when no t.Fatal line comes first', () => {
  const output = [
    '=== RUN   TestCanarySuite/TestCanaryScaleDownDelay',
    'time="t" level=error msg="Rollout expectation \'revision 1 scaled down\' failed" rollout=x',
    '    --- FAIL: TestCanarySuite/TestCanaryScaleDownDelay (4.10s)',
  ].join('\n');
  assert.equal(
    firstFailureLine(output, 'TestCanarySuite/TestCanaryScaleDownDelay'),
    "Rollout expectation 'revision 1 scaled down' failed",
  );
  assert.equal(firstFailureLine('=== RUN   A/B\ntime="t" level=fatal msg=boom\n', 'A/B'), 'boom');
});

test("testify's Error: line and its continuation stand for an empty t.Error line", () => {
  const output = [
    '=== RUN   TestFunctionalSuite/TestControllerMetrics',
    '    functional_test.go:1408: ',
    '        \tError Trace:\t/src/test/e2e/functional_test.go:1408',
    '        \tError:      \tReceived unexpected error:',
    '        \t            \tGet "http://localhost:8090/metrics": dial tcp [::1]:8090: connect: connection refused',
    '        \tTest:       \tTestFunctionalSuite/TestControllerMetrics',
  ].join('\n');
  assert.equal(
    firstFailureLine(output, 'TestFunctionalSuite/TestControllerMetrics'),
    'functional_test.go:1408: Received unexpected error: Get "http://localhost:8090/metrics": dial tcp [::1]:8090: connect: connection refused',
  );
  const notEqual = [
    '=== RUN   S/A',
    '    functional_test.go:92: ',
    '        \tError Trace:\tgithub.com/argoproj/argo-rollouts/test/fixtures/then.go:506',
    '        \t            \t\t\t\tgithub.com/argoproj/argo-rollouts/test/e2e/functional_test.go:92',
    '        \tError:      \tNot equal: ',
    '        \t            \texpected: []string{"RolloutAddedToInformer"}',
    '        \t            \tactual  : []string{"RolloutNotCompleted"}',
    '        \t            \t',
    '        \tTest:       \tS/A',
  ].join('\n');
  assert.equal(
    firstFailureLine(notEqual, 'S/A'),
    'functional_test.go:92: Not equal: expected: []string{"RolloutAddedToInformer"} actual  : []string{"RolloutNotCompleted"}',
  );
});

test("another test's lines are not taken; a failing SetupSuite is found in the whole output; a timeout panic is reported", () => {
  const output = ['=== RUN   S/A', '=== RUN   S/B', '    when.go:1: about B'].join('\n');
  assert.equal(firstFailureLine(output, 'S/A'), 'when.go:1: about B', 'falls back to the whole output');
  assert.equal(
    firstFailureLine(
      '=== RUN   S\n    e2e_suite.go:160: invalid configuration: no configuration has been provided\n',
      'S/A',
    ),
    'e2e_suite.go:160: invalid configuration: no configuration has been provided',
  );
  assert.equal(
    firstFailureLine('=== RUN   S/A\npanic: test timed out after 4m0s\n\trunning tests:\n', 'S/A'),
    'test timed out after 4m0s',
  );
  assert.equal(firstFailureLine('=== RUN   S/A\nall fine\n', 'S/A'), undefined);
});

const sources = new Map([
  [
    'functional_test.go',
    [
      '//go:build e2e',
      'type FunctionalSuite struct {',
      '\tfixtures.E2ESuite',
      '}',
      'func TestFunctionalSuite(t *testing.T) {',
      '\tsuite.Run(t, new(FunctionalSuite))',
      '}',
      'func (s *FunctionalSuite) SetupSuite() {',
      '}',
      'func (s *FunctionalSuite) TestRolloutRestart() {',
      '}',
      'func (s *FunctionalSuite) helper() {',
      '}',
    ].join('\n'),
  ],
  [
    'bluegreen_test.go',
    [
      'func TestBlueGreenSuite(t *testing.T) {',
      '\tsuite.Run(t, new(BlueGreenSuite))',
      '}',
      'func (s *BlueGreenSuite) TestEphemeralMetadata() {',
      '}',
      'func (s *FunctionalSuite) TestBlueGreenPreviewReplicaCountPromoteFull() {',
      '}',
    ].join('\n'),
  ],
]);

test("the catalog finds each suite's Test methods, wherever their file", () => {
  const names = catalogFromSources(sources).map((t) => t.name);
  assert.deepEqual(names, [
    'TestBlueGreenSuite/TestEphemeralMetadata',
    'TestFunctionalSuite/TestRolloutRestart',
    'TestFunctionalSuite/TestBlueGreenPreviewReplicaCountPromoteFull',
  ]);
});

test('selection by suite short name, full name, method name or regular expression; a typo is an error', () => {
  const catalog = catalogFromSources(sources);
  assert.deepEqual(
    selectTests(catalog, ['bluegreen'], []).map((t) => t.method),
    ['TestEphemeralMetadata'],
  );
  assert.deepEqual(
    selectTests(catalog, ['FunctionalSuite'], ['TestRolloutRestart']).map((t) => t.name),
    ['TestFunctionalSuite/TestRolloutRestart'],
  );
  assert.deepEqual(selectTests(catalog, [], ['BlueGreen']).length, 2, 'a regular expression over the full name');
  assert.throws(() => selectTests(catalog, ['canary'], []), /no suite "canary".*known: bluegreen, functional/);
  assert.throws(() => selectTests(catalog, [], ['TestNothing']), /no test matches "TestNothing"/);
});

test('expected-pass.txt holds Suite/Method names, sorted, each once', () => {
  const names = readExpectedPass();
  assert.ok(names.length > 0, 'the list is read');
  for (const name of names) assert.match(name, /^Test\w+Suite\/Test\w+$/, `"${name}" is not Suite/Method`);
  assert.deepEqual(names, [...new Set(names)].sort(), 'sorted (code-point order), no name twice');
});
