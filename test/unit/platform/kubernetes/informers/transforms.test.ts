import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import v8 from 'node:v8';
import type { KubeObject } from '../../../../../src/platform/kubernetes/client/objects.ts';
import { podEssentials, withoutManagedFields } from '../../../../../src/platform/kubernetes/informers/transforms.ts';
import type { KubePod } from '../../../../../src/runtime/kubernetes/rollouts/caches.ts';
import { observedPod } from '../../../../../src/runtime/kubernetes/rollouts/pod-state.ts';

function pod(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-7d9f-abcde',
      namespace: 'shop',
      uid: 'p-1',
      resourceVersion: '42',
      labels: { app: 'web', 'rollouts-pod-template-hash': '7d9f' },
      annotations: { note: 'kept' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f', uid: 'rs-1', controller: true }],
      creationTimestamp: '2026-01-02T15:04:05Z',
      deletionTimestamp: '2026-01-02T15:09:05Z',
      managedFields: [{ manager: 'kube-controller-manager', operation: 'Update', fieldsV1: { 'f:metadata': {} } }],
    },
    spec: {
      nodeName: 'kwok-node-0',
      containers: [{ name: 'web', image: 'web:1', env: [{ name: 'A', value: 'x'.repeat(500) }] }],
      tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists' }],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-02T15:04:10Z' }],
      containerStatuses: [{ name: 'web', ready: true, image: 'web:1' }],
    },
  };
}

v8.setFlagsFromString('--allow-natives-syntax');
/** Whether V8 keeps the object's properties fast (in its shape) rather than in a dictionary, several times larger. */
const hasFastProperties = new Function('object', 'return %HasFastProperties(object)') as (object: object) => boolean;

describe('informer transforms', () => {
  it('withoutManagedFields drops only metadata.managedFields', () => {
    const original = pod();
    const trimmed = withoutManagedFields(structuredClone(original));
    assert.equal('managedFields' in trimmed.metadata, false);
    const { managedFields: _dropped, ...metadata } = original.metadata as KubeObject['metadata'] & {
      managedFields?: unknown;
    };
    assert.deepEqual(trimmed, { ...original, metadata });
  });

  it('withoutManagedFields leaves the metadata with fast properties, as parsed', () => {
    // As the API server sends it: managedFields last, after the fields kept.
    const parsed = JSON.parse(JSON.stringify(pod())) as KubeObject;
    assert.equal(hasFastProperties(parsed.metadata), true);
    const trimmed = withoutManagedFields(parsed);
    assert.equal('managedFields' in trimmed.metadata, false);
    assert.equal(hasFastProperties(trimmed.metadata), true, 'metadata turned into a dictionary');
  });

  it('podEssentials keeps what the rollout controller reads and drops the rest', () => {
    const original = pod();
    const essentials = podEssentials(structuredClone(original));
    for (const minReadySeconds of [0, 3, 600]) {
      const now = Date.parse('2026-01-02T15:05:00Z');
      assert.deepEqual(
        observedPod(essentials as KubePod, minReadySeconds, now),
        observedPod(original as KubePod, minReadySeconds, now),
      );
    }
    assert.deepEqual(essentials.metadata.labels, original.metadata.labels);
    assert.deepEqual(essentials.metadata.ownerReferences, original.metadata.ownerReferences);
    assert.equal(essentials.metadata.annotations?.['note'], 'kept');
    assert.deepEqual(essentials['spec'], { nodeName: 'kwok-node-0' });
    assert.deepEqual(Object.keys(essentials['status'] as object), ['phase', 'conditions']);
    assert.ok(JSON.stringify(essentials).length * 2 < JSON.stringify(original).length, 'half the size or less');
  });
});
