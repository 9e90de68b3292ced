// The one owner lookup the runtimes and the view share: any owner of a kind (the view, as Argo's
// `get rollout` tree files objects), or only the one marked controller (the controllers).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controllerOwner, ownerOfKind } from '../../../src/conventions/owner-references.ts';
import { controllerOwner as localControllerOwner } from '../../../src/runtime/local/controller/controller-owner.ts';
import { ownerName } from '../../../src/view/ownership.ts';

const owned = (...ownerReferences: unknown[]) => ({ metadata: { name: 'child', ownerReferences } });

const child = owned(
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Experiment', name: 'not-controller', uid: 'a' },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'shop', uid: 'b', controller: true },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Experiment', name: 'controls', uid: 'c', controller: true },
);

test('any owner of the kind counts unless only the controller is asked for', () => {
  assert.equal(ownerOfKind(child, 'Experiment'), 'not-controller');
  assert.equal(ownerOfKind(child, 'Experiment', true), 'controls');
  assert.equal(controllerOwner(child, 'Experiment'), 'controls');
  assert.equal(controllerOwner(owned({ kind: 'Experiment', name: 'x' }), 'Experiment'), undefined);
  assert.equal(ownerOfKind(owned({ kind: 'Experiment', name: 'x' }), 'Experiment'), 'x');
  assert.equal(ownerOfKind(child, 'Deployment'), undefined);
});

test("the local runtime's controllers and the view read owners with this lookup", () => {
  assert.equal(localControllerOwner, controllerOwner);
  assert.equal(ownerName(child.metadata as never, 'Experiment'), 'not-controller', 'the view ignores the flag');
  assert.equal(ownerName({ ownerReferences: [{ kind: 'Rollout', name: 'r', uid: 'u' }] } as never, 'Rollout'), 'r');
});

test('a reference with no name is no owner: the next one of the kind is', () => {
  assert.equal(ownerOfKind(owned({ kind: 'Experiment' }, { kind: 'Experiment', name: 'e' }), 'Experiment'), 'e');
  for (const object of [undefined, null, {}, { metadata: {} }, { metadata: { ownerReferences: 'x' } }, owned(null, 3)])
    assert.equal(ownerOfKind(object, 'Experiment'), undefined);
});
