// The Ingresses an NGINX or ALB Rollout names: they must exist and send to the Service the router weighs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { formatIssue } from '../../../src/api/manifests/issue.ts';
import { routedRollout } from './support/routed-rollout.ts';

/** A canary Rollout whose `trafficRouting:` body starts on line 22. */
const rollout = (trafficRouting: string): string => routedRollout(trafficRouting);

function ingress(name: string, service: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
spec:
  rules:
    - host: web.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${service}
                port:
                  number: 80
`;
}

/** Only what the Ingress reference rules say (the capability table speaks for itself elsewhere). */
function lint(...files: Array<[string, string]>): string[] {
  return loadManifests(files.map(([file, text]) => ({ file, text })))
    .issues.map(formatIssue)
    .filter((line) => line.includes('Ingress'));
}

test('NGINX: a stable Ingress that sends to the stable Service is accepted; a Rollout alone demands nothing', () => {
  assert.deepEqual(
    lint(['r.yaml', rollout('nginx:\n  stableIngress: web')], ['i.yaml', ingress('web', 'web-stable')]),
    [],
  );
  assert.deepEqual(lint(['r.yaml', rollout('nginx:\n  stableIngress: web')]), []);
});

test('NGINX: a named Ingress that does not exist, with its position', () => {
  assert.deepEqual(
    lint(['r.yaml', rollout('nginx:\n  stableIngresses: [web, webx]')], ['i.yaml', ingress('web', 'web-stable')]),
    [
      'r.yaml:23: spec.strategy.canary.trafficRouting.nginx.stableIngresses[1]: no Ingress named "webx" among the given manifests: add it or fix the name',
    ],
  );
});

test('NGINX: an Ingress without a rule for the stable Service', () => {
  assert.deepEqual(lint(['r.yaml', rollout('nginx:\n  stableIngress: web')], ['i.yaml', ingress('web', 'other')]), [
    'r.yaml:23: spec.strategy.canary.trafficRouting.nginx.stableIngress: Ingress "web" (i.yaml:6) has no rule whose backend is the stable Service "web-stable": the canary Ingress copies those rules, so Argo Rollouts has nothing to copy; add a path to it',
  ]);
});

test('ALB: the Ingress must send to the root Service when there is one, else the stable one', () => {
  assert.deepEqual(
    lint(['r.yaml', rollout('alb:\n  ingress: web\n  servicePort: 80')], ['i.yaml', ingress('web', 'web-stable')]),
    [],
  );
  assert.deepEqual(
    lint(
      ['r.yaml', rollout('alb:\n  ingress: web\n  servicePort: 80\n  rootService: web-root')],
      ['i.yaml', ingress('web', 'web-stable')],
    ),
    [
      'r.yaml:23: spec.strategy.canary.trafficRouting.alb.ingress: Ingress "web" (i.yaml:6) has no rule whose backend is the root Service "web-root": the weights are written in the action annotation named after it, which a rule must use; add a path with that backend and port name use-annotation',
    ],
  );
  assert.deepEqual(
    lint(['r.yaml', rollout('alb:\n  ingresses: [nope]\n  servicePort: 80')], ['i.yaml', ingress('web', 'web-stable')]),
    [
      'r.yaml:23: spec.strategy.canary.trafficRouting.alb.ingresses[0]: no Ingress named "nope" among the given manifests: add it or fix the name',
    ],
  );
});

test('NGINX: setHeaderRoute is accepted (as canary-by-header annotations) with one header per route', () => {
  const withSteps = (match: string) =>
    rollout('managedRoutes:\n  - name: hdr\nnginx:\n  stableIngress: web').replace(
      '      steps:\n        - setWeight: 20\n',
      `      steps:\n        - setWeight: 20\n        - setHeaderRoute:\n            name: hdr\n            match:\n${match}`,
    );
  const one = '              - headerName: X-Canary\n                headerValue:\n                  exact: "yes"\n';
  const all = (text: string) => loadManifests([{ file: 'r.yaml', text }]).issues.map(formatIssue);
  assert.deepEqual(all(withSteps(one)), []);
  assert.deepEqual(all(withSteps(one + one.replace('X-Canary', 'X-Other'))), [
    'r.yaml:30: spec.strategy.canary.steps[1].setHeaderRoute.match: the nginx router matches one header per route (a canary Ingress has one canary-by-header), found 2: keep one match',
  ]);
});
