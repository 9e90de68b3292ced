// Lint of the routes a Rollout names under trafficRouting.plugins["argoproj-labs/gatewayAPI"]:
// a named route missing among the given manifests, a route without the stable and canary backends,
// a config the plugin would not read, each at its position.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { formatIssue } from '../../../src/api/manifests/issue.ts';
import { routedRollout } from './support/routed-rollout.ts';

/** A canary Rollout whose plugin is named on line 23, its config from line 24. */
const rollout = (config: string): string =>
  routedRollout(`plugins:\n  argoproj-labs/gatewayAPI:\n${config.replace(/^/gm, '    ')}`);

function httpRoute(name: string, backends: string[]): string {
  const refs = backends.map((backend) => `        - name: ${backend}\n          port: 80`).join('\n');
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${name}
spec:
  parentRefs:
    - name: gateway
  rules:
    - backendRefs:
${refs}
`;
}

function lint(...files: Array<[string, string]>): string[] {
  const { issues } = loadManifests(files.map(([file, text]) => ({ file, text })));
  return issues.filter((issue) => issue.severity !== 'warning').map(formatIssue);
}

test('a Rollout whose HTTPRoute has the stable and canary backends lints clean, with no warning', () => {
  const { issues } = loadManifests([
    { file: 'r.yaml', text: rollout('httpRoute: web') },
    { file: 'route.yaml', text: httpRoute('web', ['web-stable', 'web-canary']) },
  ]);
  assert.deepEqual(issues.map(formatIssue), []);
});

test('a route without the canary backend is an error at the reference, pointing at the route', () => {
  assert.deepEqual(lint(['r.yaml', rollout('httpRoute: web')], ['route.yaml', httpRoute('web', ['web-stable'])]), [
    'r.yaml:24: spec.strategy.canary.trafficRouting.plugins[argoproj-labs/gatewayAPI].httpRoute: HTTPRoute "web" (route.yaml:8) has no rule that sends traffic to both the stable Service "web-stable" and the canary Service "web-canary": add both as backendRefs of the rule to shift (the canary with weight 0)',
  ]);
});

test('a named route missing among the given routes is an error at its name; alone, a Rollout is not asked for it', () => {
  const config = 'httpRoutes:\n  - name: web\n  - name: web-internal\n    useHeaderRoutes: true';
  assert.deepEqual(lint(['r.yaml', rollout(config)], ['route.yaml', httpRoute('web', ['web-stable', 'web-canary'])]), [
    'r.yaml:26: spec.strategy.canary.trafficRouting.plugins[argoproj-labs/gatewayAPI].httpRoutes[1].name: no HTTPRoute named "web-internal" in namespace default among the given manifests: add it or fix the name',
  ]);
  assert.deepEqual(lint(['r.yaml', rollout(config)]), []);
});

test('a config that names no route is an error', () => {
  assert.deepEqual(lint(['r.yaml', rollout('namespace: edge')]), [
    'r.yaml:23: spec.strategy.canary.trafficRouting.plugins[argoproj-labs/gatewayAPI]: names no route: set httpRoute, grpcRoute or tcpRoute (or httpRoutes, grpcRoutes, tcpRoutes)',
  ]);
});
