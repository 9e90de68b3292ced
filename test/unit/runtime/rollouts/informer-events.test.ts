// The Events the runtimes record themselves, worded as Argo's controller words them
// (rollout/controller.go, rollout/sync.go, rollout/trafficrouting.go in argo-rollouts v1.10.1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Action } from '../../../../src/engine/types.ts';
import {
  addedToInformerEvent,
  deletedEvent,
  failedActionEvent,
} from '../../../../src/runtime/rollouts/informer-events.ts';
import { canaryRollout } from '../../engine/harness/fixtures.ts';

test('RolloutAddedToInformer and RolloutDeleted say namespace/name and name/namespace, as Argo formats them', () => {
  const built = canaryRollout({ name: 'web' });
  const rollout = {
    ...built,
    metadata: { ...built.metadata, name: 'web', namespace: 'shop', uid: 'u1', resourceVersion: '1' },
  };
  assert.deepEqual(addedToInformerEvent(rollout), {
    type: 'Normal',
    reason: 'RolloutAddedToInformer',
    message: 'Rollout resource added to informer: shop/web',
  });
  assert.deepEqual(deletedEvent(rollout), {
    type: 'Normal',
    reason: 'RolloutDeleted',
    message: 'Rollout web/shop is deleted.',
  });
});

const traffic: Action = {
  type: 'setTraffic',
  traffic: { canaryWeight: 10, stableHash: 'a', canaryHash: 'b', headerRoutes: [], mirrorRoutes: [] },
};
const rows: Array<[string, Action, string, string]> = [
  ['a traffic change', traffic, 'TrafficRoutingError', 'virtual service web-vs not found'],
  [
    'the new ReplicaSet',
    {
      type: 'createReplicaSet',
      name: 'web-abc',
      podTemplateHash: 'abc',
      revision: 2,
      replicas: 0,
      template: {},
      annotations: {},
    },
    'ReplicaSetCreateError',
    'Failed to create new replica set "web-abc": virtual service web-vs not found',
  ],
  [
    'anything else',
    { type: 'setServiceSelector', service: 'web', podTemplateHash: 'abc' },
    'ReconcileError',
    'setServiceSelector failed: virtual service web-vs not found',
  ],
];
for (const [what, action, reason, message] of rows) {
  test(`a failed action on ${what} is a ${reason} Warning`, () => {
    assert.deepEqual(failedActionEvent(action, new Error('virtual service web-vs not found')), {
      type: 'Warning',
      reason,
      message,
    });
  });
}
