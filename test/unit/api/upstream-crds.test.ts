// Proof that every field of the upstream Argo Rollouts CRDs is accepted, and that unknown
// fields and wrong types are rejected at the right path and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { leavesOf, pathText, readCrds, sampleObject, setAt, type Json } from './upstream-crd-samples.ts';

const argoCrds = readCrds('argo-rollouts');
const istioCrds = readCrds('istio').filter((crd) => crd.kind === 'VirtualService' || crd.kind === 'DestinationRule');

test('the upstream CRD folder holds the five argoproj.io kinds', () => {
  assert.deepEqual([...new Set(argoCrds.map((crd) => crd.kind))].sort(), [
    'AnalysisRun',
    'AnalysisTemplate',
    'ClusterAnalysisTemplate',
    'Experiment',
    'Rollout',
  ]);
});

for (const crd of [...argoCrds, ...istioCrds]) {
  for (const form of ['integer', 'string'] as const) {
    test(`every field of ${crd.kind} ${crd.version} (${crd.file}) is accepted, int-or-string as ${form}`, () => {
      const sample = sampleObject(crd, form);
      const leaves = leavesOf(sample);
      assert.ok(leaves.length > 20, `sample of ${crd.kind} has only ${leaves.length} fields`);
      const result = loadManifests([{ file: 'sample.yaml', text: stringify(sample) }], { structureOnly: true });
      assert.deepEqual(result.issues, []);
      assert.equal(result.objects.length, 1);
    });
  }
}

function lineOfMarker(text: string, marker: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(marker));
  assert.ok(index >= 0, `marker ${marker} not in the generated text`);
  return index + 1;
}

/** A spread of leaves across the whole schema, deterministic. */
function spreadOfLeaves(sample: Json, count: number) {
  const leaves = leavesOf(sample).filter((leaf) => !['apiVersion', 'kind', 'metadata'].includes(String(leaf.path[0])));
  const step = Math.max(1, Math.floor(leaves.length / count));
  return leaves.filter((_, index) => index % step === 0);
}

for (const crd of argoCrds.filter((item) => item.kind !== 'ClusterAnalysisTemplate')) {
  test(`an unknown field anywhere in ${crd.kind} is rejected with its path and line`, () => {
    for (const leaf of spreadOfLeaves(sampleObject(crd, 'integer'), 25)) {
      const last = leaf.path[leaf.path.length - 1];
      // Keys of maps (key1, resource names) are data, not field names.
      if (typeof last !== 'string' || ['key1', 'anything', 'nested', 'cpu', 'memory', 'nvidia.com/gpu'].includes(last))
        continue;
      const sample = sampleObject(crd, 'integer');
      setAt(sample, leaf.path, (parent, key) => {
        parent.zzUnknownField = parent[key];
        delete parent[key];
      });
      const text = stringify(sample);
      const { issues } = loadManifests([{ file: 'm.yaml', text }], { structureOnly: true });
      const expectedPath = pathText([...leaf.path.slice(0, -1), 'zzUnknownField']);
      const unknown = issues.filter((issue) => issue.path === expectedPath);
      assert.equal(unknown.length, 1, `${expectedPath}: ${JSON.stringify(issues)}`);
      assert.match(unknown[0]!.message, /unknown field "zzUnknownField"/);
      assert.equal(unknown[0]!.line, lineOfMarker(text, 'zzUnknownField'));
    }
  });

  test(`a value of the wrong type anywhere in ${crd.kind} is rejected with its path and line`, () => {
    for (const leaf of spreadOfLeaves(sampleObject(crd, 'integer'), 25)) {
      const sample = sampleObject(crd, 'integer');
      if (leaf.path.includes('anything') || leaf.path.includes('nvidia.com/gpu')) continue;
      // The sample writes int-or-string fields as 3 and quantities as 500m or 128Mi (see sampleValue).
      const intOrString = leaf.value === 3 || leaf.value === '500m' || leaf.value === '128Mi';
      const wrong = intOrString ? ['zzWrongType'] : typeof leaf.value === 'string' ? 987654321 : 'zzWrongType';
      const expected = intOrString
        ? /must be an integer or a string|must be a quantity/
        : typeof leaf.value === 'string'
          ? /must be a string/
          : typeof leaf.value === 'boolean'
            ? /true or false/
            : /must be an? (integer|number)/;
      setAt(sample, leaf.path, (parent, key) => {
        parent[key] = wrong;
      });
      const text = stringify(sample);
      const { issues } = loadManifests([{ file: 'm.yaml', text }], { structureOnly: true });
      const expectedPath = pathText(leaf.path);
      const found = issues.filter((issue) => issue.path === expectedPath);
      assert.equal(found.length, 1, `${expectedPath}: ${JSON.stringify(issues)}`);
      assert.match(found[0]!.message, expected);
      // A list is written on the lines after its key.
      const markerLine = lineOfMarker(text, Array.isArray(wrong) ? 'zzWrongType' : String(wrong));
      assert.equal(found[0]!.line, Array.isArray(wrong) ? markerLine - 1 : markerLine);
    }
  });
}
