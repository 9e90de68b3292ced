import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseControllerArguments } from '../../../../src/cli/controller/arguments.ts';
import { UsageError } from '../../../../src/cli/shared/errors.ts';

test('defaults: all namespaces, no instance id, no leader election, metrics on 8090, no dashboard', () => {
  assert.deepEqual(parseControllerArguments([]), {
    leaderElect: false,
    selfServiceNotifications: false,
    metricsPort: 8090,
    dashboardPort: 0,
    dashboardAddress: '127.0.0.1',
  });
});

test('every flag, with a space or an equals sign', () => {
  const parsed = parseControllerArguments([
    '--kubeconfig',
    'k.yaml',
    '--namespace=team',
    '--instance-id',
    'blue',
    '--leader-elect',
    '--self-service-notification-enabled',
    '--metrics-port=9100',
    '--health-port',
    '8080',
    '--rollout-threads',
    '20',
    '--analysis-threads=40',
    '--dashboard-port',
    '3100',
    '--dashboard-address=0.0.0.0',
    '--dashboard-url',
    'https://rollouts.example.com/',
    '--dashboard-static-dir',
    'ui',
    '--dashboard-root-path',
    'rollouts/',
  ]);
  assert.deepEqual(parsed, {
    kubeconfig: 'k.yaml',
    namespace: 'team',
    instanceId: 'blue',
    leaderElect: true,
    selfServiceNotifications: true,
    metricsPort: 9100,
    healthPort: 8080,
    rolloutThreads: 20,
    analysisThreads: 40,
    dashboardPort: 3100,
    dashboardAddress: '0.0.0.0',
    dashboardUrl: 'https://rollouts.example.com',
    dashboardStaticDir: 'ui',
    dashboardRootPath: '/rollouts',
  });
});

const errors: Array<[string[], RegExp]> = [
  [['--metrics-port', 'abc'], /--metrics-port takes a port number from 1 to 65535 \(0: off\), not "abc"/],
  [['--health-port', '70000'], /--health-port takes a port number/],
  [['--namespace'], /--namespace needs a value/],
  [['--watch-everything'], /unknown flag --watch-everything for sluice controller/],
  [['--rollout-threads', '0'], /--rollout-threads takes a whole number from 1 to 1000, not "0"/],
  [['--analysis-threads', 'many'], /--analysis-threads takes a whole number from 1 to 1000/],
  [['--dashboard-port', '70000'], /--dashboard-port takes a port number/],
  [['--dashboard-url', 'rollouts.example.com'], /--dashboard-url takes a URL such as https:\/\/rollouts.example.com/],
  [['--dashboard-url', 'ftp://x'], /--dashboard-url takes an http or https URL/],
  [
    ['--dashboard-root-path', '/a/../b'],
    /--dashboard-root-path takes a URL path such as rollouts or \/tools\/rollouts/,
  ],
  [['--dashboard-root-path', 'a b'], /--dashboard-root-path takes a URL path/],
];

for (const [args, message] of errors) {
  test(`refused: ${args.join(' ')}`, () => {
    assert.throws(
      () => parseControllerArguments(args),
      (error: unknown) => error instanceof UsageError && message.test(error.message),
    );
  });
}
