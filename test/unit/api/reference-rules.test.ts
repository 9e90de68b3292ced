// References between objects given together: Istio routes and subsets, Services, AnalysisTemplates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { formatIssue } from '../../../src/api/manifests/issue.ts';
import { routedRollout } from './support/routed-rollout.ts';

/** A canary Rollout: canary on line 18, services on 19-20, `trafficRouting:` on 21, its body from 22. */
const rollout = routedRollout;

function virtualService(spec: string): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs
spec:
${spec.replace(/^/gm, '  ')}
`;
}

const destination = (host: string, weight: number, subset?: string) =>
  `- destination:\n    host: ${host}${subset ? `\n    subset: ${subset}` : ''}\n  weight: ${weight}`;

const routeWith = (...destinations: string[]) => `route:\n${destinations.join('\n').replace(/^/gm, '  ')}`;

function lint(...files: Array<[string, string]>): string[] {
  return loadManifests(files.map(([file, text]) => ({ file, text }))).issues.map(formatIssue);
}

test('host-level split: a route with the stable and canary Services is accepted', () => {
  const vs = virtualService(
    `http:\n  - name: primary\n${routeWith(destination('web-stable', 100), destination('web-canary.default.svc.cluster.local', 0)).replace(/^/gm, '    ')}`,
  );
  assert.deepEqual(lint(['r.yaml', rollout('istio:\n  virtualService:\n    name: vs\n    routes: [primary]')]), []);
  assert.deepEqual(
    lint(['r.yaml', rollout('istio:\n  virtualService:\n    name: vs\n    routes: [primary]')], ['vs.yaml', vs]),
    [],
  );
});

test('a weighted route with a single destination is a clear error', () => {
  const vs = virtualService(
    `http:\n  - name: primary\n${routeWith(destination('web-stable', 100)).replace(/^/gm, '    ')}`,
  );
  assert.deepEqual(
    lint(['r.yaml', rollout('istio:\n  virtualService:\n    name: vs\n    routes: [primary]')], ['vs.yaml', vs]),
    [
      'r.yaml:25: spec.strategy.canary.trafficRouting.istio.virtualService.routes[0]: HTTP route "primary" of VirtualService "vs" (vs.yaml:7) has a single destination (host "web-stable"); a weighted route needs two destinations, the stable host "web-stable" and the canary host "web-canary": add the missing one with weight 0',
    ],
  );
});

test('a named route must exist in the VirtualService', () => {
  const vs = virtualService(
    `http:\n  - name: primary\n${routeWith(destination('web-stable', 100), destination('web-canary', 0)).replace(/^/gm, '    ')}`,
  );
  assert.deepEqual(
    lint(['r.yaml', rollout('istio:\n  virtualService:\n    name: vs\n    routes: [main]')], ['vs.yaml', vs]),
    [
      'r.yaml:25: spec.strategy.canary.trafficRouting.istio.virtualService.routes[0]: VirtualService "vs" (vs.yaml:4) has no HTTP route named "main" (its routes: primary)',
    ],
  );
});

test('subset-level split: destinations are the DestinationRule subsets, which must exist', () => {
  const routing =
    'istio:\n  virtualService:\n    name: vs\n  destinationRule:\n    name: dr\n    stableSubsetName: stable\n    canarySubsetName: canary';
  const vs = virtualService(
    `http:\n  - ${routeWith(destination('web', 100, 'stable'), destination('web', 0, 'preview'))
      .replace(/^/gm, '    ')
      .trimStart()}`,
  );
  const dr =
    'apiVersion: networking.istio.io/v1beta1\nkind: DestinationRule\nmetadata:\n  name: dr\nspec:\n  host: web\n  subsets:\n    - name: stable\n    - name: preview\n';
  assert.deepEqual(lint(['r.yaml', rollout(routing, '')], ['vs.yaml', vs], ['dr.yaml', dr]), [
    'r.yaml:23: spec.strategy.canary.trafficRouting.istio.virtualService.name: HTTP route #0 of VirtualService "vs" (vs.yaml:7) must have exactly two destinations, the stable subset "stable" and the canary subset "canary": missing "canary"; unexpected "preview"',
    'r.yaml:27: spec.strategy.canary.trafficRouting.istio.destinationRule.canarySubsetName: DestinationRule "dr" (dr.yaml:4) has no subset "canary" (its subsets: stable, preview): add it under spec.subsets',
  ]);
});

test('tlsRoutes and tcpRoutes are matched by port (and SNI hosts)', () => {
  const routes = (kind: string, match: string) =>
    `${kind}:\n  - match:\n      - ${match}\n${routeWith(destination('web-stable', 100), destination('web-canary', 0)).replace(/^/gm, '    ')}`;
  const vs = virtualService(
    `${routes('tls', 'port: 443\n        sniHosts: [web.example.com]')}\n${routes('tcp', 'port: 5432')}`,
  );
  const ok =
    'istio:\n  virtualService:\n    name: vs\n    tlsRoutes:\n      - port: 443\n        sniHosts: [web.example.com]\n    tcpRoutes:\n      - port: 5432';
  assert.deepEqual(lint(['r.yaml', rollout(ok)], ['vs.yaml', vs]), []);
  const wrongPort = 'istio:\n  virtualService:\n    name: vs\n    tcpRoutes:\n      - port: 3306';
  assert.deepEqual(lint(['r.yaml', rollout(wrongPort)], ['vs.yaml', vs]), [
    'r.yaml:26: spec.strategy.canary.trafficRouting.istio.virtualService.tcpRoutes[0]: VirtualService "vs" has no TCP route matching port 3306',
  ]);
});

test('several virtualServices are each checked; a missing one is reported when others are given', () => {
  const vs = virtualService(
    `http:\n  - name: primary\n${routeWith(destination('web-stable', 100), destination('web-canary', 0)).replace(/^/gm, '    ')}`,
  );
  const routing =
    'istio:\n  virtualServices:\n    - name: vs\n      routes: [primary]\n    - name: vs-internal\n      routes: [primary]';
  assert.deepEqual(lint(['r.yaml', rollout(routing)], ['vs.yaml', vs]), [
    'r.yaml:26: spec.strategy.canary.trafficRouting.istio.virtualServices[1].name: no VirtualService named "vs-internal" among the given manifests: add it or fix the name',
  ]);
});

test('a Service must select the rollout pods', () => {
  const service = (name: string, app: string) =>
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${app}\n`;
  const routing = 'istio:\n  virtualService:\n    name: vs';
  assert.deepEqual(
    lint(
      ['r.yaml', rollout(routing)],
      ['s.yaml', `${service('web-stable', 'web')}---\n${service('web-canary', 'api')}`],
    ),
    [
      'r.yaml:19: spec.strategy.canary.canaryService: Service "web-canary" selects app=api, a label the Rollout\'s pods do not have: fix the Service selector or spec.template.metadata.labels',
    ],
  );
});

test('an AnalysisTemplate gets the arguments it needs, and step analysis must end', () => {
  const text = rollout('istio:\n  virtualService:\n    name: vs').replace(
    '        - setWeight: 20\n',
    '        - analysis:\n            templates:\n              - templateName: rate\n',
  );
  const template =
    'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: rate\nspec:\n  args:\n    - name: service\n  metrics:\n    - name: m\n      interval: 1m\n      provider:\n        prometheus: {query: up}\n';
  assert.deepEqual(lint(['r.yaml', text], ['t.yaml', template]), [
    'r.yaml:28: spec.strategy.canary.steps[0].analysis.templates[0].templateName: AnalysisTemplate "rate" needs argument "service", which spec.strategy.canary.steps[0].analysis.args does not give: add - name: service with a value',
    'r.yaml:28: spec.strategy.canary.steps[0].analysis.templates[0].templateName: metric "m" of AnalysisTemplate "rate" has an interval but no count, so it never ends; here it must end: add a count, or use it as background analysis',
  ]);
});

test('a TLS-only VirtualService ignores the named HTTP routes, as Argo does', () => {
  const vs = virtualService(
    `tls:\n  - match:\n      - port: 3000\n        sniHosts: [web]\n${routeWith(destination('web-stable', 100), destination('web-canary', 0)).replace(/^/gm, '    ')}`,
  );
  const routing =
    'istio:\n  virtualService:\n    name: vs\n    routes: [primary]\n    tlsRoutes:\n      - port: 3000\n        sniHosts: [web]';
  assert.deepEqual(lint(['r.yaml', rollout(routing)], ['vs.yaml', vs]), []);
  // With an http section, the named route must be there.
  const withHttp = virtualService(
    `http:\n  - name: other\n${routeWith(destination('web-stable', 100), destination('web-canary', 0)).replace(/^/gm, '    ')}`,
  );
  assert.match(
    lint(['r.yaml', rollout(routing)], ['vs.yaml', withHttp]).join('\n'),
    /has no HTTP route named "primary"/,
  );
});

test('istio with pingPong: the route destinations are the ping and pong Services; no stable or canary Service is needed', () => {
  const vs = virtualService(
    `http:\n  - name: primary\n${routeWith(destination('web-ping', 100), destination('web-pong', 0)).replace(/^/gm, '    ')}`,
  );
  const pingPong = 'pingPong:\n        pingService: web-ping\n        pongService: web-pong';
  const issues = lint(
    ['r.yaml', rollout('istio:\n  virtualService:\n    name: vs\n    routes: [primary]', pingPong)],
    ['vs.yaml', vs],
  );
  // Argo's own e2e manifest shape (istio-host-split-ping-pong): nothing to say, sluice carries it out.
  assert.deepEqual(issues, []);
  const wrong = virtualService(
    `http:\n  - name: primary\n${routeWith(destination('web-ping', 100), destination('web-canary', 0)).replace(/^/gm, '    ')}`,
  );
  assert.ok(
    lint(
      ['r.yaml', rollout('istio:\n  virtualService:\n    name: vs\n    routes: [primary]', pingPong)],
      ['vs.yaml', wrong],
    ).some((issue) =>
      issue.includes(
        'must have exactly two destinations, the ping host "web-ping" and the pong host "web-pong": missing "web-pong"; unexpected "web-canary"',
      ),
    ),
  );
});

test('without stableService and canaryService the messages say which field to add, never name an empty host', () => {
  const vs = virtualService(
    `http:\n  - name: primary\n${routeWith(destination('web-stable', 100), destination('web-canary', 0)).replace(/^/gm, '    ')}`,
  );
  const issues = lint(
    ['r.yaml', rollout('istio:\n  virtualService:\n    name: vs\n    routes: [primary]', 'maxSurge: 1')],
    ['vs.yaml', vs],
  );
  assert.deepEqual(issues, [
    'r.yaml:18: spec.strategy.canary.canaryService: traffic routing needs both stableService and canaryService: add canaryService',
    'r.yaml:18: spec.strategy.canary.stableService: traffic routing needs both stableService and canaryService: add stableService',
  ]);
  assert.ok(!issues.some((issue) => issue.includes('""')));
});

test('an empty subset name says that no subset is named, not that subset "" is missing', () => {
  const routing =
    'istio:\n  virtualService:\n    name: vs\n  destinationRule:\n    name: dr\n    stableSubsetName: ""\n    canarySubsetName: canary';
  const vs = virtualService(
    `http:\n  - ${routeWith(destination('web', 100, 'stable'), destination('web', 0, 'canary')).replace(/\n/g, '\n    ')}`,
  );
  const dr =
    'apiVersion: networking.istio.io/v1beta1\nkind: DestinationRule\nmetadata:\n  name: dr\nspec:\n  host: web\n  subsets:\n    - name: stable\n    - name: canary\n';
  const issues = lint(['r.yaml', rollout(routing, 'maxSurge: 1')], ['vs.yaml', vs], ['dr.yaml', dr]);
  assert.ok(!issues.some((issue) => issue.includes('""')), issues.join('\n'));
  assert.ok(
    issues.includes(
      'r.yaml:26: spec.strategy.canary.trafficRouting.istio.destinationRule.stableSubsetName: no subset is named here: name one of the subsets of DestinationRule "dr" (stable, canary)',
    ),
    issues.join('\n'),
  );
});
