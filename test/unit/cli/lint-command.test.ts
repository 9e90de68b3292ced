// Runs the real `bin/sluice lint` process on the examples and on broken input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

function sluice(...args: string[]) {
  const result = spawnSync(path.join(repoRoot, 'bin', 'sluice'), args, { cwd: repoRoot, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const validExamples = readdirSync(path.join(repoRoot, 'examples'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'invalid')
  .map((entry) => `examples/${entry.name}`);

// The examples' own monitoring (a Namespace and Prometheus' ConfigMap) is of kinds lint does not
// check: the only warnings allowed are the ones that say so.
const UNCHECKED_KIND =
  /^examples\/[\w-]+\/[\w.-]+:\d+: kind: warning: kind (Namespace|ConfigMap) \(v1\) is not read by sluice; it is skipped$/;

test('every valid example passes lint together, and is reported as ok', () => {
  assert.ok(validExamples.length >= 5);
  const result = sluice('lint', ...validExamples.flatMap((dir) => ['-f', dir]));
  assert.equal(result.stderr, '');
  const lines = result.stdout.trimEnd().split('\n');
  const summary = lines.pop() ?? '';
  for (const line of lines) assert.match(line, UNCHECKED_KIND);
  const warnings = lines.length === 0 ? '' : ` \\(${lines.length} warnings\\)`;
  assert.match(summary, new RegExp(`^ok: \\d+ objects in \\d+ files${warnings}$`));
  assert.equal(result.code, 0);
});

for (const folder of readdirSync(path.join(repoRoot, 'examples', 'invalid'), { withFileTypes: true }).filter((entry) =>
  entry.isDirectory(),
)) {
  test(`examples/invalid/${folder.name} gives its expected problems`, () => {
    const dir = `examples/invalid/${folder.name}`;
    const expected = readFileSync(path.join(repoRoot, dir, 'expected.txt'), 'utf8');
    const result = sluice('lint', '-f', dir);
    assert.equal(result.stdout, expected);
    assert.equal(result.code, 1);
  });
}

test('lint prints file:line: path: message for each problem, sorted, and exits 1', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-lint-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    path.join(dir, 'b.yaml'),
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: b\nspec:\n  selectr: {}\n',
  );
  writeFileSync(
    path.join(dir, 'a.yml'),
    'apiVersion: argoproj.io/v1\nkind: Rollout\nmetadata:\n  name: a\n---\nkind: Service\n',
  );
  writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest');
  const result = sluice('lint', '-f', dir);
  assert.equal(result.code, 1);
  assert.deepEqual(result.stdout.trim().split('\n'), [
    `${dir}/a.yml:1: apiVersion: unknown apiVersion "argoproj.io/v1" for kind Rollout: use "argoproj.io/v1alpha1"`,
    `${dir}/a.yml:6: apiVersion: missing apiVersion: every object needs apiVersion and kind, e.g. apiVersion: argoproj.io/v1alpha1`,
    `${dir}/b.yaml:6: spec.selectr: unknown field "selectr"; did you mean "selector"?`,
  ]);
});

test('a missing file is one clear sentence on stderr, exit 1', () => {
  const result = sluice('lint', '-f', 'no/such/file.yaml');
  assert.equal(result.code, 1);
  assert.equal(result.stderr, 'sluice lint: no/such/file.yaml: no such file or directory\n');
  assert.equal(result.stdout, '');
});

test('lint without -f explains what to give', () => {
  const result = sluice('lint');
  assert.equal(result.code, 1);
  assert.match(result.stderr, /no manifests given; use -f FILE\|DIR/);
});

test('an unknown command is one line and exit 1; --help lists the commands', () => {
  const unknown = sluice('deploy');
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr, 'sluice: unknown command "deploy"; run "sluice --help" for the list of commands\n');
  const help = sluice('--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^\s+lint\s+check manifests/m);
});

test('warnings alone are printed and leave the exit status 0; an error with them gives 1', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-lint-warn-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const rollout = (name: string, weight: number) => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: app
  strategy:
    canary:
      steps:
      - setWeight: ${weight}
`;
  writeFileSync(path.join(dir, 'warn.yaml'), rollout('warned', 20));
  const warned = sluice('lint', '-f', path.join(dir, 'warn.yaml'));
  assert.match(warned.stdout, /warn\.yaml:\d+: spec\.template\.spec\.containers\[0\]\S*: warning: /);
  assert.match(warned.stdout, /^ok: 1 objects in 1 files \(1 warning\)$/m);
  assert.equal(warned.code, 0);

  writeFileSync(path.join(dir, 'error.yaml'), rollout('broken', 150));
  const broken = sluice('lint', '-f', path.join(dir, 'error.yaml'));
  assert.match(broken.stdout, /warning: /);
  assert.match(broken.stdout, /setWeight: must be between 0 and 100/);
  assert.doesNotMatch(broken.stdout, /^ok:/m);
  assert.equal(broken.code, 1);
});

test('lint compiles successCondition and failureCondition and reports one that does not compile at the line of its field', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-lint-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const metric = (name: string, condition: string) =>
    `    - name: ${name}\n      ${condition}\n      provider:\n        prometheus:\n          address: http://prometheus:9090\n          query: up\n`;
  writeFileSync(
    path.join(dir, 'template.yaml'),
    'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: rate\nspec:\n  args:\n    - name: threshold\n  metrics:\n' +
      metric('fine', 'successCondition: len(result) > 0 && result[0] >= 0.95') +
      metric('broken', 'failureCondition: "result[0] <"') +
      metric('templated', 'successCondition: "result[0] >= {{ args.threshold }}"') +
      metric('unknown', 'successCondition: value > 3'),
  );
  const result = sluice('lint', '-f', dir);
  assert.deepEqual(result.stdout.trim().split('\n'), [
    `${dir}/template.yaml:16: spec.metrics[1].failureCondition: failureCondition does not compile: unexpected end of expression at column 12 of "result[0] <"; write it in expr-lang syntax, with the measurement as result (e.g. result[0] >= 0.95)`,
    `${dir}/template.yaml:28: spec.metrics[3].successCondition: successCondition does not compile: unknown name value at column 1 of "value > 3"; the measurement is the variable result (e.g. result[0] >= 0.95)`,
  ]);
  assert.equal(result.code, 1);
});
