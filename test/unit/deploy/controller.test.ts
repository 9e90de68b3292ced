// The controller Deployment, its metrics Service and the namespaced overlay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { findObject, repoRoot, type Json } from './support/deploy-files.ts';

const deployment = findObject('deploy/controller/deployment.yaml', 'Deployment', 'sluice-controller');
const service = findObject('deploy/controller/metrics-service.yaml', 'Service', 'sluice-controller-metrics');
const pod = deployment.spec.template.spec as Json;
const container = pod.containers[0] as Json;
const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Json;

test('the Deployment and the Service are valid Kubernetes objects for the model', () => {
  const sources = ['deploy/controller/deployment.yaml', 'deploy/controller/metrics-service.yaml'].map((file) => ({
    file,
    text: readFileSync(path.join(repoRoot, file), 'utf8'),
  }));
  const result = loadManifests(sources);
  assert.deepEqual(result.issues, []);
  assert.equal(result.objects.length, 2);
});

test('two replicas run the controller with leader election, metrics and health ports', () => {
  assert.equal(deployment.spec.replicas, 2);
  assert.equal(pod.serviceAccountName, 'sluice-controller');
  assert.equal(pod.containers.length, 1);
  assert.equal(container.image, `sluice:${packageJson.version}`);
  assert.deepEqual(container.args, ['controller', '--leader-elect', '--metrics-port', '8090', '--health-port', '8080']);
  assert.deepEqual(
    container.ports.map((port: Json) => [port.name, port.containerPort]),
    [
      ['metrics', 8090],
      ['health', 8080],
    ],
  );
});

test('readiness and liveness probes ask the health port', () => {
  assert.deepEqual(container.readinessProbe.httpGet, { path: '/readyz', port: 'health' });
  assert.deepEqual(container.livenessProbe.httpGet, { path: '/healthz', port: 'health' });
});

test('the controller runs as non-root on a read-only root filesystem with no capabilities', () => {
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.ok(pod.securityContext.runAsUser > 0);
  assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
  assert.deepEqual(container.securityContext, {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  });
  assert.ok(
    container.resources.requests.cpu && container.resources.requests.memory && container.resources.limits.memory,
  );
});

test('the metrics Service selects the controller pods and targets the metrics port', () => {
  const labels = deployment.spec.template.metadata.labels as Json;
  for (const [key, value] of Object.entries(deployment.spec.selector.matchLabels)) assert.equal(labels[key], value);
  for (const [key, value] of Object.entries(service.spec.selector)) assert.equal(labels[key], value, `selector ${key}`);
  assert.deepEqual(service.spec.ports, [{ name: 'metrics', port: 8090, targetPort: 'metrics', protocol: 'TCP' }]);
});

test('the namespaced overlay passes the pod namespace to --namespace', () => {
  const kustomization = parse(
    readFileSync(path.join(repoRoot, 'deploy/namespaced/kustomization.yaml'), 'utf8'),
  ) as Json;
  assert.deepEqual(kustomization.resources, ['serviceaccount.yaml', 'role.yaml', '../controller']);
  const [patch] = kustomization.patches as Json[];
  assert.deepEqual(patch?.target, { kind: 'Deployment', name: 'sluice-controller' });
  const args = [...container.args];
  for (const operation of parse(patch?.patch) as Json[]) {
    assert.equal(operation.op, 'add');
    assert.equal(operation.path, '/spec/template/spec/containers/0/args/-');
    args.push(operation.value);
  }
  assert.deepEqual(args.slice(-2), ['--namespace', '$(POD_NAMESPACE)']);
  const env = container.env.find((entry: Json) => entry.name === 'POD_NAMESPACE');
  assert.deepEqual(env?.valueFrom, { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } });
});
