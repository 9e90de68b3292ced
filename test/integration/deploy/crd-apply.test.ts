// sluice's CRDs on a real API server store the pod-template shapes Argo Rollouts' CRDs store
// (cpu: 0.5, a malformed quantity, a volume field Kubernetes does not know), as written: what
// sluice checks beyond Argo's CRDs is reported by lint and by the controller's InvalidSpec
// condition, not by kubectl apply. The same shapes are checked in test/unit/deploy/crd-acceptance.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { startControlPlane, type ControlPlane } from '../../controlplane/control-plane.ts';
import { waitForCrdsEstablished } from '../../controlplane/crds-established.ts';
import { CRD_DEFINITIONS } from '../../../scripts/generate-crds.ts';
import { SHAPES } from '../../unit/deploy/support/argo-accepted-shapes.ts';
import { controlPlaneAvailability, deployDir, getJson } from './support.ts';

const { binaries, skip } = await controlPlaneAvailability();

describe("sluice's CRDs on a real API server store what Argo's store", { skip, timeout: 600_000 }, () => {
  let cp: ControlPlane;

  before(async () => {
    if (!binaries.found) throw new Error(`CI=true and ${binaries.reason}`);
    cp = await startControlPlane({ binDir: binaries.binDir, crdPaths: [path.join(deployDir, 'crds')] });
    await waitForCrdsEstablished(
      cp.kubectl,
      CRD_DEFINITIONS.map((definition) => `${definition.plural}.argoproj.io`),
      60_000,
    );
  });
  after(async () => {
    await cp?.stop();
  });

  for (const [index, [what, shape]] of SHAPES.entries()) {
    it(`kubectl apply stores a Rollout with ${what}, as written`, async () => {
      const object = structuredClone(shape);
      object.metadata.name = `shape-${index}`;
      const applied = await cp.kubectl(['apply', '-n', 'default', '-f', '-'], { input: stringify(object) });
      assert.equal(applied.code, 0, `kubectl apply refused it: ${applied.stderr}`);
      const stored = await getJson(cp.kubectl, ['rollout', object.metadata.name, '-n', 'default']);
      assert.deepEqual(
        stored.spec.template.spec.containers[0].resources ?? {},
        object.spec.template.spec.containers[0].resources,
      );
      assert.deepEqual(stored.spec.template.spec.volumes, object.spec.template.spec.volumes);
      assert.deepEqual(
        stored.spec.template.spec.initContainers?.[0]?.resources,
        object.spec.template.spec.initContainers?.[0]?.resources,
      );
    });
  }
});
