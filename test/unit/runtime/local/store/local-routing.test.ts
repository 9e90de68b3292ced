// The local runtime refuses a Rollout routed by a provider whose data plane it cannot imitate
// (SMI, Traefik, Ambassador, APISIX, App Mesh, OpenShift Route), at the field that names it, and
// stores nothing; an Istio Rollout is applied.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyManifests } from '../../../../../src/runtime/local/store/apply-manifests.ts';
import { ObjectStore } from '../../../../../src/runtime/local/store/object-store.ts';

function rollout(routing: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: app
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
      trafficRouting:
${routing.replace(/^/gm, '        ')}
      steps:
        - setWeight: 20
`;
}

const cases: Array<[string, string, string]> = [
  ['smi', 'smi: {}', 'r.yaml:20: spec.strategy.canary.trafficRouting.smi'],
  ['traefik', 'traefik:\n  weightedTraefikServiceName: w', 'r.yaml:20: spec.strategy.canary.trafficRouting.traefik'],
  ['ambassador', 'ambassador:\n  mappings: [m]', 'r.yaml:20: spec.strategy.canary.trafficRouting.ambassador'],
  ['apisix', 'apisix:\n  route: {name: r}', 'r.yaml:20: spec.strategy.canary.trafficRouting.apisix'],
  [
    'appMesh',
    'appMesh:\n  virtualService: {name: v}\n  virtualNodeGroup:\n    canaryVirtualNodeRef: {name: c}\n    stableVirtualNodeRef: {name: s}',
    'r.yaml:20: spec.strategy.canary.trafficRouting.appMesh',
  ],
  [
    'argoproj-labs/openshift',
    'plugins:\n  argoproj-labs/openshift:\n    routes: [main]',
    'r.yaml:21: spec.strategy.canary.trafficRouting.plugins[argoproj-labs/openshift]',
  ],
];

for (const [router, routing, where] of cases) {
  test(`sluice run / apply refuse a Rollout routed by ${router}, saying why and where`, () => {
    const store = new ObjectStore();
    const outcome = applyManifests(store, [{ file: 'r.yaml', text: rollout(routing) }]);
    assert.equal(outcome.ok, false);
    const issues = outcome.ok ? [] : outcome.issues;
    assert.equal(issues.length, 1);
    assert.ok(issues[0]?.startsWith(`${where}: the local runtime cannot route ${router}:`), issues[0]);
    assert.match(issues[0] ?? '', /run this Rollout on a cluster/);
    assert.equal(store.get('Rollout', 'default', 'web'), undefined, 'nothing is stored');
  });
}

test('an Istio Rollout is applied', () => {
  const outcome = applyManifests(new ObjectStore(), [
    { file: 'r.yaml', text: rollout('istio:\n  virtualService: {name: vs, routes: [primary]}') },
  ]);
  assert.equal(outcome.ok, true);
});
