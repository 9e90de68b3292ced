import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldRefValue, resolveRolloutArgs, RolloutArgError } from '../../../src/analysis/rollout-args.ts';

const rollout = {
  metadata: {
    name: 'guestbook',
    namespace: 'prod',
    labels: { env: 'dev', region: 'us-west-2' },
    annotations: { team: 'web' },
  },
  status: {
    alb: { canaryTargetGroup: { name: 'tg-canary' } },
    conditions: [{ type: 'Available' }],
    currentStepIndex: 2,
  },
};

test('resolveRolloutArgs: value, pod template hashes and field refs', () => {
  const args = resolveRolloutArgs(
    [
      { name: 'service-name', value: 'guestbook-svc' },
      { name: 'stable-hash', valueFrom: { podTemplateHashValue: 'Stable' } },
      { name: 'latest-hash', valueFrom: { podTemplateHashValue: 'Latest' } },
      { name: 'env', valueFrom: { fieldRef: { fieldPath: "metadata.labels['env']" } } },
      { name: 'tg', valueFrom: { fieldRef: { fieldPath: 'status.alb.canaryTargetGroup.name' } } },
      { name: 'no-value' },
    ],
    { rollout, stablePodHash: '5d8f7c', latestPodHash: '7b9c4d' },
  );
  assert.deepEqual(args, [
    { name: 'service-name', value: 'guestbook-svc' },
    { name: 'stable-hash', value: '5d8f7c' },
    { name: 'latest-hash', value: '7b9c4d' },
    { name: 'env', value: 'dev' },
    { name: 'tg', value: 'tg-canary' },
    { name: 'no-value' },
  ]);
});

const paths: Array<[string, string]> = [
  ['metadata.name', 'guestbook'],
  ["metadata.labels['region']", 'us-west-2'],
  ['metadata.labels[region]', 'us-west-2'],
  ['metadata.annotations["team"]', 'web'],
  ["metadata.labels['absent']", ''],
  ['status.conditions[0].type', 'Available'],
  ['status.currentStepIndex', '2'],
];
for (const [path, expected] of paths) {
  test(`fieldRefValue(${path})`, () => assert.equal(fieldRefValue(rollout, path), expected));
}

const bad: Array<[string, RegExp]> = [
  ['status.nothing.here', /does not exist in the rollout/],
  ['status.alb', /must end on a plain value/],
  ['status.conditions.first', /"first" is not a list index/],
];
for (const [path, message] of bad) {
  test(`fieldRefValue rejects ${path}`, () =>
    assert.throws(
      () => fieldRefValue(rollout, path, 'x'),
      (error: Error) => error instanceof RolloutArgError && message.test(error.message),
    ));
}

test('a hash with no ReplicaSet yet is an error', () => {
  assert.throws(
    () => resolveRolloutArgs([{ name: 'h', valueFrom: { podTemplateHashValue: 'Stable' } }], { rollout }),
    /args\.h: there is no stable ReplicaSet yet/,
  );
});
