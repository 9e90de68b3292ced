// An Ingress event on the controller: which rollouts look again. NGINX's stable and canary
// Ingresses and ALB's Ingresses map to the rollouts that name them, a canary Ingress also to the
// Rollout that controls it, and an unrelated Ingress to none.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rollout } from '../../../../../src/api/types/rollout.ts';
import type { ObjectBase, Stored } from '../../../../../src/platform/kubernetes/client/objects.ts';
import { ObjectStore } from '../../../../../src/platform/kubernetes/informers/object-store.ts';
import type { RolloutCaches } from '../../../../../src/runtime/kubernetes/rollouts/caches.ts';
import { rolloutIndexes, rolloutKeysFor } from '../../../../../src/runtime/kubernetes/rollouts/related-rollouts.ts';

function rollout(name: string, trafficRouting: Record<string, unknown>): Stored<Rollout> {
  // Only the fields the references index reads: a full Rollout's required fields are left out.
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace: 'shop', uid: `uid-${name}`, resourceVersion: '1' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [] } },
      strategy: { canary: { stableService: `${name}-stable`, canaryService: `${name}-canary`, trafficRouting } },
    },
  } as unknown as Stored<Rollout>;
}

function ingress(name: string, owner?: string): Stored<ObjectBase> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      namespace: 'shop',
      resourceVersion: '7',
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'argoproj.io/v1alpha1',
                kind: 'Rollout',
                name: owner,
                uid: `uid-${owner}`,
                controller: true,
              },
            ],
          }
        : {}),
    },
  } as Stored<ObjectBase>;
}

function caches(...rollouts: Array<Stored<Rollout>>): RolloutCaches {
  const store = new ObjectStore<Stored<Rollout>>(rolloutIndexes());
  for (const item of rollouts) store.upsert(item);
  // An Ingress event reads only the rollouts cache; the other caches are never touched.
  return { rollouts: store } as unknown as RolloutCaches;
}

describe('rolloutKeysFor Ingress', () => {
  const nginx = rollout('web', { nginx: { stableIngresses: ['web-a', 'web-b'] } });
  const alb = rollout('api', { alb: { ingress: 'api-ingress', servicePort: 80 } });
  const both = caches(nginx, alb);

  it('maps an NGINX stable Ingress and its canary Ingress to the rollout', () => {
    assert.deepEqual(rolloutKeysFor('Ingress', ingress('web-b'), both), ['shop/web']);
    assert.deepEqual(rolloutKeysFor('Ingress', ingress('web-web-a-canary'), both), ['shop/web']);
  });

  it('maps an ALB Ingress to the rollout that writes its actions', () => {
    assert.deepEqual(rolloutKeysFor('Ingress', ingress('api-ingress'), both), ['shop/api']);
  });

  it('maps a canary Ingress to its controlling Rollout even when no rollout names it any more', () => {
    assert.deepEqual(rolloutKeysFor('Ingress', ingress('old-web-a-canary', 'old'), both), ['shop/old']);
  });

  it('maps an unrelated Ingress, or one in another namespace, to no rollout', () => {
    assert.deepEqual(rolloutKeysFor('Ingress', ingress('admin'), both), []);
    const elsewhere = ingress('api-ingress');
    elsewhere.metadata.namespace = 'other';
    assert.deepEqual(rolloutKeysFor('Ingress', elsewhere, both), []);
  });
});
