// The rollout page and the list built from the shared view scenarios, and which actions each
// state of a rollout offers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applicableActions, rolloutList, rolloutPage } from '../../../src/dashboard/server/rollout-page.ts';
import { matchPattern } from '../../../src/dashboard/server/route.ts';
import { canaryAborted, canaryHealthy, canaryPaused } from '../view/fixtures/canary-scenarios.ts';
import { blueGreenPaused } from '../view/fixtures/bluegreen-scenarios.ts';

test('a paused canary: promote, promote-full, abort, restart, set-image and undo; no retry', () => {
  const page = rolloutPage(canaryPaused(), true);
  assert.deepEqual(page.actions, ['promote', 'promote-full', 'abort', 'restart', 'set-image', 'undo']);
  assert.deepEqual(page.containers, ['colorapi']);
  assert.deepEqual(page.revisions, [1], 'the stable revision, not the canary being rolled out');
  assert.equal(page.steps[1]?.state, 'current');
  assert.equal(page.view.name, 'colorapi');
});

test('an aborted canary offers retry and no longer abort or promote', () => {
  const actions = rolloutPage(canaryAborted(), true).actions;
  assert.ok(actions.includes('retry'), actions.join());
  for (const absent of ['abort', 'promote', 'promote-full'] as const) assert.ok(!actions.includes(absent), absent);
});

test('a healthy canary offers restart, set-image and undo only', () => {
  assert.deepEqual(rolloutPage(canaryHealthy(), true).actions, ['restart', 'set-image', 'undo']);
});

test('a blue-green rollout paused on its preview may be promoted', () => {
  assert.ok(rolloutPage(blueGreenPaused(), true).actions.includes('promote'));
});

test('a user who may not patch rollouts is offered no action', () => {
  assert.deepEqual(rolloutPage(canaryPaused(), false).actions, []);
});

test('without containers or older revisions there is no set-image nor undo', () => {
  assert.deepEqual(applicableActions(canaryHealthy().rollout, { containers: [], revisions: [] }), ['restart']);
});

test('the list: rows sorted by namespace then name, the images of each', () => {
  const a = structuredClone(canaryPaused().rollout);
  const b = structuredClone(canaryHealthy().rollout);
  a.metadata = { ...a.metadata, namespace: 'b', name: 'x' };
  b.metadata = { ...b.metadata, namespace: 'a', name: 'y' };
  const list = rolloutList([a, b]);
  assert.deepEqual(
    list.rows.map((row) => `${row.namespace}/${row.name} ${row.status.text}`),
    ['a/y Healthy', 'b/x Paused'],
  );
  assert.deepEqual(Object.keys(list.images), ['a/y', 'b/x']);
  assert.equal(list.images['b/x']?.length, 1);
});

test('route patterns: parameters by name, nothing for another shape', () => {
  assert.deepEqual(matchPattern('/namespaces/:namespace/rollouts/:name', '/namespaces/shop/rollouts/web'), {
    namespace: 'shop',
    name: 'web',
  });
  assert.equal(
    matchPattern('/namespaces/:namespace/rollouts/:name', '/namespaces/shop/rollouts/web/stream'),
    undefined,
  );
  assert.equal(matchPattern('/namespaces/:namespace/rollouts/:name', '/namespaces//rollouts/web'), undefined);
  assert.equal(matchPattern('/rollouts', '/rollout'), undefined);
});
