// spec.workloadRef: the referenced Deployment scaled down as Argo does (scaleDown never, onsuccess,
// progressively: scaleDeployment in Argo's reconcileNewReplicaSet and promoteStable, revision 1
// only), and a Rollout with both a workloadRef and a template reported as Argo reports it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CanaryStep, Rollout, WorkloadRef } from '../../../src/api/types/rollout.ts';
import { decide } from '../../../src/engine/decide.ts';
import { SimulatedCluster, canaryRollout } from './harness/index.ts';
import { blueGreenRollout } from './bluegreen/sim.ts';

const DEPLOYMENT = 'web-deploy';

/** A rollout whose template comes from the Deployment `web-deploy` running `deploymentReplicas` pods. */
function referencing(
  rollout: Rollout,
  scaleDown: WorkloadRef['scaleDown'] | undefined,
  deploymentReplicas: number,
): SimulatedCluster {
  const template = rollout.spec.template;
  delete rollout.spec.template;
  rollout.spec.workloadRef = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: DEPLOYMENT,
    ...(scaleDown ? { scaleDown } : {}),
  };
  const cluster = new SimulatedCluster(rollout, { readyDelayMs: 1000 });
  cluster.deployment = { name: DEPLOYMENT, replicas: deploymentReplicas };
  cluster.deploymentTemplate = template;
  return cluster;
}

const steps: CanaryStep[] = [{ setWeight: 50 }, { pause: { duration: '5s' } }];

describe('workloadRef.scaleDown', () => {
  const table: Array<{
    name: string;
    rollout: () => Rollout;
    scaleDown: WorkloadRef['scaleDown'] | undefined;
    scales: number[];
  }> = [
    { name: 'canary, never', rollout: () => canaryRollout({ replicas: 4, steps }), scaleDown: 'never', scales: [] },
    {
      name: 'canary, scaleDown unset (never)',
      rollout: () => canaryRollout({ replicas: 4, steps }),
      scaleDown: undefined,
      scales: [],
    },
    // Once the Rollout was Healthy, promoteStable (every pass of a completed rollout) scales it to 0.
    {
      name: 'canary, onsuccess',
      rollout: () => canaryRollout({ replicas: 4, steps }),
      scaleDown: 'onsuccess',
      scales: [0],
    },
    {
      name: 'blue-green, onsuccess',
      rollout: () => blueGreenRollout({ activeService: 'active' }, 4),
      scaleDown: 'onsuccess',
      scales: [0],
    },
    // As the first revision's pods become ready (all at once here, one second after they are asked
    // for), the Deployment keeps spec.replicas minus the Rollout's ready replicas, then 0 once Healthy.
    {
      name: 'canary, progressively',
      rollout: () => canaryRollout({ replicas: 4, steps }),
      scaleDown: 'progressively',
      scales: [0],
    },
    {
      name: 'blue-green, progressively',
      rollout: () => blueGreenRollout({ activeService: 'active' }, 4),
      scaleDown: 'progressively',
      scales: [0],
    },
  ];
  for (const row of table) {
    it(`${row.name}: the Deployment is scaled to ${JSON.stringify(row.scales)} on the first deploy`, () => {
      const cluster = referencing(row.rollout(), row.scaleDown, 4);
      cluster.advanceUntil((c) => c.status.phase === 'Healthy');
      cluster.advance(5000);
      assert.deepEqual(cluster.deploymentScales, row.scales);
      assert.equal(cluster.deployment?.replicas, row.scales.at(-1) ?? 4);
    });
  }

  it('progressively follows the ready replicas while pods come up one by one', () => {
    const cluster = referencing(canaryRollout({ replicas: 4, steps }), 'progressively', 4);
    // Pods ready one at a time: the Deployment gives way as the Rollout's pods become ready.
    const ready = [1000, 2000, 3000, 4000];
    cluster.readyDelayMs = 0;
    cluster.reconcile();
    cluster.reconcile();
    const rs = [...cluster.replicaSets.values()][0];
    assert.ok(rs, 'the first ReplicaSet exists');
    rs.pods.forEach((pod, index) => (pod.readyAt = cluster.now + (ready[index] ?? 0)));
    cluster.advanceUntil((c) => c.status.phase === 'Healthy');
    cluster.advance(2000);
    assert.deepEqual(cluster.deploymentScales, [3, 2, 1, 0]);
  });

  it('never scales it for a later revision (revision 2), as Argo: the migration happens once', () => {
    const cluster = referencing(canaryRollout({ replicas: 2, steps }), 'onsuccess', 2);
    cluster.advanceUntil((c) => c.status.phase === 'Healthy');
    cluster.advance(2000);
    assert.equal(cluster.deployment?.replicas, 0);
    cluster.deployment = { name: DEPLOYMENT, replicas: 2 };
    cluster.deploymentTemplate = {
      ...cluster.deploymentTemplate,
      spec: { containers: [{ name: 'app', image: 'app:2' }] },
    };
    cluster.advanceUntil(
      (c) => c.status.phase === 'Healthy' && c.status.stableRS === c.status.currentPodHash && c.replicaSets.size === 2,
    );
    cluster.advance(5000);
    assert.equal(cluster.deployment?.replicas, 2);
  });

  it('does nothing when the runtime does not report the Deployment', () => {
    const cluster = referencing(canaryRollout({ replicas: 2, steps }), 'onsuccess', 2);
    cluster.deployment = undefined;
    cluster.advanceUntil((c) => c.status.phase === 'Healthy');
    cluster.advance(2000);
    assert.ok(cluster.decisions.every((d) => d.actions.every((a) => a.type !== 'scaleDeployment')));
  });
});

describe('a Rollout with both workloadRef and template', () => {
  const both = (): Rollout => {
    const rollout = canaryRollout({ name: 'both', replicas: 2, steps });
    rollout.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: DEPLOYMENT, scaleDown: 'onsuccess' };
    return rollout;
  };

  it("is InvalidSpec with Argo's message, Degraded, and nothing is created", () => {
    const rollout = both();
    const decision = decide(
      {
        rollout,
        template: rollout.spec.template ?? {},
        replicaSets: [],
        analysisRuns: [],
        referenceErrors: ['spec.workloadRef: Deployment "web-deploy" not found in namespace "default"; create it'],
      },
      Date.parse('2026-01-02T15:04:05Z'),
    );
    assert.deepEqual(decision.actions, []);
    const condition = decision.status.conditions?.find((c) => c.type === 'InvalidSpec');
    assert.equal(condition?.status, 'True');
    assert.equal(condition?.reason, 'InvalidSpec');
    assert.equal(
      condition?.message,
      'The Rollout "both" is invalid: template must be empty for workload reference rollout',
    );
    assert.equal(decision.status.phase, 'Degraded');
    assert.equal(
      decision.status.message,
      'InvalidSpec: The Rollout "both" is invalid: template must be empty for workload reference rollout',
    );
  });

  const empty: Array<[string, Rollout['spec']['template']]> = [
    ['no template', undefined],
    ['template: {}', {}],
    ['a template of empty objects and lists', { metadata: {}, spec: { containers: [] } }],
  ];
  for (const [name, template] of empty) {
    it(`is accepted with ${name} (Argo's EmptyTemplate)`, () => {
      const rollout = both();
      if (template === undefined) delete rollout.spec.template;
      else rollout.spec.template = template;
      const resolved = canaryRollout({ name: 'both' }).spec.template ?? {};
      const decision = decide(
        { rollout, template: resolved, replicaSets: [], analysisRuns: [] },
        Date.parse('2026-01-02T15:04:05Z'),
      );
      assert.equal(
        decision.status.conditions?.find((c) => c.type === 'InvalidSpec'),
        undefined,
      );
      assert.ok(decision.actions.some((a) => a.type === 'createReplicaSet'));
    });
  }
});

describe('status.workloadObservedGeneration', () => {
  it("is the referenced Deployment's generation, as Argo's TestWorkloadRef expects, and follows it", () => {
    const cluster = referencing(canaryRollout({ replicas: 2, steps }), 'never', 2);
    cluster.deployment = { name: DEPLOYMENT, replicas: 2, generation: 1 };
    cluster.advanceUntil((c) => c.status.phase === 'Healthy');
    assert.equal(cluster.status.workloadObservedGeneration, '1');
    cluster.deployment.generation = 2;
    cluster.reconcile();
    assert.equal(cluster.status.workloadObservedGeneration, '2');
  });

  it('is left out without a workloadRef', () => {
    const cluster = new SimulatedCluster(canaryRollout({ replicas: 2, steps }));
    cluster.rollout.status = { ...cluster.status, workloadObservedGeneration: '3' };
    cluster.reconcile();
    assert.equal(cluster.status.workloadObservedGeneration, undefined);
  });
});
