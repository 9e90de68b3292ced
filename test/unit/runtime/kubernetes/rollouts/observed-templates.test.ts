// The template a pass observes of a cached ReplicaSet: without its hash label, made once per cached
// template and shared by the passes after (frozen where it is not the cache's own), made again for
// the informer's next copy of the ReplicaSet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PodTemplateSpec } from '../../../../../src/api/types/pod.ts';
import { observedTemplate } from '../../../../../src/runtime/kubernetes/rollouts/kube-workloads.ts';

const cached = (image: string): PodTemplateSpec => ({
  metadata: { labels: { app: 'web', 'rollouts-pod-template-hash': 'abc' }, annotations: { team: 'web' } },
  spec: { containers: [{ name: 'app', image }] },
});

test("a ReplicaSet's template is observed without its hash label, once per cached template", () => {
  const first = cached('app:1');
  const observed = observedTemplate(first);
  assert.deepEqual(observed, {
    metadata: { labels: { app: 'web' }, annotations: { team: 'web' } },
    spec: { containers: [{ name: 'app', image: 'app:1' }] },
  });
  assert.equal(first.metadata?.labels?.['rollouts-pod-template-hash'], 'abc', 'the cached template is as it was');
  assert.equal(observedTemplate(first), observed, 'the same cached template: the same observed one');
  for (const frozen of [observed, observed.metadata, observed.metadata?.labels])
    assert.ok(Object.isFrozen(frozen), 'what a pass may not change is frozen');
  assert.throws(() => {
    (observed.metadata?.labels as Record<string, string>)['tier'] = 'front';
  }, TypeError);

  // The informer's next copy of the ReplicaSet (its status changed, or its template edited).
  const next = observedTemplate(cached('app:2'));
  assert.notEqual(next, observed);
  assert.equal(next.spec?.containers[0]?.image, 'app:2');
});
