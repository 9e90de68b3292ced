// The one lookup of an object's controller owner of a kind, which the local runtime's controllers,
// watch stream and detail reads share: only a reference marked controller: true counts, of that kind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controllerOwner } from '../../../../../src/runtime/local/controller/controller-owner.ts';
import { ownerOf } from '../../../../../src/runtime/local/controller/analysis-runs.ts';

const owned = (...ownerReferences: unknown[]) => ({ metadata: { name: 'child', ownerReferences } });

test('the controller owner of the kind asked, not another kind nor an owner that does not control', () => {
  const child = owned(
    { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'not-controller', uid: 'a' },
    { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'b', controller: true },
    { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'shop', uid: 'c', controller: true },
  );
  assert.equal(controllerOwner(child, 'Rollout'), 'shop');
  assert.equal(controllerOwner(child, 'Deployment'), 'web');
  assert.equal(controllerOwner(child, 'Experiment'), undefined);
  assert.equal(ownerOf(child), 'shop', "the rollout controller's lookup is the same one");
  assert.equal(controllerOwner(owned({ kind: 'Rollout', name: 'shop' }), 'Rollout'), undefined, 'no controller flag');
  assert.equal(controllerOwner(owned({ kind: 'Rollout', name: 'shop', controller: 'true' }), 'Rollout'), undefined);
});

test('anything a store change carries: no metadata, no references, references that are not a list', () => {
  for (const object of [undefined, null, {}, { metadata: {} }, { metadata: { ownerReferences: 'x' } }, owned(null, 3)])
    assert.equal(controllerOwner(object, 'Rollout'), undefined);
});
