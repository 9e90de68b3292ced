// The templates a rollout's passes observe of its ReplicaSets: made once per ReplicaSet and kept
// over the copies the informer gets of it (a status change: pods ready), made again when the template
// itself changes, frozen (a pass cannot change the next one's), and forgotten with the ReplicaSet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReplicaSet } from '../../../../../src/api/types/core.ts';
import type { Stored } from '../../../../../src/platform/kubernetes/client/objects.ts';
import { ObservedTemplates } from '../../../../../src/runtime/kubernetes/rollouts/kube-workloads.ts';

function replicaSet(uid: string, image: string, ready: number): Stored<ReplicaSet> {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `web-${uid}`, namespace: 'shop', uid, resourceVersion: String(ready) },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web', 'rollouts-pod-template-hash': uid } },
      template: {
        metadata: { labels: { app: 'web', 'rollouts-pod-template-hash': uid } },
        spec: { containers: [{ name: 'app', image }] },
      },
    },
    status: { replicas: 3, readyReplicas: ready },
  };
}

test("a ReplicaSet's template is observed without its hash label, frozen, and kept over new copies of it", () => {
  const templates = new ObservedTemplates();
  const first = templates.of(replicaSet('a1', 'app:1', 1));
  assert.deepEqual(first, {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'app', image: 'app:1' }] },
  });
  assert.throws(() => {
    (first.metadata?.labels as Record<string, string>)['tier'] = 'front';
  }, TypeError);
  // The informer's next copy of it: its status changed, its template is equal.
  assert.equal(templates.of(replicaSet('a1', 'app:1', 2)), first);
  // A template changed in place on the cluster (someone edited the ReplicaSet) is observed again.
  const edited = templates.of(replicaSet('a1', 'app:2', 2));
  assert.notEqual(edited, first);
  assert.equal(edited.spec?.containers[0]?.image, 'app:2');
});

test('the templates of ReplicaSets the rollout no longer has are forgotten', () => {
  const templates = new ObservedTemplates();
  const kept = replicaSet('a1', 'app:1', 3);
  templates.of(kept);
  templates.of(replicaSet('b2', 'app:2', 3));
  assert.equal(templates.size, 2);
  templates.keepOnly([kept]);
  assert.equal(templates.size, 1);
  templates.keepOnly([]);
  assert.equal(templates.size, 0);
});
