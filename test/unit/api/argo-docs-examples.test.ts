// The examples of Argo Rollouts' documentation (fixtures/argo-docs/, one file per example, kept as
// written there) are valid manifests: no error, with references relaxed (each file alone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { formatIssue } from '../../../src/api/manifests/issue.ts';

const folder = path.join(import.meta.dirname, 'fixtures', 'argo-docs');
const files = readdirSync(folder)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

test('the documentation examples are present', () => assert.ok(files.length >= 20));

for (const file of files) {
  test(`Argo documentation example ${file} has no error`, () => {
    const text = readFileSync(path.join(folder, file), 'utf8');
    assert.match(
      text.split('\n')[0] ?? '',
      /^# From Argo Rollouts.*(docs|examples)\/[\w./-]+/,
      'the first line names the source path',
    );
    const { objects, issues } = loadManifests([{ file, text }]);
    assert.ok(objects.length > 0);
    assert.deepEqual(issues.filter((issue) => issue.severity === 'error').map(formatIssue), []);
  });
}

const MIXED_IN: ReadonlyArray<{ file: string; skipped: string }> = [
  {
    file: 'examples-istio-mirror.yaml',
    skipped:
      'examples-istio-mirror.yaml:105: kind: warning: kind Gateway (networking.istio.io/v1alpha3) is not read by sluice; it is skipped',
  },
  {
    file: 'examples-rollout-secret.yaml',
    skipped: 'examples-rollout-secret.yaml:38: kind: warning: kind Secret (v1) is not read by sluice; it is skipped',
  },
];

for (const { file, skipped } of MIXED_IN) {
  test(`Argo documentation example ${file} skips the kind sluice does not read, with a warning`, () => {
    const { issues } = loadManifests([{ file, text: readFileSync(path.join(folder, file), 'utf8') }]);
    assert.ok(issues.map(formatIssue).includes(skipped), issues.map(formatIssue).join('\n'));
  });
}
