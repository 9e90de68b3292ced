// returnToStableAlone: a cluster whose runtime carries out an abort's return of traffic to stable on
// its own, and the rest of the decision in the next pass, ends every random scenario in the state a
// cluster driven by decide reaches, and the pass after such a write never sends requests back to
// the canary.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalJson } from '../../../src/api/pod-template-hash.ts';
import { decideAhead } from '../../../src/engine/look-ahead.ts';
import { returnToStableAlone } from '../../../src/engine/return-to-stable.ts';
import type { Decision, ObservedState } from '../../../src/engine/types.ts';
import {
  SimulatedCluster,
  canaryRollout,
  canaryWithFailedBackgroundRun,
  checkInvariants,
  istioHostLevel,
} from './harness/index.ts';
import { apply, scenarioArb, type Event } from './harness/random-canary.ts';

/** Decisions that `splitting` cut down to the return to stable alone. */
const cutDown = new WeakSet<Decision>();

/** decideAhead, as the Kubernetes runtime carries it out: a return to stable that may go alone goes alone. */
function splitting(observed: ObservedState, now: number): Decision {
  const decision = decideAhead(observed, now);
  const alone = returnToStableAlone(observed, decision, now);
  if (!alone) return decision;
  const cut: Decision = { status: structuredClone(observed.rollout.status ?? {}), actions: [alone], events: [] };
  cutDown.add(cut);
  return cut;
}

/** The cluster's state; conditions by type, since a pass more or less can change their order in the list. */
function snapshot(cluster: SimulatedCluster): string {
  const replicaSets = [...cluster.replicaSets.values()].map((rs) => ({ name: rs.name, replicas: rs.replicas }));
  const conditions = [...(cluster.status.conditions ?? [])].sort((a, b) => a.type.localeCompare(b.type));
  return canonicalJson({
    status: { ...cluster.status, conditions },
    traffic: cluster.traffic ?? null,
    selectors: cluster.serviceSelectors,
    replicaSets,
  });
}

/**
 * Routed random scenarios where, after a few of their events, a new image comes and its background
 * analysis fails some seconds later; the steps end at weight 30 and a pause until promoted, so an
 * update holds traffic on its canary.
 */
const abortingScenarioArb = fc
  .record({
    scenario: scenarioArb.filter((scenario) => scenario.routed),
    failures: fc.array(
      fc.record({
        after: fc.integer({ min: 0, max: 24 }),
        ms: fc.integer({ min: 0, max: 8000 }),
        phase: fc.constantFrom('Failed' as const, 'Error' as const),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ scenario, failures }) => ({
    ...scenario,
    steps: [...scenario.steps, { setWeight: 30 }, { pause: {} }],
    events: [{ kind: 'time', ms: 1 } as Event, ...scenario.events].flatMap((event, index): Event[] => [
      event,
      ...failures
        .filter((failure) => failure.after === index)
        .flatMap((failure, n): Event[] => [
          { kind: 'image', version: 10 + index * 3 + n },
          { kind: 'time', ms: failure.ms + 1 },
          { kind: 'analysis', phase: failure.phase },
        ]),
    ]),
  }));

describe('returnToStableAlone', () => {
  it('offers the traffic write of a failed analysis alone, and the next pass completes the abort without moving traffic', () => {
    const cluster = canaryWithFailedBackgroundRun(splitting);
    const alone = cluster.reconcile();
    assert.deepEqual(
      alone.actions.map((action) => action.type),
      ['setTraffic'],
    );
    assert.equal(cluster.traffic?.canaryWeight, 0);
    assert.equal(cluster.status.abort, undefined, 'the status waits for the next pass');

    const rest = cluster.reconcile();
    assert.ok(rest.actions.length > 0, 'the next pass carries out the rest');
    assert.ok(!rest.actions.some((action) => action.type === 'setTraffic'), JSON.stringify(rest.actions));
    assert.equal(rest.status.abort, true);
    assert.equal(rest.status.phase, 'Degraded');
  });

  it('keeps a progress-deadline abort whole: its next pass would set the canary weight again before aborting', () => {
    const steps = [{ setWeight: 10 }, { pause: { duration: '5s' } }, { setWeight: 50 }, { pause: {} }];
    const rollout = canaryRollout({ replicas: 4, steps, canary: istioHostLevel() });
    rollout.spec.progressDeadlineSeconds = 10;
    rollout.spec.progressDeadlineAbort = true;
    const cluster = new SimulatedCluster(rollout, { decide: splitting });
    cluster.settle();
    cluster.setImage('app:2');
    cluster.settle();
    assert.equal(cluster.traffic?.canaryWeight, 10);
    cluster.readyDelayMs = 60_000; // the second canary pod, for setWeight 50, is not ready within the deadline
    cluster.advanceUntil((c) => c.status.abort === true, 30_000);
    assert.equal(cluster.traffic?.canaryWeight, 0);
    const aborting = cluster.decisions.findIndex((decision) => decision.status.abort === true);
    const before = cluster.decisions[aborting - 1];
    assert.ok(before && !cutDown.has(before), 'the abort was carried out whole');
    const weights = cluster.decisions
      .slice(aborting)
      .flatMap((decision) =>
        decision.actions.flatMap((action) => (action.type === 'setTraffic' ? [action.traffic.canaryWeight] : [])),
      );
    assert.deepEqual(weights, [0]);
  });

  it('reaches the state decide reaches after every random event, never moving traffic back right after a write alone', () => {
    let writesAlone = 0;
    fc.assert(
      fc.property(abortingScenarioArb, (scenario) => {
        // A background analysis: the scenarios' analysis events fail it while the canary takes traffic.
        // Without dynamicStableScale: with it, a new image while the canary takes traffic sends all
        // of it to an undersized stable whatever the runtime carries out (docs/engine.md, Not carried
        // out yet); the decideAhead property test covers dynamicStableScale.
        const analysis = { templates: [{ templateName: 'success-rate' }] };
        const canary = { ...istioHostLevel(), analysis };
        const rollout = canaryRollout({ replicas: scenario.replicas, steps: scenario.steps, canary });
        const options = { readyDelayMs: scenario.readyDelayMs };
        const plain = new SimulatedCluster(rollout, options);
        let afterAlone = false;
        const split = new SimulatedCluster(rollout, {
          ...options,
          decide: splitting,
          onDecision: (decision, cluster) => {
            if (afterAlone) {
              const weights = decision.actions.flatMap((action) =>
                action.type === 'setTraffic' ? [action.traffic.canaryWeight] : [],
              );
              assert.ok(
                weights.every((weight) => weight === 0),
                `the pass after a return to stable alone set weights ${weights.join(', ')}`,
              );
            }
            afterAlone = cutDown.has(decision);
            if (afterAlone) writesAlone++;
            const violations = checkInvariants(cluster);
            if (violations.length > 0) throw new Error(`invariant broken: ${JSON.stringify(violations)}`);
          },
        });
        for (const cluster of [plain, split]) cluster.advance(10_000, 2000);
        assert.equal(snapshot(split), snapshot(plain));
        for (const event of scenario.events) {
          for (const cluster of [plain, split]) {
            apply(cluster, event);
            cluster.settle();
          }
          assert.equal(snapshot(split), snapshot(plain), `after ${JSON.stringify(event)}`);
        }
      }),
      { numRuns: 150, seed: 3141 },
    );
    assert.ok(writesAlone >= 10, `the scenarios made only ${writesAlone} returns to stable alone`);
  });
});
