// antiAffinity: the term the engine adds to the new ReplicaSet's pod template (Argo's
// GenerateReplicaSetAffinity), its removal when templates are compared, and the engine using it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PodTemplateSpec } from '../../../../src/api/types/pod.ts';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import {
  injectedAntiAffinityTerm,
  withInjectedAntiAffinity,
  withoutInjectedAntiAffinity,
} from '../../../../src/engine/core/anti-affinity.ts';
import { undoPatch } from '../../../../src/engine/control/undo.ts';
import { SimulatedCluster, canaryRollout } from '../harness/index.ts';

const template = (affinity?: unknown): PodTemplateSpec => ({
  metadata: { labels: { app: 'app' } },
  spec: { containers: [{ name: 'app', image: 'app:1' }], ...(affinity ? { affinity } : {}) },
});

const preferred = (weight: number) =>
  canaryRollout({ canary: { antiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: { weight } } } });
const required = () =>
  canaryRollout({ canary: { antiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} } } });
const blueGreen = (): Rollout => {
  const rollout = canaryRollout();
  rollout.spec.strategy = {
    blueGreen: {
      activeService: 'active',
      antiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: { weight: 7 } },
    },
  };
  return rollout;
};
const userTerm = { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'zone' };
const stableTerm = injectedAntiAffinityTerm('default', 'stable1');

const rows: Array<{
  name: string;
  rollout: Rollout;
  template: PodTemplateSpec;
  stable: string | undefined;
  expected: unknown;
}> = [
  {
    name: 'no antiAffinity: unchanged',
    rollout: canaryRollout(),
    template: template(),
    stable: 'stable1',
    expected: undefined,
  },
  {
    name: 'an empty antiAffinity: unchanged',
    rollout: canaryRollout({ canary: { antiAffinity: {} } }),
    template: template(),
    stable: 'stable1',
    expected: undefined,
  },
  {
    name: 'no stable revision yet (first deploy): unchanged',
    rollout: preferred(50),
    template: template(),
    stable: undefined,
    expected: undefined,
  },
  {
    name: 'the stable revision is the new one: unchanged',
    rollout: preferred(50),
    template: template(),
    stable: 'new1',
    expected: undefined,
  },
  {
    name: 'preferred: a weighted term with the stable hash',
    rollout: preferred(50),
    template: template(),
    stable: 'stable1',
    expected: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: stableTerm }],
      },
    },
  },
  {
    name: "required: a required term, after the user's own",
    rollout: required(),
    template: template({
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [userTerm] },
      nodeAffinity: { x: 1 },
    }),
    stable: 'stable1',
    expected: {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [userTerm, stableTerm] },
      nodeAffinity: { x: 1 },
    },
  },
  {
    name: 'blue-green: the same, from spec.strategy.blueGreen.antiAffinity',
    rollout: blueGreen(),
    template: template(),
    stable: 'stable1',
    expected: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 7, podAffinityTerm: stableTerm }],
      },
    },
  },
];

for (const row of rows) {
  test(`withInjectedAntiAffinity: ${row.name}; withoutInjectedAntiAffinity gives the template back`, () => {
    const before = structuredClone(row.template);
    const injected = withInjectedAntiAffinity(row.template, row.rollout, row.stable, 'new1');
    assert.deepEqual(injected.spec?.affinity, row.expected ?? row.template.spec?.affinity);
    assert.deepEqual(row.template, before, 'the input is not changed');
    assert.deepEqual(withoutInjectedAntiAffinity(injected, row.rollout), row.template);
  });
}

test('the term selects the stable pods by hash, in the Rollout namespace, per node', () => {
  assert.deepEqual(injectedAntiAffinityTerm('shop', 'abc'), {
    labelSelector: { matchExpressions: [{ key: 'rollouts-pod-template-hash', operator: 'In', values: ['abc'] }] },
    namespaces: ['shop'],
    topologyKey: 'kubernetes.io/hostname',
  });
});

test('a canary with antiAffinity: the new ReplicaSet avoids the stable pods, the first one has no rule, and undo gives the template without it', () => {
  const cluster = new SimulatedCluster(
    canaryRollout({
      replicas: 2,
      steps: [{ setWeight: 50 }, { pause: {} }],
      canary: { antiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: { weight: 100 } } },
    }),
    { readyDelayMs: 0 },
  );
  cluster.settle();
  const first = cluster.replicaSetByRevision(1);
  assert.ok(first);
  assert.equal(first.template.spec?.affinity, undefined);

  cluster.setImage('app:2');
  cluster.settle();
  const second = cluster.replicaSetByRevision(2);
  assert.ok(second);
  assert.deepEqual(second.template.spec?.affinity, {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: injectedAntiAffinityTerm('default', first.podTemplateHash) },
      ],
    },
  });
  assert.equal(cluster.status.currentStepIndex, 1);
  cluster.patchStatus({ promoteFull: true });
  cluster.settle();
  assert.equal(cluster.status.phase, 'Healthy');
  assert.equal(cluster.status.stableRS, second.podTemplateHash);

  const replicaSets = [...cluster.replicaSets.values()].map(({ pods: _pods, ...rs }) => ({
    ...rs,
    currentReplicas: rs.replicas,
    readyReplicas: rs.replicas,
    availableReplicas: rs.replicas,
  }));
  const patch = undoPatch(cluster.rollout, replicaSets, 2) as { spec: { template: PodTemplateSpec } };
  assert.equal(patch.spec.template.spec?.affinity, undefined);
  assert.equal(patch.spec.template.spec?.containers[0]?.image, 'app:2');
});
