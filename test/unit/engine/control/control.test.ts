import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promotePatch } from '../../../../src/engine/control/promote.ts';
import {
  abortPatch,
  pausePatch,
  restartPatch,
  resumePatch,
  retryPatch,
} from '../../../../src/engine/control/lifecycle.ts';
import { undoPatch } from '../../../../src/engine/control/undo.ts';
import { ControlError } from '../../../../src/engine/control/patch.ts';
import { SimulatedCluster, canaryRollout } from '../harness/index.ts';
import type { Rollout } from '../../../../src/api/types/rollout.ts';

function withStatus(status: Rollout['status'], paused = false): Rollout {
  const rollout = canaryRollout({ steps: [{ setWeight: 20 }, { analysis: {} }, { pause: {} }] });
  rollout.spec.paused = paused;
  rollout.status = status;
  return rollout;
}

test('promote patches as the kubectl plugin does', () => {
  const paused = withStatus({
    pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-01-02T15:04:05Z' }],
    currentStepIndex: 2,
  });
  assert.deepEqual(promotePatch(paused), { status: { pauseConditions: null } });
  assert.deepEqual(promotePatch(withStatus({ currentStepIndex: 1 })), {
    status: { pauseConditions: null, currentStepIndex: 2 },
  });
  assert.deepEqual(promotePatch(withStatus({ currentStepIndex: 3 })), {
    status: { pauseConditions: null, currentStepIndex: 3 },
  });
  assert.deepEqual(promotePatch(withStatus({ currentStepIndex: 1 }, true)), {
    spec: { paused: false },
    status: { pauseConditions: null, currentStepIndex: 2 },
  });
  assert.deepEqual(promotePatch(withStatus({ currentPodHash: 'b', stableRS: 'a' }, true), { full: true }), {
    status: { promoteFull: true },
    spec: { paused: false },
  });
  assert.deepEqual(promotePatch(withStatus({ currentPodHash: 'a', stableRS: 'a' }), { full: true }), {});
});

test('abort, retry, pause, resume and restart patches', () => {
  assert.deepEqual(abortPatch(), { status: { abort: true } });
  assert.deepEqual(retryPatch(withStatus({ abort: true })), { status: { abort: false } });
  assert.throws(() => retryPatch(withStatus({})), ControlError);
  assert.deepEqual(pausePatch(), { spec: { paused: true } });
  assert.deepEqual(resumePatch(withStatus({ pauseConditions: [{ reason: 'CanaryPauseStep', startTime: 'x' }] })), {
    spec: { paused: false },
    status: { pauseConditions: null },
  });
  assert.deepEqual(restartPatch(Date.parse('2026-01-02T15:04:05.678Z')), {
    spec: { restartAt: '2026-01-02T15:04:05Z' },
  });
});

test('undo writes an earlier template back; the engine reuses its ReplicaSet with a new revision', () => {
  const cluster = new SimulatedCluster(canaryRollout({ replicas: 2 }));
  cluster.settle();
  cluster.setImage('app:2');
  cluster.advance(2000);
  assert.equal(cluster.status.phase, 'Healthy');
  const observed = cluster.observe();
  const patch = undoPatch(cluster.rollout, observed.replicaSets);
  assert.equal(
    (patch.spec?.template as { spec: { containers: Array<{ image: string }> } } | undefined)?.spec.containers[0]?.image,
    'app:1',
  );
  cluster.updateSpec((spec) => Object.assign(spec, patch.spec));
  cluster.advance(2000);
  assert.equal(cluster.replicaSets.size, 2, 'no third ReplicaSet: revision 1 is reused');
  const reused = [...cluster.replicaSets.values()].find((rs) => rs.template.spec?.containers[0]?.image === 'app:1');
  assert.equal(reused?.revision, 3);
  assert.equal(reused?.replicas, 2);
  assert.equal(cluster.status.phase, 'Healthy');
  assert.throws(() => undoPatch(cluster.rollout, observed.replicaSets, 7), /no revision 7/);
});
