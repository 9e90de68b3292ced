// A canary whose analysis fails: the pass that finds the failure returns the traffic and the canary
// Service to stable, so that a pass whose status write is refused (a conflict) and the pass that
// repeats it never send requests back to the canary.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide } from '../../../../src/engine/decide.ts';
import { decideAhead } from '../../../../src/engine/look-ahead.ts';
import type { Action, Decision, ObservedState } from '../../../../src/engine/types.ts';
import { SimulatedCluster, canaryRollout, istioHostLevel } from '../harness/index.ts';

const steps = [{ setWeight: 10 }, { pause: {} }];
const analysis = { templates: [{ templateName: 'success-rate' }] };

function atWeight10(decider: (observed: ObservedState, now: number) => Decision): SimulatedCluster {
  const canary = { ...istioHostLevel(), canaryService: 'app-canary', stableService: 'app-stable', analysis };
  const cluster = new SimulatedCluster(canaryRollout({ replicas: 2, steps, canary }), { decide: decider });
  cluster.settle();
  cluster.setImage('app:2');
  cluster.settle();
  assert.equal(cluster.traffic?.canaryWeight, 10);
  return cluster;
}

function towardsCanary(actions: Action[], canaryHash: string): Action[] {
  return actions.filter(
    (action) =>
      (action.type === 'setTraffic' && action.traffic.canaryWeight > 0) ||
      (action.type === 'setServiceSelector' && action.service === 'app-canary' && action.podTemplateHash === canaryHash),
  );
}

for (const [name, decider] of [['decide', decide], ['decideAhead', decideAhead]] as const) {
  describe(`a failed analysis found by ${name}`, () => {
    it('returns traffic and the canary Service to stable in the pass that finds it', () => {
      const cluster = atWeight10(decider);
      const [run] = [...cluster.analysisRuns.values()];
      assert.ok(run, 'the background analysis runs');
      cluster.setAnalysisPhase(run.name, 'Failed', 'success-rate failed');
      const decision = cluster.reconcile();
      assert.equal(decision.status.abort, true);
      assert.equal(cluster.traffic?.canaryWeight, 0);
      assert.equal(cluster.serviceSelectors['app-canary'], cluster.serviceSelectors['app-stable']);
      assert.equal(decision.status.canary?.weights?.canary.weight, 0);
    });

    it('never sends requests back to the canary when the abort pass cannot write its status', () => {
      const cluster = atWeight10(decider);
      const canaryHash = cluster.traffic?.canaryHash ?? '';
      const [run] = [...cluster.analysisRuns.values()];
      assert.ok(run, 'the background analysis runs');
      cluster.setAnalysisPhase(run.name, 'Failed', 'success-rate failed');
      const refused = cluster.reconcileWithStatusRefused();
      assert.equal(cluster.status.abort, undefined, 'the status write was refused');
      assert.deepEqual(towardsCanary(refused.actions, canaryHash), []);
      const again = cluster.reconcile();
      assert.deepEqual(towardsCanary(again.actions, canaryHash), [], `the pass after the refusal: ${JSON.stringify(again.actions)}`);
      assert.equal(again.status.abort, true);
      cluster.settle();
      assert.equal(cluster.traffic?.canaryWeight, 0);
      assert.equal(cluster.status.phase, 'Degraded');
    });
  });
}
