// Lint of the objects the SMI, Traefik, Ambassador, APISIX, App Mesh and OpenShift Route routers
// name: a named object missing among the given manifests, one that does not send traffic to the
// stable Service, each at the Rollout field that names it and pointing at the object's line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { formatIssue } from '../../../src/api/manifests/issue.ts';
import { routedRollout } from './support/routed-rollout.ts';

/** A canary Rollout whose trafficRouting's content starts on line 22. */
const rollout = (routing: string): string => routedRollout(routing);

function lint(...files: Array<[string, string]>): string[] {
  const { issues } = loadManifests(files.map(([file, text]) => ({ file, text })));
  return issues.map(formatIssue);
}

const traefikService = (services: string[]) => `apiVersion: traefik.io/v1alpha1
kind: TraefikService
metadata:
  name: web-weighted
spec:
  weighted:
    services:
${services.map((name) => `      - name: ${name}\n        port: 80`).join('\n')}
`;

const mapping = (name: string, extra = '') => `apiVersion: getambassador.io/v2
kind: Mapping
metadata:
  name: ${name}
spec:
  prefix: /
  service: web-stable:80${extra}
`;

const apisixRoute = (rule: string, backends: string[]) => `apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata:
  name: web-route
spec:
  http:
    - name: ${rule}
      match:
        paths: ["/*"]
      backends:
${backends.map((name) => `        - serviceName: ${name}\n          servicePort: 80`).join('\n')}
`;

const openshiftRoute = (name: string, to: string) => `apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: ${name}
spec:
  to:
    kind: Service
    name: ${to}
    weight: 100
`;

const trafficSplit = (owned: boolean) => `apiVersion: split.smi-spec.io/v1alpha2
kind: TrafficSplit
metadata:
  name: web
${owned ? '  ownerReferences:\n    - {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web, uid: u, controller: true}\n' : ''}spec:
  service: web
  backends: []
`;

const virtualNode = (name: string) => `apiVersion: appmesh.k8s.aws/v1beta2
kind: VirtualNode
metadata:
  name: ${name}
spec:
  podSelector:
    matchLabels:
      app: web
`;

test("every router's objects as Argo's docs write them lint clean, with no warning", () => {
  const cases: Array<Array<[string, string]>> = [
    [
      ['r.yaml', rollout('traefik:\n  weightedTraefikServiceName: web-weighted')],
      ['t.yaml', traefikService(['web-stable', 'web-canary'])],
    ],
    [
      ['r.yaml', rollout('ambassador:\n  mappings: [web-mapping]')],
      ['m.yaml', mapping('web-mapping')],
    ],
    [
      ['r.yaml', rollout('apisix:\n  route:\n    name: web-route\n    rules: [web-rule]')],
      ['a.yaml', apisixRoute('web-rule', ['web-stable', 'web-canary'])],
    ],
    [
      ['r.yaml', rollout('plugins:\n  argoproj-labs/openshift:\n    routes: [main-route]')],
      ['o.yaml', openshiftRoute('main-route', 'web-stable')],
    ],
    [
      ['r.yaml', rollout('smi:\n  rootService: web')],
      ['s.yaml', trafficSplit(true)],
    ],
    [['r.yaml', rollout('smi: {}')]],
    [
      [
        'r.yaml',
        rollout(
          'appMesh:\n  virtualService:\n    name: web-vsvc\n  virtualNodeGroup:\n    canaryVirtualNodeRef: {name: web-canary}\n    stableVirtualNodeRef: {name: web-stable}',
        ),
      ],
      ['n.yaml', `${virtualNode('web-canary')}---\n${virtualNode('web-stable')}`],
    ],
  ];
  for (const files of cases) assert.deepEqual(lint(...files), [], files[0]?.[1]);
});

test('a named object missing among the given ones is an error at its name; alone, a Rollout is not asked for it', () => {
  const traefik = rollout('traefik:\n  weightedTraefikServiceName: web-weighted');
  assert.deepEqual(lint(['r.yaml', traefik]), []);
  const other = traefikService(['a']).replace('web-weighted', 'other');
  assert.deepEqual(lint(['r.yaml', traefik], ['t.yaml', other]), [
    'r.yaml:23: spec.strategy.canary.trafficRouting.traefik.weightedTraefikServiceName: no TraefikService named "web-weighted" in namespace default among the given manifests: add it or fix the name',
  ]);
  assert.deepEqual(
    lint(['r.yaml', rollout('ambassador:\n  mappings: [web-mapping, web-admin]')], ['m.yaml', mapping('web-mapping')]),
    [
      'r.yaml:23: spec.strategy.canary.trafficRouting.ambassador.mappings[1]: no Mapping named "web-admin" in namespace default among the given manifests: add it or fix the name',
    ],
  );
  assert.deepEqual(
    lint(
      ['r.yaml', rollout('plugins:\n  argoproj-labs/openshift:\n    routes: [main-route, edge/edge-route]')],
      ['o.yaml', openshiftRoute('main-route', 'web-stable')],
    ),
    [],
    'no Route in namespace edge is given, so the one there is not asked for',
  );
  assert.deepEqual(
    lint(
      [
        'r.yaml',
        rollout(
          'appMesh:\n  virtualService:\n    name: web-vsvc\n  virtualNodeGroup:\n    canaryVirtualNodeRef: {name: web-canary}\n    stableVirtualNodeRef: {name: web-stable}',
        ),
      ],
      ['n.yaml', virtualNode('web-stable')],
    ),
    [
      'r.yaml:26: spec.strategy.canary.trafficRouting.appMesh.virtualNodeGroup.canaryVirtualNodeRef.name: no VirtualNode named "web-canary" in namespace default among the given manifests: add it or fix the name',
    ],
  );
});

test('an object that does not send traffic to the stable (or canary) Service is an error pointing at its line', () => {
  assert.deepEqual(
    lint(
      ['r.yaml', rollout('traefik:\n  weightedTraefikServiceName: web-weighted')],
      ['t.yaml', traefikService(['web-stable'])],
    ),
    [
      'r.yaml:23: spec.strategy.canary.trafficRouting.traefik.weightedTraefikServiceName: TraefikService "web-weighted" (t.yaml:5) has no entry for "web-canary" in spec.weighted.services: list the stable Service "web-stable" and the canary Service "web-canary" there',
    ],
  );
  assert.deepEqual(
    lint(
      ['r.yaml', rollout('plugins:\n  argoproj-labs/openshift:\n    routes: [main-route]')],
      ['o.yaml', openshiftRoute('main-route', 'web')],
    ),
    [
      'r.yaml:24: spec.strategy.canary.trafficRouting.plugins[argoproj-labs/openshift].routes[0]: Route "main-route" (o.yaml:6) sends its default backend to "web", not the stable Service "web-stable": point spec.to at the stable Service (the canary is added as an alternate backend)',
    ],
  );
  assert.deepEqual(
    lint(
      ['r.yaml', rollout('apisix:\n  route:\n    name: web-route\n    rules: [web-rule, missing]')],
      ['a.yaml', apisixRoute('web-rule', ['web-stable'])],
    ),
    [
      'r.yaml:25: spec.strategy.canary.trafficRouting.apisix.route.rules[0]: rule "web-rule" of ApisixRoute "web-route" (a.yaml:10) has no backend for "web-canary": list the stable and canary Services as its backends',
      'r.yaml:25: spec.strategy.canary.trafficRouting.apisix.route.rules[1]: ApisixRoute "web-route" (a.yaml:6) has no HTTP rule named "missing" (its rules: web-rule)',
    ],
  );
  assert.deepEqual(
    lint(
      ['r.yaml', rollout('ambassador:\n  mappings: [web-mapping]')],
      ['m.yaml', mapping('web-mapping', '\n  weight: 20')],
    ),
    [
      'r.yaml:23: spec.strategy.canary.trafficRouting.ambassador.mappings[0]: Mapping "web-mapping" (m.yaml:8) defines a weight: the canary Mapping takes its share from it, so Argo and sluice refuse it; remove spec.weight',
    ],
  );
  assert.deepEqual(lint(['r.yaml', rollout('smi: {}')], ['s.yaml', trafficSplit(false)]), [
    'r.yaml:22: spec.strategy.canary.trafficRouting.smi: TrafficSplit "web" (s.yaml:4) is not owned by the Rollout, so the SMI router will not change it (as Argo): leave it out of the manifests (the Rollout creates its own) or name another in smi.trafficSplitName',
  ]);
});

test('setHeaderRoute with only the OpenShift plugin is an error saying OpenShift Routes have no header routes', () => {
  const text = rollout(
    'managedRoutes:\n  - name: header-route\nplugins:\n  argoproj-labs/openshift:\n    routes: [main-route]',
  ).replace(
    '        - setWeight: 20\n',
    '        - setWeight: 20\n        - setHeaderRoute:\n            name: header-route\n            match:\n              - headerName: x-canary\n                headerValue: {exact: "true"}\n',
  );
  assert.deepEqual(lint(['r.yaml', text]), [
    'r.yaml:29: spec.strategy.canary.steps[1].setHeaderRoute: setHeaderRoute needs a traffic router that supports header routes: OpenShift Routes (argoproj-labs/openshift) have none; add istio, alb, apisix, nginx or another plugin, or remove the step',
  ]);
});

test('a routed Rollout without metadata gets the metadata issue, not an internal error of the reference rules', () => {
  // Found by the loader fuzz (FUZZ_SEED=483103004 FUZZ_CASE=627): the SMI rule read metadata.name.
  const text = rollout('smi:\n  rootService: web').replace('metadata:\n  name: web\n', '');
  const issues = lint(['r.yaml', text]);
  assert.deepEqual(
    issues.filter((line) => line.includes('internal error')),
    [],
  );
  assert.ok(
    issues.some((line) => line.includes('a Rollout needs metadata.name')),
    issues.join('\n'),
  );
});
