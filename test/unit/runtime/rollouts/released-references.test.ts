// A Service or DestinationRule the Rollout stops naming gets back what the loop injected into it,
// in the first pass that sees the new spec (Argo's TestBlueGreenToCanary and TestIstioSubsetSplit).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Service } from '../../../../src/api/types/core.ts';
import type { DestinationRule } from '../../../../src/api/types/istio.ts';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import type { MissingObjectHints, RolloutMemory } from '../../../../src/runtime/rollouts/ports.ts';
import { isAbandoned, referencesOf, releasedReferences } from '../../../../src/runtime/rollouts/released-references.ts';
import { runRolloutPass } from '../../../../src/runtime/rollouts/rollout-pass.ts';
import {
  MANAGED_BY_ANNOTATION,
  releasedDestinationRule,
} from '../../../../src/traffic/routers/istio/destination-rule.ts';
import { canaryRollout, istioSubsetLevel } from '../../engine/harness/fixtures.ts';
import { memoryPorts, type MemoryPorts } from './memory-ports.ts';

const HINTS: MissingObjectHints = { object: 'create it', workloadRef: 'create it or fix the reference' };
const HASH = 'rollouts-pod-template-hash';

function service(name: string, selector: Record<string, string>): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector } } as Service;
}

function destinationRule(managedBy: string | undefined): DestinationRule {
  return {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'DestinationRule',
    metadata: {
      name: 'app-dr',
      namespace: 'default',
      annotations: { keep: 'me', ...(managedBy ? { [MANAGED_BY_ANNOTATION]: managedBy } : {}) },
    },
    spec: {
      host: 'app',
      subsets: [
        { name: 'stable', labels: { app: 'app', [HASH]: 'aaa' } },
        { name: 'canary', labels: { [HASH]: 'bbb' } },
      ],
    },
  } as DestinationRule;
}

async function pass(ports: MemoryPorts, memory: RolloutMemory): Promise<void> {
  const rollout = ports.objects.get('Rollout', 'default', 'app');
  assert.ok(rollout);
  const outcome = await runRolloutPass(rollout, {
    ports,
    memory,
    now: Date.parse('2026-03-01T10:00:00Z'),
    hints: HINTS,
  });
  assert.notEqual(outcome.kind, 'observeFailed', outcome.kind === 'observeFailed' ? outcome.error.message : '');
}

function update(ports: MemoryPorts, change: (rollout: Rollout) => void): void {
  const rollout = ports.objects.get('Rollout', 'default', 'app');
  assert.ok(rollout);
  change(rollout);
  rollout.metadata.generation = (rollout.metadata.generation ?? 1) + 1;
  ports.objects.put(rollout);
}

describe('references a rollout stops naming', () => {
  it('lists the Services and DestinationRule as Argo does, and what a new spec no longer names', () => {
    const blueGreen: Rollout = {
      ...canaryRollout(),
      spec: {
        ...canaryRollout().spec,
        strategy: { blueGreen: { activeService: 'active', previewService: 'preview' } },
      },
    };
    assert.deepEqual(referencesOf(blueGreen), { services: ['active', 'preview'], destinationRules: [] });
    const canary = canaryRollout({
      canary: { stableService: 'active', canaryService: 'canary', ...istioSubsetLevel() },
    });
    assert.deepEqual(referencesOf(canary), { services: ['canary', 'active'], destinationRules: ['app-dr'] });
    assert.deepEqual(releasedReferences(referencesOf(blueGreen), referencesOf(canary)), {
      services: ['preview'],
      destinationRules: [],
    });
  });

  it('a blue-green rollout turned canary without Services: the former activeService loses its hash selector', async () => {
    const ports = memoryPorts();
    const memory: RolloutMemory = { appliedTraffic: undefined };
    const rollout = canaryRollout({ replicas: 2 });
    rollout.spec.strategy = { blueGreen: { activeService: 'app-active' } };
    ports.objects.put(rollout);
    ports.objects.put(service('app-active', { app: 'app' }));
    for (let n = 0; n < 5; n++) await pass(ports, memory);
    assert.ok(
      ports.objects.get('Service', 'default', 'app-active')?.spec.selector?.[HASH],
      'blue-green points the active Service at a revision',
    );

    update(ports, (r) => {
      r.spec.strategy = { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } };
    });
    await pass(ports, memory);
    assert.deepEqual(ports.objects.get('Service', 'default', 'app-active')?.spec.selector, { app: 'app' });
  });

  it('a canary whose trafficRouting is dropped: its DestinationRule loses the hash labels and the managed-by annotation', async () => {
    const ports = memoryPorts();
    const memory: RolloutMemory = { appliedTraffic: undefined };
    ports.objects.put(
      canaryRollout({ replicas: 1, steps: [{ setWeight: 50 }, { pause: {} }], canary: istioSubsetLevel() }),
    );
    ports.objects.put(destinationRule('app'));
    await pass(ports, memory);
    assert.equal(
      ports.objects.get('DestinationRule', 'default', 'app-dr')?.metadata.annotations?.[MANAGED_BY_ANNOTATION],
      'app',
      'kept while named',
    );

    update(ports, (r) => {
      delete r.spec.strategy.canary!.trafficRouting;
    });
    await pass(ports, memory);
    const rule = ports.objects.get('DestinationRule', 'default', 'app-dr');
    assert.ok(rule, 'the rule is still there');
    assert.deepEqual(rule.metadata.annotations, { keep: 'me' });
    assert.deepEqual((rule.spec as { subsets: unknown }).subsets, [
      { name: 'stable', labels: { app: 'app' } },
      { name: 'canary', labels: {} },
    ]);
  });

  it('leaves a DestinationRule another rollout manages, or none does', () => {
    assert.equal(releasedDestinationRule(destinationRule('other'), 'app'), undefined);
    assert.equal(releasedDestinationRule(destinationRule(undefined), 'app'), undefined);
  });

  it('the first pass after a start only remembers: nothing is released', async () => {
    const ports = memoryPorts();
    const rollout = canaryRollout({ replicas: 1 });
    ports.objects.put(rollout);
    ports.objects.put(service('app-active', { app: 'app', [HASH]: 'aaa' }));
    const memory: RolloutMemory = { appliedTraffic: undefined };
    await pass(ports, memory);
    assert.deepEqual(memory.references, { services: [], destinationRules: [] });
    assert.equal(ports.objects.get('Service', 'default', 'app-active')?.spec.selector?.[HASH], 'aaa');
  });

  it("a managed object is abandoned when its rollout is gone or names it no more, as Argo's Service and DestinationRule controllers decide", () => {
    const managed = (selector: Record<string, string>, by: string | undefined): Service => {
      const object = service('app-active', selector);
      if (by) object.metadata.annotations = { [MANAGED_BY_ANNOTATION]: by };
      return object;
    };
    const blueGreen = canaryRollout({ replicas: 1 });
    blueGreen.spec.strategy = { blueGreen: { activeService: 'app-active' } };
    const canary = canaryRollout({ replicas: 1, canary: istioSubsetLevel() });
    const selecting = managed({ app: 'app', [HASH]: 'aaa' }, 'app');
    assert.equal(isAbandoned('Service', selecting, undefined), true, 'the rollout is gone');
    assert.equal(isAbandoned('Service', selecting, canary), true, 'the rollout names it no more');
    assert.equal(isAbandoned('Service', selecting, blueGreen), false, 'the rollout still names it');
    assert.equal(isAbandoned('Service', managed({ app: 'app' }, 'app'), undefined), false, 'it selects no revision');
    assert.equal(
      isAbandoned('Service', managed({ app: 'app', [HASH]: 'aaa' }, undefined), undefined),
      false,
      'no rollout says it manages it',
    );
    assert.equal(isAbandoned('DestinationRule', destinationRule('app'), canary), false, 'the canary names its rule');
    assert.equal(isAbandoned('DestinationRule', destinationRule('app'), blueGreen), true);
    assert.equal(isAbandoned('DestinationRule', destinationRule('app'), undefined), true);
    assert.equal(isAbandoned('DestinationRule', destinationRule(undefined), undefined), false);
  });
});
