// decideAhead against decide: over random canary scenarios, a cluster driven by decideAhead ends every
// event in the state a cluster driven by decide reaches, never breaks an invariant, needs no more
// passes and leaves what it observes as it was; a pause that ends and an analysis that fails move
// traffic in the same pass.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { deepFreeze } from '../../../src/api/deep-freeze.ts';
import { canonicalJson } from '../../../src/api/pod-template-hash.ts';
import { decideAhead, ordered } from '../../../src/engine/look-ahead.ts';
import type { Action, ObservedState } from '../../../src/engine/types.ts';
import {
  SimulatedCluster,
  canaryRollout,
  canaryWithFailedBackgroundRun,
  checkInvariants,
  istioHostLevel,
} from './harness/index.ts';
import { apply, scenarioArb } from './harness/random-canary.ts';

function snapshot(cluster: SimulatedCluster): string {
  const replicaSets = [...cluster.replicaSets.values()].map((rs) => ({
    name: rs.name,
    replicas: rs.replicas,
    annotations: rs.annotations,
  }));
  return canonicalJson({
    status: cluster.status,
    traffic: cluster.traffic ?? null,
    selectors: cluster.serviceSelectors,
    replicaSets,
    runs: [...cluster.analysisRuns.values()],
  });
}

describe('decideAhead', () => {
  it('reaches the state decide reaches after every event, with the invariants kept and no more passes', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const canary = scenario.routed ? { ...istioHostLevel(), dynamicStableScale: scenario.dynamicStableScale } : {};
        const rollout = canaryRollout({ replicas: scenario.replicas, steps: scenario.steps, canary });
        const options = { readyDelayMs: scenario.readyDelayMs };
        const plain = new SimulatedCluster(rollout, options);
        const ahead = new SimulatedCluster(rollout, {
          ...options,
          // From a frozen copy of what it observes, as the controller's passes read its caches: an
          // engine that changed its input would throw here.
          decide: (observed, now) => decideAhead(deepFreeze(structuredClone(observed)), now),
          onDecision: (_decision, cluster) => {
            const violations = checkInvariants(cluster);
            if (violations.length > 0) throw new Error(`invariant broken: ${JSON.stringify(violations)}`);
          },
        });
        for (const cluster of [plain, ahead]) cluster.advance(10_000, 2000);
        assert.equal(snapshot(ahead), snapshot(plain));
        for (const event of scenario.events) {
          for (const cluster of [plain, ahead]) apply(cluster, event);
          assert.equal(snapshot(ahead), snapshot(plain), `after ${JSON.stringify(event)}`);
        }
        assert.ok(
          ahead.decisions.length <= plain.decisions.length,
          `${ahead.decisions.length} passes with look-ahead, ${plain.decisions.length} without`,
        );
      }),
      { numRuns: 150, seed: 2718 },
    );
  });

  const steps = [{ setWeight: 10 }, { pause: { duration: '5s' } }, { setWeight: 50 }, { pause: {} }];

  function atFirstPause(): SimulatedCluster {
    const cluster = new SimulatedCluster(canaryRollout({ replicas: 2, steps, canary: istioHostLevel() }), {
      decide: decideAhead,
    });
    cluster.settle();
    cluster.setImage('app:2');
    cluster.settle();
    assert.equal(cluster.traffic?.canaryWeight, 10);
    assert.equal(cluster.status.pauseConditions?.[0]?.reason, 'CanaryPauseStep');
    return cluster;
  }

  it('sets the next weight in the pass that ends a pause', () => {
    const cluster = atFirstPause();
    cluster.now += 5_001;
    const decision = cluster.reconcile();
    assert.deepEqual(
      decision.actions
        .filter((action) => action.type === 'setTraffic')
        .map((action) => action.type === 'setTraffic' && action.traffic.canaryWeight),
      [50],
    );
    assert.equal(decision.status.currentStepIndex, 3);
  });

  it('sends all traffic back to stable in the pass that finds an abort', () => {
    const cluster = atFirstPause();
    cluster.patchStatus({ abort: true });
    const decision = cluster.reconcile();
    assert.equal(decision.status.phase, 'Degraded');
    assert.deepEqual(
      decision.actions
        .filter((action) => action.type === 'setTraffic')
        .map((action) => action.type === 'setTraffic' && action.traffic.canaryWeight),
      [0],
    );
  });

  it('returns the traffic to stable before any other write when a background analysis fails', () => {
    const cluster = canaryWithFailedBackgroundRun(decideAhead, steps);
    const decision = cluster.reconcile();
    assert.equal(decision.status.phase, 'Degraded');
    assert.ok(
      decision.actions.length > 1,
      `the abort pass has more to do than the traffic: ${JSON.stringify(decision.actions.map((action) => action.type))}`,
    );
    assert.equal(decision.actions[0]?.type === 'setTraffic' && decision.actions[0].traffic.canaryWeight, 0);
  });

  // A failed analysis now returns traffic in the first pass; a later pass still does it for an abort a
  // pass finds after setting traffic (progressDeadlineAbort), whose earlier actions go after it.
  it("puts a later pass's return to stable ahead of earlier actions that move no requests, and only then", () => {
    const applied = {
      stableHash: 'stable',
      canaryHash: 'canary',
      canaryWeight: 10,
      headerRoutes: [],
      mirrorRoutes: [],
    };
    // A partial ObservedState: the look-ahead reads only the traffic.
    const observed = { traffic: { applied, verified: 'cannot-verify' } } as unknown as ObservedState;
    const back: Action = { type: 'setTraffic', traffic: { ...applied, canaryWeight: 0 } };
    const metadata: Action = {
      type: 'updateReplicaSetMetadata',
      name: 'app-canary-rs',
      annotations: { 'scale-down-deadline': 'soon' },
    };
    const selector: Action = { type: 'setServiceSelector', service: 'app-canary', podTemplateHash: 'stable' };
    assert.deepEqual(ordered([metadata], [selector, back], observed), [back, metadata, selector]);
    const weight: Action = { type: 'setTraffic', traffic: { ...applied, canaryWeight: 20 } };
    assert.deepEqual(ordered([weight, metadata], [back], observed), [weight, metadata, back]);
  });

  it('asks to come back when a pause it begins ends, without a pass in between', () => {
    const cluster = new SimulatedCluster(canaryRollout({ replicas: 2, steps, canary: istioHostLevel() }), {
      decide: decideAhead,
    });
    cluster.settle();
    // Within a second: the condition's startTime is written in whole seconds. Forward in time, so
    // the stable pods stay available (the traffic pass waits for them before it moves weight).
    const second = Math.ceil(cluster.now / 1000) * 1000 + 1000;
    cluster.now = second + 300;
    cluster.setImage('app:2');
    cluster.settle();
    const begins = cluster.decisions.find((decision) =>
      decision.actions.some((action) => action.type === 'setTraffic' && action.traffic.canaryWeight === 10),
    );
    assert.ok(begins, 'a pass set the weight to 10');
    assert.equal(begins.status.pauseConditions?.[0]?.reason, 'CanaryPauseStep');
    assert.equal(begins.requeueAfterMs, second + 5_000 - cluster.now + 1);
  });
});
