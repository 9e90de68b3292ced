// deploy/dashboard as kubectl kustomize renders it: the controller of deploy/without-crds with
// --dashboard-port and --dashboard-address and its dashboard container port, the sluice-dashboard
// Service selecting the controller's pods on that port, and the ClusterRole for the reviews and
// Events bound to the controller's ServiceAccount, all in sluice-system.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { kubectlFor, kubectlOrThrow } from '../../controlplane/kubectl.ts';
import { controlPlaneAvailability, deployDir, type Json } from './support.ts';

const { binaries, skip } = await controlPlaneAvailability();

describe('deploy/dashboard', { skip }, () => {
  it('adds the dashboard to the controller of deploy/without-crds', async () => {
    const kubectl = kubectlFor(binaries.found ? binaries.binDir : '', '/dev/null');
    const objects = parseAllDocuments(
      await kubectlOrThrow(kubectl, ['kustomize', path.join(deployDir, 'dashboard')]),
    ).map((document) => document.toJS() as Json);
    const find = (kind: string, name: string) =>
      objects.find((o) => o.kind === kind && o.metadata.name === name) ?? assert.fail(`no ${kind} ${name}`);
    const container = find('Deployment', 'sluice-controller').spec.template.spec.containers[0];
    assert.deepEqual(container.args.slice(-2), ['--dashboard-port=3100', '--dashboard-address=0.0.0.0']);
    assert.ok(container.ports.some((port: Json) => port.name === 'dashboard' && port.containerPort === 3100));
    const service = find('Service', 'sluice-dashboard');
    assert.equal(service.metadata.namespace, 'sluice-system');
    assert.equal(service.spec.ports[0].targetPort, 'dashboard');
    const podLabels = find('Deployment', 'sluice-controller').spec.template.metadata.labels;
    for (const [key, value] of Object.entries(service.spec.selector as Record<string, string>))
      assert.equal(podLabels[key], value, `the Service selects the controller's pods by ${key}`);
    const rules = find('ClusterRole', 'sluice-dashboard').rules as Json[];
    const grants = rules.flatMap((rule) =>
      (rule.resources as string[]).flatMap((resource) => (rule.verbs as string[]).map((verb) => `${verb} ${resource}`)),
    );
    for (const grant of ['create tokenreviews', 'create subjectaccessreviews', 'list events'])
      assert.ok(grants.includes(grant), grant);
    assert.deepEqual(find('ClusterRoleBinding', 'sluice-dashboard').subjects, [
      { kind: 'ServiceAccount', name: 'sluice-controller', namespace: 'sluice-system' },
    ]);
    assert.ok(!objects.some((o) => o.kind === 'CustomResourceDefinition'), 'the CRDs are installed apart');
  });
});
