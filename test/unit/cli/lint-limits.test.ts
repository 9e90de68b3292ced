// `sluice lint` (the real process) on folders with an Argo CD Application, an alias bomb and a
// file far too large: warnings and clear errors, exit 0 or 1, no stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

function sluice(...args: string[]) {
  const result = spawnSync(path.join(repoRoot, 'bin', 'sluice'), args, { cwd: repoRoot, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function folderWithCanaryBasic(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-lint-limits-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const file of ['rollout.yaml', 'service.yaml'])
    copyFileSync(path.join(repoRoot, 'examples', 'canary-basic', file), path.join(dir, file));
  return dir;
}

test('a folder with an Argo CD Application and an Argo Workflow lints, with a warning for each', (t) => {
  const dir = folderWithCanaryBasic(t);
  writeFileSync(
    path.join(dir, 'app.yaml'),
    'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web, namespace: argocd}\nspec:\n  project: default\n  source: {repoURL: "https://example.com/repo.git", path: deploy}\n  destination: {server: "https://kubernetes.default.svc", namespace: default}\n---\napiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: smoke-}\nspec: {entrypoint: main}\n',
  );
  const result = sluice('lint', '-f', dir);
  assert.equal(result.stderr, '');
  assert.deepEqual(result.stdout.trim().split('\n'), [
    `${dir}/app.yaml:2: kind: warning: kind Application (argoproj.io/v1alpha1) belongs to Argo CD, not Argo Rollouts: sluice does not run it; it is skipped`,
    `${dir}/app.yaml:10: kind: warning: kind Workflow (argoproj.io/v1alpha1) belongs to Argo Workflows, not Argo Rollouts: sluice does not run it; it is skipped`,
    'ok: 2 objects in 3 files (2 warnings)',
  ]);
  assert.equal(result.code, 0);
});

test('an alias bomb is an error at its line, and the other files are still checked', (t) => {
  const dir = folderWithCanaryBasic(t);
  const lines = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: c}',
    'data:',
    `  l0: &l0 [${Array(9).fill('"lol"').join(', ')}]`,
  ];
  for (let level = 1; level < 10; level++)
    lines.push(
      `  l${level}: &l${level} [${Array(9)
        .fill(`*l${level - 1}`)
        .join(', ')}]`,
    );
  writeFileSync(path.join(dir, 'bomb.yaml'), `${lines.join('\n')}\n`);
  writeFileSync(
    path.join(dir, 'typo.yaml'),
    'apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {selectr: {}}\n',
  );
  const result = sluice('lint', '-f', dir);
  assert.equal(result.stderr, '');
  assert.deepEqual(result.stdout.trim().split('\n'), [
    `${dir}/bomb.yaml:9: data.l4[1]: YAML aliases expand to more than 20,000 values in this document (aliases inside anchored content multiply): write the repeated content out, or nest fewer aliases`,
    `${dir}/typo.yaml:4: spec.selectr: unknown field "selectr"; did you mean "selector"?`,
  ]);
  assert.equal(result.code, 1);
});

test('a file far over the size limit is one sentence on stderr, and is not read', (t) => {
  const dir = folderWithCanaryBasic(t);
  const huge = path.join(dir, 'huge.yaml');
  writeFileSync(huge, '');
  truncateSync(huge, 40 * 1024 * 1024);
  const result = sluice('lint', '-f', dir);
  assert.equal(result.stdout, '');
  assert.equal(
    result.stderr,
    `sluice lint: ${huge}: the file is 40 MiB, more than the 8 MiB sluice reads in one file; split it into smaller files (the API server takes at most 3 MiB per object)\n`,
  );
  assert.equal(result.code, 1);
});
