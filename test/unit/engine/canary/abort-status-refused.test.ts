// A canary whose analysis fails: the pass that finds the failure returns the traffic and the canary
// Service to stable, so that a pass whose status write is refused (a conflict) and the pass that
// repeats it never send requests back to the canary.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide } from '../../../../src/engine/decide.ts';
import { decideAhead } from '../../../../src/engine/look-ahead.ts';
import type { Action } from '../../../../src/engine/types.ts';
import { canaryWithFailedBackgroundRun } from '../harness/index.ts';

function towardsCanary(actions: Action[], canaryHash: string): Action[] {
  return actions.filter(
    (action) =>
      (action.type === 'setTraffic' && action.traffic.canaryWeight > 0) ||
      (action.type === 'setServiceSelector' &&
        action.service === 'app-canary' &&
        action.podTemplateHash === canaryHash),
  );
}

for (const [name, decider] of [
  ['decide', decide],
  ['decideAhead', decideAhead],
] as const) {
  describe(`a failed analysis found by ${name}`, () => {
    it('returns traffic and the canary Service to stable in the pass that finds it', () => {
      const cluster = canaryWithFailedBackgroundRun(decider);
      const decision = cluster.reconcile();
      assert.equal(decision.status.abort, true);
      assert.equal(cluster.traffic?.canaryWeight, 0);
      assert.equal(cluster.serviceSelectors['app-canary'], cluster.serviceSelectors['app-stable']);
      assert.equal(decision.status.canary?.weights?.canary.weight, 0);
    });

    it('never sends requests back to the canary when the abort pass cannot write its status', () => {
      const cluster = canaryWithFailedBackgroundRun(decider);
      const canaryHash = cluster.traffic?.canaryHash ?? '';
      const refused = cluster.reconcileWithStatusRefused();
      assert.equal(cluster.status.abort, undefined, 'the status write was refused');
      assert.deepEqual(towardsCanary(refused.actions, canaryHash), []);
      const again = cluster.reconcile();
      assert.deepEqual(
        towardsCanary(again.actions, canaryHash),
        [],
        `the pass after the refusal: ${JSON.stringify(again.actions)}`,
      );
      assert.equal(again.status.abort, true);
      cluster.settle();
      assert.equal(cluster.traffic?.canaryWeight, 0);
      assert.equal(cluster.status.phase, 'Degraded');
    });
  });
}
