// `-o json|yaml`: the objects themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { renderObjects } from '../../../../src/cli/render/objects-output.ts';
import { canaryPaused } from '../../view/fixtures/canary-scenarios.ts';

test('one object prints as itself in JSON, several as a List', () => {
  const input = canaryPaused();
  assert.deepEqual(JSON.parse(renderObjects([input.rollout], 'json')), input.rollout);
  const list = JSON.parse(renderObjects([input.rollout, ...input.replicaSets], 'json'));
  assert.equal(list.kind, 'List');
  assert.deepEqual(list.items, [input.rollout, ...input.replicaSets]);
});

test('YAML prints one document per object, and reads back to the same objects', () => {
  const input = canaryPaused();
  const objects = [input.rollout, ...input.analysisRuns];
  const text = renderObjects(objects, 'yaml');
  assert.deepEqual(
    parseAllDocuments(text).map((doc) => doc.toJS()),
    objects,
  );
  assert.match(text, /^kind: Rollout$/m);
});
