// The loader's bounds (src/api/manifests/limits.ts): a file too large, nested too deep, or whose
// aliases expand too much (an alias bomb) or never end (an alias inside its own anchor) is refused
// with an error at its line, at once, instead of using seconds and gigabytes or overflowing the stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { formatIssue } from '../../../src/api/manifests/issue.ts';
import { MAX_FILE_CHARACTERS, MAX_NESTING_DEPTH } from '../../../src/api/manifests/limits.ts';

const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';

/** The 500-byte "billion laughs": each level an anchored list of nine aliases to the one before. */
function aliasBomb(levels: number): string {
  const lines = [`${configMap}data:`, `  l0: &l0 [${Array(9).fill('"lol"').join(', ')}]`];
  for (let level = 1; level < levels; level++)
    lines.push(
      `  l${level}: &l${level} [${Array(9)
        .fill(`*l${level - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

function issuesOf(text: string): string[] {
  return loadManifests([{ file: 'm.yaml', text }]).issues.map(formatIssue);
}

test('an alias bomb is refused at the alias that expands too much, and other documents are still read', () => {
  const text = `${aliasBomb(9)}---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: a}}\n`;
  assert.ok(text.length < 700);
  const { issues, objects } = loadManifests([{ file: 'm.yaml', text }]);
  assert.deepEqual(issues.map(formatIssue), [
    'm.yaml:9: data.l4[1]: YAML aliases expand to more than 20,000 values in this document (aliases inside anchored content multiply): write the repeated content out, or nest fewer aliases',
  ]);
  assert.deepEqual(
    objects.map((item) => item.object.metadata.name),
    ['s'],
  );
});

test('a few levels of aliases, and a snippet used many times, are read as written', () => {
  const { issues } = loadManifests([{ file: 'm.yaml', text: aliasBomb(4) }]);
  assert.deepEqual(issues.map(formatIssue), [
    'm.yaml:2: kind: warning: kind ConfigMap (v1) is not read by sluice; it is skipped',
  ]);
  const uses = Array.from({ length: 300 }, (_, index) => `      - {name: c${index}, image: web:1, env: *env}`).join(
    '\n',
  );
  const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      initContainers:\n      - {name: init, image: web:1, env: &env [{name: A, value: "1"}, {name: B, value: "2"}]}\n      containers:\n${uses}\n`;
  const loaded = loadManifests([{ file: 'd.yaml', text }]);
  assert.deepEqual(loaded.issues.map(formatIssue), []);
  const deployment = loaded.objects[0]?.object as {
    spec: { template: { spec: { containers: Array<{ env: unknown }> } } };
  };
  assert.deepEqual(deployment.spec.template.spec.containers[299]?.env, [
    { name: 'A', value: '1' },
    { name: 'B', value: '2' },
  ]);
});

test('an alias inside the node its anchor names is refused, not followed for ever', () => {
  assert.deepEqual(issuesOf(`${configMap}data: &d\n  a: "1"\n  b: *d\n`), [
    'm.yaml:6: data.b: alias *d is used inside the node its anchor &d names, so it would never end; refer to an anchor defined outside this node',
  ]);
  assert.deepEqual(issuesOf('apiVersion: v1\nkind: Service\nmetadata: &m {name: s, labels: *m}\n'), [
    'm.yaml:3: metadata.labels: alias *m is used inside the node its anchor &m names, so it would never end; refer to an anchor defined outside this node',
  ]);
});

const tooDeep = `mappings and lists nest deeper than ${MAX_NESTING_DEPTH} levels here; a manifest never needs this, so check the indentation and the brackets`;

test('nesting deeper than the limit is refused at its line, in flow and in block style, however deep', () => {
  assert.deepEqual(issuesOf(`${configMap}data:\n  a: ${'['.repeat(1_000_000)}\n`), [`m.yaml:5: ${tooDeep}`]);
  assert.deepEqual(issuesOf(`${configMap}data:\n  a: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`), [
    `m.yaml:5: ${tooDeep}`,
  ]);
  const block = Array.from({ length: 3000 }, (_, depth) => `${' '.repeat(depth)}a:`).join('\n');
  assert.deepEqual(issuesOf(`${block}\n`), [`m.yaml:${MAX_NESTING_DEPTH + 1}: ${tooDeep}`]);
  assert.deepEqual(issuesOf(`${'- '.repeat(20_000)}x\n`), [`m.yaml:1: ${tooDeep}`]);
});

test('nesting up to the limit is read', () => {
  const depth = MAX_NESTING_DEPTH - 15;
  const text = `apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: t}\nspec:\n  metrics:\n  - name: m\n    provider:\n      web:\n        url: http://x\n        jsonBody: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`;
  assert.deepEqual(issuesOf(text), []);
});

test('a file larger than the limit is refused at line 1 without being parsed', () => {
  const text = `${configMap}data:\n  a: "${'x'.repeat(MAX_FILE_CHARACTERS)}"\n`;
  assert.deepEqual(issuesOf(text), [
    'm.yaml:1: the file is 8 MiB, more than the 8 MiB sluice reads in one file; split it into smaller files (the API server takes at most 3 MiB per object)',
  ]);
});

test('a key named __proto__ is an unknown field, not the prototype of the object', () => {
  assert.deepEqual(
    issuesOf('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  __proto__: {selector: {app: a}}\n'),
    ['m.yaml:5: spec.__proto__: unknown field "__proto__"; check its spelling and indentation'],
  );
});

test('numbers JSON cannot hold, and integers beyond 2^53, are wrong values, not numbers', () => {
  const service = (extra: string) =>
    `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: a}\n${extra}`;
  assert.deepEqual(issuesOf(service('  ports: [{port: .nan}]\n')), [
    'm.yaml:6: spec.ports[0].port: must be an integer, got number NaN',
  ]);
  assert.deepEqual(issuesOf(service('  sessionAffinityConfig: {clientIP: {timeoutSeconds: 1e300}}\n')), [
    'm.yaml:6: spec.sessionAffinityConfig.clientIP.timeoutSeconds: 1e+300 is out of range: must fit in 32 bits (-2147483648 to 2147483647)',
  ]);
});
