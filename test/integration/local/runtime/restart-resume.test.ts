// Stopping `sluice run` mid-rollout and starting it again resumes at the same step: the status,
// the pause's start time and the ReplicaSets come back from the state directory, the pods are
// started again at the recorded counts, and no earlier step runs again.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  applyBlue,
  copyFixture,
  readyPodsByHash,
  rollout,
  startSluice,
  waitForFirstDeploy,
  waitForRollout,
  type RunningSluice,
} from './sluice-run.ts';
import type { RolloutDetail } from '../../../../src/runtime/local/api/rollout-details.ts';

function pausedAtStep3(detail: RolloutDetail): boolean {
  const status = detail.rollout.status;
  return status?.phase === 'Paused' && status.currentStepIndex === 3 && (status.pauseConditions ?? []).length === 1;
}

describe('stop and start sluice run mid-rollout', () => {
  let sluice: RunningSluice | undefined;
  after(async () => {
    await sluice?.stop();
  });

  it('resumes paused at step 3 with the same pause, ReplicaSets and pod counts', async () => {
    const manifests = copyFixture('canary-restart');
    const first = await startSluice([manifests]);
    sluice = first;
    await waitForFirstDeploy(first);
    await applyBlue(first, manifests);
    await waitForRollout(
      first,
      'default',
      'colorapi',
      'the pause at step 1',
      (d) => d.rollout.status?.currentStepIndex === 1 && d.rollout.status.phase === 'Paused',
    );
    await first.client.post('/api/v1/rollouts/default/colorapi/promote');
    const before = await waitForRollout(
      first,
      'default',
      'colorapi',
      'the pause at step 3 with every pod ready',
      (d) => {
        const ready = Object.values(readyPodsByHash(d)).reduce((a, b) => a + b, 0);
        return pausedAtStep3(d) &&
          ready === d.pods.length &&
          ready === d.replicaSets.reduce((sum, rs) => sum + (rs.spec.replicas ?? 0), 0)
          ? d
          : undefined;
      },
    );
    assert.equal(await first.stop(), 0);
    assert.equal(existsSync(path.join(first.stateDir, 'runtime.json')), false);
    assert.ok(readdirSync(path.join(first.stateDir, 'objects')).some((file) => file.startsWith('ReplicaSet_')));

    const second = await startSluice([manifests], { stateDir: first.stateDir });
    sluice = second;
    const resumed = await waitForRollout(second, 'default', 'colorapi', 'the pods to be ready again', (d) => {
      const ready = readyPodsByHash(d);
      return before.replicaSets.every(
        (rs) => ready[rs.metadata.labels?.['rollouts-pod-template-hash'] ?? ''] === (rs.spec.replicas || undefined),
      )
        ? d
        : undefined;
    });
    assert.ok(pausedAtStep3(resumed), JSON.stringify(resumed.rollout.status));
    assert.deepEqual(resumed.rollout.status?.pauseConditions, before.rollout.status?.pauseConditions);
    assert.equal(resumed.rollout.status?.currentPodHash, before.rollout.status?.currentPodHash);
    assert.equal(resumed.rollout.status?.stableRS, before.rollout.status?.stableRS);
    assert.equal(resumed.rollout.metadata.generation, before.rollout.metadata.generation);
    assert.deepEqual(
      resumed.replicaSets.map((rs) => [rs.metadata.name, rs.spec.replicas, rs.metadata.creationTimestamp]),
      before.replicaSets.map((rs) => [rs.metadata.name, rs.spec.replicas, rs.metadata.creationTimestamp]),
    );
    // The events are kept across the restart: new (or counted again) are those not listed so before it.
    const listedBefore = new Set(
      before.events.map((e) => `${e.firstTimestamp} ${e.reason}: ${e.message} (${e.count})`),
    );
    const stepEvents = resumed.events.filter(
      (e) =>
        !listedBefore.has(`${e.firstTimestamp} ${e.reason}: ${e.message} (${e.count})`) &&
        ['RolloutStepCompleted', 'RolloutNotCompleted', 'NewReplicaSetCreated', 'RolloutUpdated'].includes(e.reason),
    );
    assert.deepEqual(stepEvents, [], 'no step runs again after the restart');
    const again = await rollout(second, 'default', 'colorapi');
    assert.ok(pausedAtStep3(again));
  });
});
