// Safety invariants over random sequences of events (fast-check).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SimulatedCluster, canaryRollout, checkInvariants, istioHostLevel } from '../harness/index.ts';
import { apply, scenarioArb } from '../harness/random-canary.ts';

test('safety invariants hold over random event sequences, and an abort ends with all traffic on stable', () => {
  fc.assert(
    fc.property(scenarioArb, (scenario) => {
      const canary = scenario.routed ? { ...istioHostLevel(), dynamicStableScale: scenario.dynamicStableScale } : {};
      const cluster = new SimulatedCluster(
        canaryRollout({ replicas: scenario.replicas, steps: scenario.steps, canary }),
        {
          readyDelayMs: scenario.readyDelayMs,
          onDecision: (_d, c) => {
            const violations = checkInvariants(c);
            if (violations.length > 0) throw new Error(`invariant broken: ${JSON.stringify(violations)}`);
          },
        },
      );
      cluster.advance(10_000, 2000);
      for (const event of scenario.events) apply(cluster, event);

      // Whatever happened, an abort must end with the stable taking all traffic.
      // (An abort written before the engine saw a spec change is reset by that change, as in Argo.)
      cluster.updateSpec((spec) => (spec.paused = false));
      cluster.settle();
      cluster.patchStatus({ abort: true });
      cluster.advance(120_000, 5000);
      const status = cluster.status;
      if (status.stableRS && status.stableRS !== status.currentPodHash) {
        if (scenario.routed) assert.equal(cluster.traffic?.canaryWeight, 0, 'aborted: canary weight');
        const canaryRS = [...cluster.replicaSets.values()].find((r) => r.podTemplateHash === status.currentPodHash);
        assert.equal(canaryRS?.replicas ?? 0, 0, 'aborted: canary scaled down');
        assert.equal(status.phase, 'Degraded');
      }
    }),
    { numRuns: 150, seed: 4242 },
  );
});
