// The examples of Argo Rollouts' documentation (fixtures/argo-docs/, one file per example, kept as
// written there) are valid manifests: no error, with references relaxed (each file alone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { formatIssue } from '../../../src/api/manifests/issue.ts';

const folder = path.join(import.meta.dirname, 'fixtures', 'argo-docs');
const files = readdirSync(folder).filter((name) => name.endsWith('.yaml')).sort();

test('the documentation examples are present', () => assert.ok(files.length >= 20));

for (const file of files) {
  test(`Argo documentation example ${file} has no error`, () => {
    const text = readFileSync(path.join(folder, file), 'utf8');
    assert.match(text.split('\n')[0] ?? '', /^# From Argo Rollouts.*(docs|examples)\/[\w./-]+/, 'the first line names the source path');
    const { objects, issues } = loadManifests([{ file, text }]);
    assert.ok(objects.length > 0);
    assert.deepEqual(issues.filter((issue) => issue.severity === 'error').map(formatIssue), []);
  });
}
