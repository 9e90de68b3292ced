// The kustomizations under deploy/ and deploy/install.yaml, which holds what deploy/ installs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { kustomizationObjects, orderForInstall } from '../../../scripts/generate-crds.ts';
import { deployDir, deployYamlFiles, readDocuments, repoRoot, type Json } from './support/deploy-files.ts';

const kustomizations = deployYamlFiles().filter((file) => file.endsWith('kustomization.yaml'));

function listedFiles(kustomizationFile: string): string[] {
  const dir = path.dirname(kustomizationFile);
  const kustomization = parse(readFileSync(path.join(repoRoot, kustomizationFile), 'utf8')) as Json;
  return (kustomization.resources as string[]).map((resource) => path.normalize(path.join(dir, resource)));
}

test('every resource a kustomization lists exists', () => {
  for (const file of kustomizations) {
    for (const resource of listedFiles(file))
      assert.ok(existsSync(path.join(repoRoot, resource)), `${file}: ${resource}`);
  }
});

test('every manifest under deploy/ is listed by a kustomization', () => {
  const listed = new Set(kustomizations.flatMap(listedFiles));
  const manifests = deployYamlFiles().filter(
    (file) => !file.endsWith('kustomization.yaml') && file !== path.join('deploy', 'install.yaml'),
  );
  assert.deepEqual(
    manifests.filter((file) => !listed.has(file)),
    [],
  );
});

test('deploy/crds holds only CRDs (it is applied with -f by the test control plane)', () => {
  const crdFiles = deployYamlFiles().filter((file) => file.startsWith(path.join('deploy', 'crds')));
  assert.equal(crdFiles.length, 5);
  for (const file of crdFiles)
    assert.deepEqual(
      readDocuments(file).map((o) => o.kind),
      ['CustomResourceDefinition'],
    );
});

test('install.yaml holds every object of deploy/kustomization.yaml, namespace and CRDs first', () => {
  const installed = parseAllDocuments(readFileSync(path.join(deployDir, 'install.yaml'), 'utf8')).map(
    (d) => d.toJS() as Json,
  );
  const key = (o: Json) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const expected = orderForInstall(kustomizationObjects(deployDir)).map((item) => key(item.object));
  assert.deepEqual(installed.map(key), expected);
  assert.equal(installed[0]?.kind, 'Namespace');
  assert.deepEqual(
    installed.slice(1, 6).map((o) => o.kind),
    Array(5).fill('CustomResourceDefinition'),
  );
  assert.ok(installed.some((o) => o.kind === 'Deployment' && o.metadata.namespace === 'sluice-system'));
});

test('install.yaml generation refuses objects outside the kustomization namespace', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-kustomization-'));
  try {
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'kustomization.yaml'), 'namespace: sluice-system\nresources: [sub]\n');
    writeFileSync(path.join(dir, 'sub', 'kustomization.yaml'), 'resources: [sa.yaml]\n');
    writeFileSync(
      path.join(dir, 'sub', 'sa.yaml'),
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x\n  namespace: other\n',
    );
    assert.throws(
      () => kustomizationObjects(dir),
      /ServiceAccount x is in namespace other, but its kustomization sets sluice-system/,
    );
    writeFileSync(path.join(dir, 'sub', 'kustomization.yaml'), 'resources: [sa.yaml]\nnamePrefix: a-\n');
    assert.throws(() => kustomizationObjects(dir), /"namePrefix" is not supported/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
