import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeError, UsageError } from '../../../../src/cli/shared/errors.ts';
import { parseFlags, type FlagSpec } from '../../../../src/cli/shared/flags.ts';

const specs: FlagSpec[] = [
  { name: 'namespace', short: 'n', takesValue: true, valueName: 'NS', description: '' },
  { name: 'watch', short: 'w', takesValue: false, description: '' },
  { name: 'output', short: 'o', takesValue: true, description: '', choices: ['json', 'yaml'] },
  { name: 'timeout', takesValue: true, type: 'duration', description: '' },
  { name: 'request-timeout', takesValue: true, type: 'duration', unit: 'seconds', description: '' },
  { name: 'rate', takesValue: true, type: 'integer', min: 1, max: 1000, description: '' },
  { name: 'port', takesValue: true, type: 'port', description: '' },
];

describe('parseFlags', () => {
  const cases: Array<{ args: string[]; positionals: string[]; values: Record<string, string | boolean> }> = [
    { args: ['rollout', 'web', '-n', 'prod'], positionals: ['rollout', 'web'], values: { namespace: 'prod' } },
    { args: ['--namespace=prod', 'web', '-w'], positionals: ['web'], values: { namespace: 'prod', watch: true } },
    { args: ['web', '--watch=false'], positionals: ['web'], values: { watch: false } },
    { args: ['-o', 'yaml', 'web'], positionals: ['web'], values: { output: 'yaml' } },
    { args: ['web', '--', '-n'], positionals: ['web', '-n'], values: {} },
    {
      args: ['--timeout', '1h30m', '--request-timeout=30', '--rate', '1000', '--port', '8080'],
      positionals: [],
      values: { timeout: '1h30m', 'request-timeout': '30', rate: '1000', port: '8080' },
    },
  ];
  for (const { args, positionals, values } of cases) {
    it(`reads ${args.join(' ')}`, () => {
      const parsed = parseFlags(args, specs, 'get');
      assert.deepEqual(parsed.positionals, positionals);
      assert.deepEqual(Object.fromEntries(parsed.values), values);
    });
  }

  const errors: Array<{ args: string[]; message: RegExp }> = [
    { args: ['--nope'], message: /unknown flag --nope for sluice get; see sluice get --help/ },
    { args: ['-n'], message: /-n needs a value \(NS\)/ },
    { args: ['-o', 'xml'], message: /-o must be one of json, yaml, not "xml"/ },
    { args: ['--watch=maybe'], message: /--watch is a switch/ },
    { args: ['--timeout', '30'], message: /^--timeout takes a duration such as 30s, 5m or 1h, not "30"$/ },
    {
      args: ['--request-timeout', '-1s'],
      message: /^--request-timeout takes a duration such as 30s, 5m or 1h, or whole seconds, not "-1s"$/,
    },
    { args: ['--rate', '0'], message: /^--rate takes a whole number from 1 to 1000, not "0"$/ },
    { args: ['--port', '65536'], message: /^--port takes a port number from 1 to 65535, not "65536"$/ },
    {
      args: ['--namespce', 'x'],
      message: /^unknown flag --namespce for sluice get; did you mean --namespace\? See sluice get --help$/,
    },
  ];
  for (const { args, message } of errors) {
    it(`refuses ${args.join(' ')} with a sentence`, () => {
      assert.throws(
        () => parseFlags(args, specs, 'get'),
        (error: unknown) => error instanceof UsageError && message.test(error.message),
      );
    });
  }
});

describe('describeError', () => {
  const named = (name: string, message: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(message), { name }, extra);
  const cases: Array<{ error: unknown; sentence: string }> = [
    {
      error: named('ForbiddenError', 'rollouts.argoproj.io "web" is forbidden: User "x" cannot get resource', {
        statusCode: 403,
      }),
      sentence: 'forbidden by RBAC: rollouts.argoproj.io "web" is forbidden: User "x" cannot get resource',
    },
    {
      error: named('KubeconfigError', 'no kubeconfig found: set KUBECONFIG or pass --kubeconfig'),
      sentence: 'no kube context: set KUBECONFIG, pass --kubeconfig, or use --local',
    },
    {
      error: named(
        'NoRuntimeError',
        'no local sluice runtime is running in .sluice/: start one with sluice run -f ...',
      ),
      sentence: 'no local sluice runtime is running in .sluice/: start one with sluice run -f ...',
    },
    { error: named('ServerError', 'etcd is down', { statusCode: 500 }), sentence: 'etcd is down' },
    { error: new TypeError('x is undefined'), sentence: 'unexpected failure: x is undefined' },
    {
      error: named(
        'KubeConnectionError',
        'cannot reach the API server https://10.0.0.1:6443: connect ECONNREFUSED 10.0.0.1:6443',
        { code: 'ECONNREFUSED' },
      ),
      sentence:
        'cannot reach the API server https://10.0.0.1:6443: connect ECONNREFUSED 10.0.0.1:6443; check that the cluster is running and that the kube context points at it (--context, --kubeconfig, KUBECONFIG), or use --local',
    },
  ];
  for (const { error, sentence } of cases) {
    it(`says ${sentence}`, () => assert.equal(describeError(error), sentence));
  }
});
