import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArgsError,
  redactor,
  resolveMetricArgs,
  runArgs,
  secretArgRefs,
  substituteArgs,
} from '../../../src/analysis/args.ts';
import type { Argument } from '../../../src/api/types/analysis.ts';
import { metric } from './fixtures.ts';

const values = new Map<string, string | undefined>([
  ['service-name', 'guestbook-svc'],
  ['port', '9090'],
  ['empty', ''],
  ['unset', undefined],
]);

const substitutions: Array<[string, string]> = [
  ['no template', 'no template'],
  ['{{args.service-name}}', 'guestbook-svc'],
  ['{{ args.service-name }}', 'guestbook-svc'],
  ['{{  args.port}}/{{args.port  }}', '9090/9090'],
  ['http://{{args.service-name}}:{{args.port}}/x', 'http://guestbook-svc:9090/x'],
  ['a{{args.empty}}b', 'ab'],
];
for (const [input, expected] of substitutions) {
  test(`substituteArgs(${JSON.stringify(input)})`, () => assert.equal(substituteArgs(input, values, 'f'), expected));
}

const failures: Array<[string, RegExp]> = [
  ['{{args.missing}}', /^query: \{\{args\.missing\}\} refers to an argument that is not declared/],
  ['{{args.unset}}', /^query: args\.unset has no value/],
  ['{{inputs.port}}', /^query: \{\{inputs\.port\}\} is not an argument reference/],
  ['x {{args.port', /^query: "\{\{" at offset 2 is not closed/],
];
for (const [input, expected] of failures) {
  test(`substituteArgs rejects ${JSON.stringify(input)}`, () => {
    assert.throws(
      () => substituteArgs(input, values, 'query'),
      (error: Error) => error instanceof ArgsError && expected.test(error.message),
    );
  });
}

test('resolveMetricArgs substitutes every string, nested and in map keys, and leaves the input alone', () => {
  const source = metric({
    count: '{{args.port}}',
    successCondition: 'result[0] >= {{args.port}}',
    provider: {
      web: {
        url: 'http://{{ args.service-name }}/health',
        headers: [{ key: 'X-Service', value: '{{args.service-name}}' }],
        jsonPath: '{$.{{args.port}}}',
      },
      job: {
        metadata: { labels: { '{{args.service-name}}': 'yes' } },
        spec: { template: { spec: { containers: [{ args: ['--port={{args.port}}'] }] } } },
      },
    },
  });
  const resolved = resolveMetricArgs(source, values, 'spec.metrics[0]');
  assert.equal(resolved.count, '9090');
  assert.equal(resolved.successCondition, 'result[0] >= 9090');
  assert.equal(resolved.provider.web?.url, 'http://guestbook-svc/health');
  assert.deepEqual(resolved.provider.web?.headers, [{ key: 'X-Service', value: 'guestbook-svc' }]);
  assert.equal(resolved.provider.web?.jsonPath, '{$.9090}');
  assert.deepEqual(resolved.provider.job?.metadata?.labels, { 'guestbook-svc': 'yes' });
  assert.deepEqual(resolved.provider.job?.spec, { template: { spec: { containers: [{ args: ['--port=9090'] }] } } });
  assert.equal(source.provider.web?.url, 'http://{{ args.service-name }}/health');
});

test('resolveMetricArgs names the field of an unresolved reference', () => {
  const source = metric({ provider: { web: { url: 'http://x', headers: [{ key: 'a', value: '{{args.nope}}' }] } } });
  assert.throws(
    () => resolveMetricArgs(source, values, 'spec.metrics[2]'),
    /^ArgsError: spec\.metrics\[2\]\.provider\.web\.headers\[0\]\.value: \{\{args\.nope\}\}/,
  );
});

const args: Argument[] = [
  { name: 'service-name', value: 'svc' },
  { name: 'api-token', valueFrom: { secretKeyRef: { name: 'token-secret', key: 'apiToken' } } },
  { name: 'no-value' },
];

test('secretArgRefs lists where the runtime reads each secret', () => {
  assert.deepEqual(secretArgRefs(args), [{ argName: 'api-token', secretName: 'token-secret', key: 'apiToken' }]);
});

test('runArgs takes secret values from the runtime and remembers them as secret', () => {
  const resolved = runArgs(args, { 'api-token': 's3cr3t' });
  assert.deepEqual(
    [...resolved.values],
    [
      ['service-name', 'svc'],
      ['api-token', 's3cr3t'],
      ['no-value', undefined],
    ],
  );
  assert.deepEqual(resolved.secretValues, ['s3cr3t']);
});

test('runArgs without the secret: an error, or the placeholder when only validating', () => {
  assert.throws(
    () => runArgs(args, {}),
    /args\.api-token: the value of key "apiToken" in secret "token-secret" is not available/,
  );
  const validating = runArgs(args, undefined, 'placeholder');
  assert.equal(validating.values.get('api-token'), 'placeholder');
  assert.deepEqual(validating.secretValues, []);
});

test('runArgs: value and secretKeyRef together is an error', () => {
  assert.throws(
    () => runArgs([{ name: 'x', value: 'a', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }], { x: 'b' }),
    /has both value and valueFrom/,
  );
});

test('redactor hides every secret value, longest first', () => {
  const redact = redactor(['s3cr3t', 's3cr3t-longer', '']);
  assert.equal(redact('Bearer s3cr3t-longer and s3cr3t twice s3cr3t'), 'Bearer ***** and ***** twice *****');
  assert.equal(redact('nothing secret'), 'nothing secret');
  assert.equal(redactor([])('s3cr3t'), 's3cr3t');
});
