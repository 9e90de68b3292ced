// deploy/ against the real API server, on a cluster without Argo Rollouts' CRDs: one command
// installs the project's CRDs, RBAC and controller; the CRDs are structural and keep every
// field; the controller's ServiceAccount can do what it needs and nothing it must not.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { startControlPlane, type ControlPlane } from '../../controlplane/control-plane.ts';
import { kubectlFor, kubectlOrThrow } from '../../controlplane/kubectl.ts';
import { waitForCrdsEstablished } from '../../controlplane/crds-established.ts';
import { upstreamCrdsDir } from '../../controlplane/paths.ts';
import { CRD_DEFINITIONS } from '../../../scripts/generate-crds.ts';
import { readCrds, sampleObject } from '../../unit/api/upstream-crd-samples.ts';
import {
  CONTROLLER_PERMISSIONS,
  FORBIDDEN,
  LEADER_ELECTION_PERMISSIONS,
} from '../../unit/deploy/support/controller-permissions.ts';
import { crdSchemaOf, withCrdDefaults } from '../../unit/deploy/support/crd-defaults.ts';
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

describe("deploy/ on a real API server without Argo Rollouts' CRDs", { skip, timeout: 1_200_000 }, () => {
  let cp: ControlPlane;
  const kubectl = (args: string[], input?: string) =>
    kubectlOrThrow(cp.kubectl, args, { timeoutMs: 300_000, ...(input === undefined ? {} : { input }) });

  before(async () => {
    if (!binaries.found) throw new Error(`CI=true and ${binaries.reason}`);
    // Istio's CRDs only: the controller's permissions name them, and kubectl auth can-i needs them served.
    cp = await startControlPlane({ binDir: binaries.binDir, crdPaths: [path.join(upstreamCrdsDir(), 'istio')] });
  });
  after(async () => {
    await cp?.stop();
  });

  it('installs with one command (client-side kubectl apply -k deploy/) and the CRDs become Established', async () => {
    assert.equal(
      (await cp.kubectl(['get', 'crd', 'rollouts.argoproj.io'])).code,
      1,
      'no argoproj.io CRDs before the install',
    );
    await kubectl(['apply', '-k', deployDir]);
    await waitForCrdsEstablished(cp.kubectl, crdNames, 60_000);
    for (const name of crdNames) {
      const crd = await getJson(cp.kubectl, ['crd', name]);
      const problems = (crd.status.conditions as Json[]).filter(
        (c) => c.type === 'NonStructuralSchema' || (c.type === 'NamesAccepted' && c.status !== 'True'),
      );
      assert.deepEqual(problems, [], name);
    }
  });

  it('serves the same argoproj.io resources, short names and columns as Argo Rollouts', async () => {
    const served = (await kubectl(['api-resources', '--api-group=argoproj.io', '-o', 'name']))
      .trim()
      .split('\n')
      .sort();
    const upstreamKinds = [...new Set(readCrds('argo-rollouts').map((crd) => crd.kind))];
    assert.deepEqual(served, upstreamKinds.map(pluralOf).sort());
    for (const shortName of ['ro', 'at', 'cat', 'ar', 'exp']) await kubectl(['get', shortName, '-A']);
  });

  it('applying again, server-side and from install.yaml, changes nothing that conflicts', async () => {
    await kubectl(['apply', '--server-side', '-k', deployDir]);
    await kubectl(['apply', '--server-side', '-f', path.join(deployDir, 'install.yaml')]);
  });

  it('install.yaml holds exactly what kubectl kustomize deploy/ yields', async () => {
    const keyed = (objects: Json[]) =>
      new Map(objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
    const fromKustomize = keyed(
      parseAllDocuments(await kubectl(['kustomize', deployDir])).map((d) => d.toJS() as Json),
    );
    const fromInstall = keyed(
      parseAllDocuments(readFileSync(path.join(deployDir, 'install.yaml'), 'utf8')).map((d) => d.toJS() as Json),
    );
    assert.deepEqual([...fromInstall.keys()].sort(), [...fromKustomize.keys()].sort());
    for (const [key, object] of fromInstall) assert.deepEqual(object, fromKustomize.get(key), key);
  });

  it('the controller Deployment runs two ready replicas as the sluice-controller ServiceAccount', async () => {
    await waitForDeployment(cp.kubectl, 'sluice-system', 'sluice-controller');
    const deployment = await getJson(cp.kubectl, ['deployment', 'sluice-controller', '-n', 'sluice-system']);
    assert.equal(deployment.status.readyReplicas, 2);
    assert.equal(deployment.spec.template.spec.serviceAccountName, 'sluice-controller');
    const service = await getJson(cp.kubectl, ['service', 'sluice-controller-metrics', '-n', 'sluice-system']);
    assert.equal(service.spec.ports[0].port, 8090);
  });

  it('keeps every example Rollout and AnalysisTemplate as written, with only the CRD defaults added', async () => {
    const examples = exampleArgoObjects();
    assert.ok(examples.filter((e) => e.object.kind === 'Rollout').length >= 4, 'the examples hold Rollouts');
    await kubectl(['create', 'namespace', 'examples']);
    for (const { file, object } of examples) {
      const namespaced = { ...object, metadata: { ...object.metadata, namespace: 'examples' } };
      await kubectl(['apply', '-f', '-'], JSON.stringify(namespaced));
      const stored = await getJson(cp.kubectl, [pluralOf(object.kind), object.metadata.name, '-n', 'examples']);
      // The CRDs carry Kubernetes' defaults (a container port's protocol: TCP, ...), which the API server fills in.
      const expected = withCrdDefaults(object, crdSchemaOf(path.join(deployDir, 'crds'), object.kind));
      assert.deepEqual(userFields(stored), userFields(expected), `${file}: ${object.kind} ${object.metadata.name}`);
    }
  });

  for (const form of ['integer', 'string'] as const) {
    it(`keeps an object of each kind with every upstream field set (int-or-string as ${form})`, async () => {
      for (const crd of readCrds('argo-rollouts')) {
        const sample = sampleObject(crd, form);
        sample.metadata.name = `every-field-${form}`;
        const clusterScoped = crd.kind === 'ClusterAnalysisTemplate';
        if (clusterScoped) delete sample.metadata.namespace;
        const scope = clusterScoped ? [] : ['-n', 'default'];
        await kubectl(['create', '-f', '-'], JSON.stringify(sample));
        if (crd.kind === 'Rollout') {
          // Status goes through the status subresource.
          await kubectl([
            'patch',
            'rollouts.argoproj.io',
            sample.metadata.name,
            '-n',
            'default',
            '--subresource=status',
            '--type=merge',
            '-p',
            JSON.stringify({ status: sample.status }),
          ]);
        }
        const stored = await getJson(cp.kubectl, [pluralOf(crd.kind), sample.metadata.name, ...scope]);
        assert.deepEqual(stored.spec, sample.spec, `${crd.kind} spec`);
        assert.deepEqual(stored.status, sample.status, `${crd.kind} status`);
      }
    });
  }

  it('shows the columns of Argo Rollouts and scales a Rollout through the scale subresource', async () => {
    const table = await kubectl(['get', 'rollouts', '-n', 'default']);
    assert.match(table.split('\n')[0] ?? '', /^NAME\s+DESIRED\s+CURRENT\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    const runs = await kubectl(['get', 'analysisruns', '-n', 'default']);
    assert.match(runs.split('\n')[0] ?? '', /^NAME\s+STATUS\s+AGE$/);
    await kubectl(['scale', 'rollout', 'every-field-integer', '-n', 'default', '--replicas=7']);
    const rollout = await getJson(cp.kubectl, ['rollouts.argoproj.io', 'every-field-integer', '-n', 'default']);
    assert.equal(rollout.spec.replicas, 7);
  });

  it('the controller ServiceAccount may do everything the controller needs, in any namespace', async () => {
    const checks = [
      ...accessChecks(CONTROLLER_PERMISSIONS, 'default'),
      ...accessChecks(CONTROLLER_PERMISSIONS, 'examples'),
      ...accessChecks(LEADER_ELECTION_PERMISSIONS, 'sluice-system'),
    ];
    assert.deepEqual(await wrongAnswers(cp.kubectl, CONTROLLER_USER, checks, true), []);
  });

  it('the controller ServiceAccount is refused what it must not do', async () => {
    const checks = [...accessChecks(FORBIDDEN, 'default'), ...accessChecks(LEADER_ELECTION_PERMISSIONS, 'default')];
    assert.deepEqual(await wrongAnswers(cp.kubectl, CONTROLLER_USER, checks, false), []);
  });

  it('with its own token, the ServiceAccount writes Rollout status and is refused secrets', async () => {
    const token = (
      await kubectl(['create', 'token', 'sluice-controller', '-n', 'sluice-system', '--duration=10m'])
    ).trim();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-deploy-'));
    try {
      const kubeconfig = path.join(dir, 'kubeconfig');
      writeFileSync(kubeconfig, JSON.stringify(cp.kubeconfigForToken(token, 'sluice-controller')));
      const asController = kubectlFor(cp.binDir, kubeconfig);
      assert.equal(
        (await kubectlOrThrow(asController, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'])).trim(),
        CONTROLLER_USER,
      );
      await kubectlOrThrow(asController, ['get', 'rollouts.argoproj.io', '-A']);
      await kubectlOrThrow(asController, [
        'patch',
        'rollouts.argoproj.io',
        'every-field-string',
        '-n',
        'default',
        '--subresource=status',
        '--type=merge',
        '-p',
        '{"status":{"phase":"Healthy"}}',
      ]);
      const refused = await asController([
        'create',
        'secret',
        'generic',
        'stolen',
        '-n',
        'default',
        '--from-literal=a=b',
      ]);
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /forbidden/i);
      const spec = await asController([
        'patch',
        'rollouts.argoproj.io',
        'every-field-string',
        '-n',
        'default',
        '--type=merge',
        '-p',
        '{"spec":{"replicas":2}}',
      ]);
      assert.equal(spec.code, 0, 'the controller may write the Rollout object (annotations) too');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the namespaced variant grants the controller one namespace only', async () => {
    const overlay = mkdtempSync(path.join(os.tmpdir(), 'sluice-namespaced-'));
    try {
      await kubectl(['create', 'namespace', 'team-a']);
      const base = path.relative(overlay, path.join(deployDir, 'namespaced'));
      writeFileSync(path.join(overlay, 'kustomization.yaml'), `namespace: team-a\nresources:\n  - ${base}\n`);
      await kubectl(['apply', '-k', overlay]);
      await waitForDeployment(cp.kubectl, 'team-a', 'sluice-controller');
      const deployment = await getJson(cp.kubectl, ['deployment', 'sluice-controller', '-n', 'team-a']);
      assert.deepEqual(deployment.spec.template.spec.containers[0].args.slice(-2), ['--namespace', '$(POD_NAMESPACE)']);
      const user = 'system:serviceaccount:team-a:sluice-controller';
      const namespaced = CONTROLLER_PERMISSIONS.filter((p) => !p.clusterScoped);
      const allowed = [...accessChecks(namespaced, 'team-a'), ...accessChecks(LEADER_ELECTION_PERMISSIONS, 'team-a')];
      assert.deepEqual(await wrongAnswers(cp.kubectl, user, allowed, true), []);
      const refused = [
        ...accessChecks(namespaced, 'default'),
        ...accessChecks(
          CONTROLLER_PERMISSIONS.filter((p) => p.clusterScoped),
          'team-a',
        ),
        ...accessChecks(FORBIDDEN, 'team-a'),
      ];
      assert.deepEqual(await wrongAnswers(cp.kubectl, user, refused, false), []);
    } finally {
      rmSync(overlay, { recursive: true, force: true });
    }
  });
});
