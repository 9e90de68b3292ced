// deploy/ on a cluster that already has Argo Rollouts' own CRDs: the controller and its RBAC
// install without touching them (deploy/without-crds), the kinds are the same set, and
// switching to the project's CRDs in place keeps existing objects.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startControlPlane, type ControlPlane } from '../../controlplane/control-plane.ts';
import { kubectlOrThrow } from '../../controlplane/kubectl.ts';
import { waitForCrdsEstablished } from '../../controlplane/crds-established.ts';
import { upstreamCrdPaths } from '../../controlplane/paths.ts';
import { CRD_DEFINITIONS } from '../../../scripts/generate-crds.ts';
import {
  CONTROLLER_PERMISSIONS,
  LEADER_ELECTION_PERMISSIONS,
} from '../../unit/deploy/support/controller-permissions.ts';
import {
  CONTROLLER_USER,
  accessChecks,
  controlPlaneAvailability,
  deployDir,
  exampleArgoObjects,
  getJson,
  pluralOf,
  userFields,
  waitForDeployment,
  wrongAnswers,
  type Json,
} from './support.ts';

const { binaries, skip } = await controlPlaneAvailability();
const crdNames = CRD_DEFINITIONS.map((definition) => `${definition.plural}.argoproj.io`);

describe("deploy/ on a real API server with Argo Rollouts' CRDs", { skip, timeout: 1_200_000 }, () => {
  let cp: ControlPlane;
  const kubectl = (args: string[], input?: string) =>
    kubectlOrThrow(cp.kubectl, args, input === undefined ? { timeoutMs: 300_000 } : { input, timeoutMs: 300_000 });
  const generatedBy = async (name: string) =>
    (await getJson(cp.kubectl, ['crd', name])).metadata.annotations?.['controller-gen.kubebuilder.io/version'];

  before(async () => {
    if (!binaries.found) throw new Error(`CI=true and ${binaries.reason}`);
    cp = await startControlPlane({ binDir: binaries.binDir, crdPaths: upstreamCrdPaths() });
  });
  after(async () => {
    await cp?.stop();
  });

  it('the controller kinds are the set upstream serves: names, group and versions', async () => {
    for (const definition of CRD_DEFINITIONS) {
      const crd = await getJson(cp.kubectl, ['crd', `${definition.plural}.argoproj.io`]);
      assert.equal(crd.spec.group, 'argoproj.io');
      assert.equal(crd.spec.names.kind, definition.kind);
      assert.deepEqual(crd.spec.names.shortNames, [definition.shortName]);
      assert.deepEqual(
        crd.spec.versions.map((v: { name: string }) => v.name),
        ['v1alpha1'],
      );
    }
    const served = (await kubectl(['api-resources', '--api-group=argoproj.io', '-o', 'name']))
      .trim()
      .split('\n')
      .sort();
    assert.deepEqual(served, CRD_DEFINITIONS.map((d) => pluralOf(d.kind)).sort());
  });

  it('deploy/without-crds installs the controller and its RBAC and leaves the upstream CRDs alone', async () => {
    await kubectl(['apply', '-k', path.join(deployDir, 'without-crds')]);
    await waitForDeployment(cp.kubectl, 'sluice-system', 'sluice-controller');
    for (const name of crdNames) assert.ok(await generatedBy(name), `${name} is still the upstream CRD`);
    const checks = [
      ...accessChecks(CONTROLLER_PERMISSIONS, 'default'),
      ...accessChecks(LEADER_ELECTION_PERMISSIONS, 'sluice-system'),
    ];
    assert.deepEqual(await wrongAnswers(cp.kubectl, CONTROLLER_USER, checks, true), []);
  });

  it("replacing Argo's CRDs with the project's (server-side) keeps the objects created under them", async () => {
    // One namespace per scenario: scenarios reuse names.
    const namespaceOf = (file: string) => `example-${file.split('/')[1]}`;
    const examples = exampleArgoObjects().map(({ file, object }) => ({
      file,
      object: { ...object, metadata: { ...object.metadata, namespace: namespaceOf(file) } } as Json,
    }));
    for (const namespace of new Set(examples.map(({ file }) => namespaceOf(file))))
      await kubectl(['create', 'namespace', namespace]);
    for (const { object } of examples) await kubectl(['apply', '-f', '-'], JSON.stringify(object));
    // As stored under Argo's CRDs, which default a few fields (e.g. container port protocol TCP).
    const read = (object: Json) =>
      getJson(cp.kubectl, [pluralOf(object.kind), object.metadata.name, '-n', object.metadata.namespace]);
    const before = await Promise.all(examples.map(({ object }) => read(object)));
    await kubectl(['apply', '--server-side', '--force-conflicts', '-f', path.join(deployDir, 'crds')]);
    await waitForCrdsEstablished(cp.kubectl, crdNames, 60_000);
    for (const name of crdNames) {
      const crd = await getJson(cp.kubectl, ['crd', name]);
      assert.equal(crd.metadata.labels?.['app.kubernetes.io/part-of'], 'sluice', `${name} is now the project's CRD`);
    }
    for (const [index, { file, object }] of examples.entries()) {
      const after = await read(object);
      assert.deepEqual(
        userFields(after),
        userFields(before[index] as Json),
        `${file}: ${object.kind} ${object.metadata.name}`,
      );
      assert.equal(after.metadata.resourceVersion, (before[index] as Json).metadata.resourceVersion, 'not rewritten');
    }
  });
});
