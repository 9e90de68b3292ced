// The sequence of Events a rollout's decisions carry, reason by reason, against the sequences Argo
// Rollouts' own e2e suite expects (test/e2e/functional_test.go in argo-rollouts v1.10.1). The
// suite's lists start with RolloutAddedToInformer, which the loop records, not the engine
// (test/unit/runtime/rollouts/rollout-pass.test.ts checks it); it is left out here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RolloutEvent } from '../../../src/engine/types.ts';
import { promotePatch } from '../../../src/engine/control/promote.ts';
import { SimulatedCluster, canaryRollout } from './harness/index.ts';
import { blueGreenRollout } from './bluegreen/sim.ts';
import { ABORT_RETRY_PROMOTE_EVENTS } from '../../support/argo-event-sequences.ts';

const reasons = (events: RolloutEvent[]) => events.map((event) => event.reason);
const lines = (events: RolloutEvent[]) => events.map((event) => `${event.type} ${event.reason}: ${event.message}`);

/** Pods ready one second after they are asked for, as on a cluster that pulls images at once. */
function cluster(rollout: ConstructorParameters<typeof SimulatedCluster>[0]): SimulatedCluster {
  return new SimulatedCluster(rollout, { readyDelayMs: 1000 });
}

function promote(c: SimulatedCluster): void {
  const patch = promotePatch(c.rollout);
  assert.ok(patch.status, 'promote patches the status');
  c.patchStatus(patch.status as Record<string, unknown>);
}

describe('the Events of a canary, in Argo order', () => {
  it('goes through its steps as TestRolloutAbortRetryPromote expects, abort and retry included', () => {
    // Argo: FunctionalSuite.TestRolloutAbortRetryPromote (one replica, setWeight 50, pause 3s).
    const c = cluster(canaryRollout({ replicas: 1, steps: [{ setWeight: 50 }, { pause: { duration: '3s' } }] }));
    c.advanceUntil((x) => x.status.phase === 'Healthy');
    c.setImage('app:2');
    c.advanceUntil((x) => x.status.phase === 'Paused');
    c.patchStatus({ abort: true });
    c.advanceUntil((x) => x.status.phase === 'Degraded');
    c.patchStatus({ abort: null });
    c.advanceUntil((x) => x.status.phase === 'Paused');
    c.advanceUntil((x) => x.status.phase === 'Healthy');
    assert.deepEqual(reasons(c.events), ABORT_RETRY_PROMOTE_EVENTS.slice(1));
  });

  it('words each Event of a first deploy and an update as Argo does', () => {
    const c = cluster(canaryRollout({ replicas: 1, steps: [{ setWeight: 50 }, { pause: { duration: '3s' } }] }));
    c.advanceUntil((x) => x.status.phase === 'Healthy');
    const first = c.replicaSetByRevision(1)?.name;
    c.setImage('app:2');
    c.advanceUntil((x) => x.status.phase === 'Healthy' && x.status.stableRS === x.status.currentPodHash);
    const second = c.replicaSetByRevision(2);
    assert.ok(first && second);
    const firstHash = first.slice('app-'.length);
    assert.deepEqual(lines(c.events), [
      'Normal RolloutUpdated: Rollout updated to revision 1',
      `Normal NewReplicaSetCreated: Created ReplicaSet ${first} (revision 1)`,
      `Normal RolloutNotCompleted: Rollout not completed, started update to revision 1 (${firstHash})`,
      `Normal ScalingReplicaSet: Scaled up ReplicaSet ${first} (revision 1) from 0 to 1`,
      `Normal RolloutCompleted: Rollout completed update to revision 1 (${firstHash}): Initial deploy`,
      'Normal RolloutUpdated: Rollout updated to revision 2',
      `Normal NewReplicaSetCreated: Created ReplicaSet ${second.name} (revision 2)`,
      `Normal RolloutNotCompleted: Rollout not completed, started update to revision 2 (${second.podTemplateHash})`,
      `Normal ScalingReplicaSet: Scaled up ReplicaSet ${second.name} (revision 2) from 0 to 1`,
      'Normal RolloutStepCompleted: Rollout step 1/2 completed (setWeight: 50)',
      'Normal RolloutPaused: Rollout is paused (CanaryPauseStep)',
      'Normal RolloutStepCompleted: Rollout step 2/2 completed (pause: 3s)',
      'Normal RolloutResumed: Rollout is resumed',
      `Normal ScalingReplicaSet: Scaled down ReplicaSet ${first} (revision 1) from 1 to 0`,
      `Normal RolloutCompleted: Rollout completed update to revision 2 (${second.podTemplateHash}): Completed all 2 canary steps`,
    ]);
  });

  it('after a promote of an indefinite pause: the step completes, no RolloutResumed (the promote removed the pause, as sendStateChangeEvents sees it)', () => {
    const c = cluster(canaryRollout({ replicas: 2, steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 75 }] }));
    c.advanceUntil((x) => x.status.phase === 'Healthy');
    c.events = [];
    c.setImage('app:2');
    c.advanceUntil((x) => x.status.phase === 'Paused');
    promote(c);
    c.advanceUntil((x) => x.status.phase === 'Healthy');
    assert.deepEqual(reasons(c.events), [
      'RolloutUpdated',
      'NewReplicaSetCreated',
      'RolloutNotCompleted',
      'ScalingReplicaSet',
      'ScalingReplicaSet',
      'RolloutStepCompleted',
      'RolloutPaused',
      'RolloutStepCompleted',
      'ScalingReplicaSet',
      'RolloutStepCompleted',
      'ScalingReplicaSet',
      'RolloutCompleted',
    ]);
  });
});

describe('the Events of a blue-green rollout, in Argo order', () => {
  it('updates as TestBlueGreenUpdate expects: on a first deploy the scale-up comes before RolloutCompleted', () => {
    // Argo: FunctionalSuite.TestBlueGreenUpdate (@functional/rollout-bluegreen.yaml: 3 replicas, no preview).
    const c = cluster(blueGreenRollout({ activeService: 'bluegreen', scaleDownDelaySeconds: 10 }));
    c.advanceUntil((x) => x.status.phase === 'Healthy');
    c.setImage('app:2');
    c.advanceUntil((x) => x.status.phase === 'Healthy' && x.status.stableRS === x.status.currentPodHash);
    assert.deepEqual(reasons(c.events), [
      'RolloutUpdated',
      'NewReplicaSetCreated',
      'ScalingReplicaSet',
      'RolloutCompleted',
      'SwitchService',
      'RolloutUpdated',
      'NewReplicaSetCreated',
      'RolloutNotCompleted',
      'ScalingReplicaSet',
      'SwitchService',
      'RolloutCompleted',
    ]);
    const switches = c.events.filter((event) => event.reason === 'SwitchService').map((event) => event.message);
    assert.match(switches[0] ?? '', /^Switched selector for service 'bluegreen' from '' to '[0-9a-z]+'$/);
  });

  it('points the preview Service before it scales, as rolloutBlueGreen calls reconcilePreviewService first', () => {
    const c = cluster(blueGreenRollout({ activeService: 'active', previewService: 'preview' }));
    c.advanceUntil((x) => x.status.phase === 'Healthy');
    assert.deepEqual(
      lines(c.events).map((line) => line.replace(/[0-9a-f]{8,10}/g, 'H')),
      [
        'Normal RolloutUpdated: Rollout updated to revision 1',
        'Normal NewReplicaSetCreated: Created ReplicaSet myapp-H (revision 1)',
        "Normal SwitchService: Switched selector for service 'preview' from '' to 'H'",
        'Normal ScalingReplicaSet: Scaled up ReplicaSet myapp-H (revision 1) from 0 to 3',
        'Normal RolloutCompleted: Rollout completed update to revision 1 (H): Initial deploy',
        "Normal SwitchService: Switched selector for service 'active' from '' to 'H'",
      ],
    );
  });

  it('a manual promotion: preview switched, paused, promoted, active switched, completed', () => {
    const c = cluster(
      blueGreenRollout({ activeService: 'active', previewService: 'preview', autoPromotionEnabled: false }),
    );
    c.advanceUntil((x) => x.status.phase === 'Healthy');
    c.events = [];
    c.setImage('app:2');
    c.advanceUntil((x) => x.status.phase === 'Paused');
    promote(c);
    c.advanceUntil((x) => x.status.phase === 'Healthy' && x.status.stableRS === x.status.currentPodHash);
    assert.deepEqual(
      lines(c.events).map((line) => line.replace(/[0-9a-f]{8,10}/g, 'H')),
      [
        'Normal RolloutUpdated: Rollout updated to revision 2',
        'Normal NewReplicaSetCreated: Created ReplicaSet myapp-H (revision 2)',
        "Normal SwitchService: Switched selector for service 'preview' from 'H' to 'H'",
        'Normal RolloutNotCompleted: Rollout not completed, started update to revision 2 (H)',
        'Normal ScalingReplicaSet: Scaled up ReplicaSet myapp-H (revision 2) from 0 to 3',
        'Normal RolloutPaused: Rollout is paused (BlueGreenPause)',
        "Normal SwitchService: Switched selector for service 'active' from 'H' to 'H'",
        'Normal RolloutCompleted: Rollout completed update to revision 2 (H): Completed blue-green update',
      ],
    );
  });
});

describe("SwitchService for a canary's Services", () => {
  it("is recorded each time the stable or canary Service is pointed at another revision, as Argo's switchServiceSelector", () => {
    const c = cluster(
      canaryRollout({
        replicas: 2,
        steps: [{ setWeight: 50 }, { pause: {} }],
        canary: { stableService: 'app-stable', canaryService: 'app-canary' },
      }),
    );
    c.advanceUntil((x) => x.status.phase === 'Healthy');
    const first = c.status.stableRS;
    c.setImage('app:2');
    c.advanceUntil((x) => x.status.phase === 'Paused');
    promote(c);
    c.advanceUntil((x) => x.status.phase === 'Healthy');
    const second = c.status.stableRS;
    assert.ok(first && second && first !== second);
    const switches = c.events.filter((event) => event.reason === 'SwitchService').map((event) => event.message);
    assert.deepEqual(switches, [
      // A first deploy has no stable ReplicaSet until it completes: the canary Service is pointed first.
      `Switched selector for service 'app-canary' from '' to '${first}'`,
      `Switched selector for service 'app-stable' from '' to '${first}'`,
      `Switched selector for service 'app-canary' from '${first}' to '${second}'`,
      `Switched selector for service 'app-stable' from '${first}' to '${second}'`,
    ]);
  });
});
