import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArgumentError, parseControllerArguments } from '../../../../src/cli/controller/arguments.ts';

test('defaults: all namespaces, no instance id, no leader election, metrics on 8090', () => {
  assert.deepEqual(parseControllerArguments([]), { leaderElect: false, metricsPort: 8090, help: false });
});

test('every flag, with a space or an equals sign', () => {
  const parsed = parseControllerArguments(['--kubeconfig', 'k.yaml', '--namespace=team', '--instance-id', 'blue', '--leader-elect', '--metrics-port=9100', '--health-port', '8080', '--rollout-threads', '20', '--analysis-threads=40']);
  assert.deepEqual(parsed, { kubeconfig: 'k.yaml', namespace: 'team', instanceId: 'blue', leaderElect: true, metricsPort: 9100, healthPort: 8080, rolloutThreads: 20, analysisThreads: 40, help: false });
});

const errors: Array<[string[], RegExp]> = [
  [['--metrics-port', 'abc'], /--metrics-port needs a port number/],
  [['--health-port', '70000'], /--health-port needs a port number/],
  [['--namespace'], /--namespace needs a value/],
  [['--watch-everything'], /unknown argument "--watch-everything"/],
  [['--rollout-threads', '0'], /--rollout-threads needs a whole number from 1 to 1000/],
  [['--analysis-threads', 'many'], /--analysis-threads needs a whole number from 1 to 1000/],
];

for (const [args, message] of errors) {
  test(`refused: ${args.join(' ')}`, () => {
    assert.throws(() => parseControllerArguments(args), (error: unknown) => error instanceof ArgumentError && message.test(error.message));
  });
}
