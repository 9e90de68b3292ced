import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planAlbTraffic } from '../../../../src/traffic/routers/alb/plan.ts';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import type { DesiredTraffic } from '../../../../src/traffic/desired.ts';
import type { Ingress } from '../../../../src/traffic/routers/ingress/ingress.ts';
import { albIngress, albRollout, desired } from './fixtures.ts';

const byName = (...ingresses: Ingress[]) => new Map(ingresses.map((i) => [i.metadata.name ?? '', i]));
const MANAGED = 'rollouts.argoproj.io/managed-alb-annotations';

const weightCases: Array<{
  name: string;
  alb?: Record<string, unknown>;
  extra?: Record<string, unknown>;
  canary?: Record<string, unknown>;
  ingress?: Ingress;
  weight: number;
  services?: { stable: string; canary: string };
  additional?: DesiredTraffic['additional'];
  key: string;
  action: string;
  managed: string;
}> = [
  {
    name: 'the forward action of the stable Service: canary first, stable gets the rest',
    weight: 10,
    key: 'alb.ingress.kubernetes.io/actions.web-stable',
    action:
      '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-canary","ServicePort":"80","Weight":10},{"ServiceName":"web-stable","ServicePort":"80","Weight":90}]}}',
    managed: '{"web":["alb.ingress.kubernetes.io/actions.web-stable"]}',
  },
  {
    name: 'stickiness and a custom prefix',
    alb: { annotationPrefix: 'custom.alb.io', stickinessConfig: { enabled: true, durationSeconds: 300 } },
    weight: 0,
    key: 'custom.alb.io/actions.web-stable',
    action:
      '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-canary","ServicePort":"80","Weight":0},{"ServiceName":"web-stable","ServicePort":"80","Weight":100}],"TargetGroupStickinessConfig":{"Enabled":true,"DurationSeconds":300}}}',
    managed: '{"web":["custom.alb.io/actions.web-stable"]}',
  },
  {
    name: 'stickiness disabled writes none',
    alb: { stickinessConfig: { enabled: false, durationSeconds: 0 } },
    weight: 100,
    key: 'alb.ingress.kubernetes.io/actions.web-stable',
    action:
      '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-canary","ServicePort":"80","Weight":100},{"ServiceName":"web-stable","ServicePort":"80","Weight":0}]}}',
    managed: '{"web":["alb.ingress.kubernetes.io/actions.web-stable"]}',
  },
  {
    name: 'ping-pong: the root Service names the action, ping and pong in their roles',
    alb: { rootService: 'web-root' },
    canary: {
      stableService: undefined,
      canaryService: undefined,
      pingPong: { pingService: 'web-ping', pongService: 'web-pong' },
    },
    ingress: albIngress('web-ingress', 'web-root'),
    weight: 30,
    services: { stable: 'web-pong', canary: 'web-ping' },
    key: 'alb.ingress.kubernetes.io/actions.web-root',
    action:
      '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-ping","ServicePort":"80","Weight":30},{"ServiceName":"web-pong","ServicePort":"80","Weight":70}]}}',
    managed: '{"web":["alb.ingress.kubernetes.io/actions.web-root"]}',
  },
  {
    name: 'maxTrafficWeight: the stable target group gets the rest of the total',
    extra: { maxTrafficWeight: 1000 },
    weight: 250,
    key: 'alb.ingress.kubernetes.io/actions.web-stable',
    action:
      '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-canary","ServicePort":"80","Weight":250},{"ServiceName":"web-stable","ServicePort":"80","Weight":750}]}}',
    managed: '{"web":["alb.ingress.kubernetes.io/actions.web-stable"]}',
  },
  {
    name: "experiment Services: a target group each between canary and stable, taken from the stable's",
    weight: 20,
    additional: [
      { serviceName: 'ex-baseline', podTemplateHash: 'aaa', weight: 5 },
      { serviceName: 'ex-canary', podTemplateHash: 'bbb', weight: 10 },
    ],
    key: 'alb.ingress.kubernetes.io/actions.web-stable',
    action:
      '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-canary","ServicePort":"80","Weight":20},{"ServiceName":"ex-baseline","ServicePort":"80","Weight":5},{"ServiceName":"ex-canary","ServicePort":"80","Weight":10},{"ServiceName":"web-stable","ServicePort":"80","Weight":65}]}}',
    managed: '{"web":["alb.ingress.kubernetes.io/actions.web-stable"]}',
  },
  {
    name: 'experiment Services with maxTrafficWeight: the stable gets the rest of the total',
    extra: { maxTrafficWeight: 1000 },
    weight: 200,
    additional: [{ serviceName: 'ex-canary', podTemplateHash: 'bbb', weight: 100 }],
    key: 'alb.ingress.kubernetes.io/actions.web-stable',
    action:
      '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-canary","ServicePort":"80","Weight":200},{"ServiceName":"ex-canary","ServicePort":"80","Weight":100},{"ServiceName":"web-stable","ServicePort":"80","Weight":700}]}}',
    managed: '{"web":["alb.ingress.kubernetes.io/actions.web-stable"]}',
  },
  {
    name: 'other rollouts in the managed record are kept, names sorted',
    ingress: albIngress('web-ingress', 'web-stable', { [MANAGED]: '{"zeta":["x"],"alpha":["y"]}' }),
    weight: 5,
    key: 'alb.ingress.kubernetes.io/actions.web-stable',
    action:
      '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-canary","ServicePort":"80","Weight":5},{"ServiceName":"web-stable","ServicePort":"80","Weight":95}]}}',
    managed: '{"alpha":["y"],"web":["alb.ingress.kubernetes.io/actions.web-stable"],"zeta":["x"]}',
  },
];

for (const c of weightCases) {
  test(`weights: ${c.name}`, () => {
    const rollout = albRollout(c.alb, c.extra, c.canary);
    const wanted = { ...desired(c.weight, [], c.services), ...(c.additional ? { additional: c.additional } : {}) };
    const plan = planAlbTraffic(rollout, wanted, byName(c.ingress ?? albIngress()));
    assert.deepEqual(plan.problems, []);
    const annotations = plan.writes[0]?.after.metadata.annotations ?? {};
    assert.equal(annotations[c.key], c.action);
    assert.equal(annotations[MANAGED], c.managed);
    assert.equal(annotations['alb.ingress.kubernetes.io/scheme'], 'internet-facing', 'other annotations are kept');
    assert.deepEqual(plan.writes[0]?.after.spec, (c.ingress ?? albIngress()).spec, 'weights change no path');
  });
}

test("an experiment step's weighed Services: a target group each between canary and stable, which gets the rest (Argo's TestALBExperimentStep)", () => {
  const additional = [
    { serviceName: 'web-2-1-experiment-a', podTemplateHash: 'ccc', weight: 20 },
    { serviceName: 'web-2-1-experiment-b', podTemplateHash: 'ddd', weight: 5 },
  ];
  const plan = planAlbTraffic(albRollout(), { ...desired(10), additional }, byName(albIngress()));
  assert.deepEqual(plan.problems, []);
  assert.equal(
    plan.writes[0]?.after.metadata.annotations?.['alb.ingress.kubernetes.io/actions.web-stable'],
    '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-canary","ServicePort":"80","Weight":10},{"ServiceName":"web-2-1-experiment-a","ServicePort":"80","Weight":20},{"ServiceName":"web-2-1-experiment-b","ServicePort":"80","Weight":5},{"ServiceName":"web-stable","ServicePort":"80","Weight":65}]}}',
  );
  const done = planAlbTraffic(albRollout(), desired(10), byName(plan.writes[0]?.after as Ingress));
  assert.equal(
    done.writes[0]?.after.metadata.annotations?.['alb.ingress.kubernetes.io/actions.web-stable'],
    '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-canary","ServicePort":"80","Weight":10},{"ServiceName":"web-stable","ServicePort":"80","Weight":90}]}}',
    'the target groups go once the experiment is no longer weighed',
  );
});

test('a header route: action and conditions annotations, a use-annotation path first; removed again', () => {
  const rollout = albRollout({}, { managedRoutes: [{ name: 'hdr' }] });
  const header = { name: 'hdr', match: [{ headerName: 'X-Canary', headerValue: { exact: 'yes' } }] };
  const added = planAlbTraffic(rollout, desired(20, [header]), byName(albIngress()));
  assert.deepEqual(added.problems, []);
  const ingress = added.writes[0]?.after as Ingress;
  const annotations = ingress.metadata.annotations ?? {};
  assert.equal(
    annotations['alb.ingress.kubernetes.io/actions.hdr'],
    '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-canary","ServicePort":"80","Weight":100}]}}',
  );
  assert.equal(
    annotations['alb.ingress.kubernetes.io/conditions.hdr'],
    '[{"field":"http-header","httpHeaderConfig":{"httpHeaderName":"X-Canary","values":["yes"]}}]',
  );
  assert.equal(
    annotations[MANAGED],
    '{"web":["alb.ingress.kubernetes.io/actions.web-stable","alb.ingress.kubernetes.io/actions.hdr","alb.ingress.kubernetes.io/conditions.hdr"]}',
  );
  assert.deepEqual(
    ingress.spec?.rules?.[0]?.http?.paths?.map((p) => p.backend?.service?.name),
    ['hdr', 'web-stable', 'health'],
  );
  assert.deepEqual(ingress.spec?.rules?.[0]?.http?.paths?.[0], {
    path: '/*',
    pathType: 'ImplementationSpecific',
    backend: { service: { name: 'hdr', port: { name: 'use-annotation' } } },
  });
  const same = planAlbTraffic(rollout, desired(20, [header]), byName(ingress));
  assert.deepEqual(same.writes, [], 'applying it again changes nothing');
  const removed = planAlbTraffic(rollout, desired(20), byName(ingress));
  const after = removed.writes[0]?.after as Ingress;
  assert.equal(after.metadata.annotations?.['alb.ingress.kubernetes.io/actions.hdr'], undefined);
  assert.equal(after.metadata.annotations?.['alb.ingress.kubernetes.io/conditions.hdr'], undefined);
  assert.equal(after.metadata.annotations?.[MANAGED], '{"web":["alb.ingress.kubernetes.io/actions.web-stable"]}');
  assert.deepEqual(after.spec, albIngress().spec);
});

test('header routes are ordered as managedRoutes lists them, before every other path', () => {
  const rollout = albRollout({}, { managedRoutes: [{ name: 'first' }, { name: 'second' }] });
  const route = (name: string) => ({ name, match: [{ headerName: name, headerValue: { exact: '1' } }] });
  const plan = planAlbTraffic(rollout, desired(0, [route('second'), route('first')]), byName(albIngress()));
  assert.deepEqual(
    plan.writes[0]?.after.spec?.rules?.[0]?.http?.paths?.map((p) => p.backend?.service?.name),
    ['first', 'second', 'web-stable', 'health'],
  );
});

const problemCases: Array<{
  name: string;
  rollout: ReturnType<typeof albRollout>;
  ingresses: Ingress[];
  headers?: Parameters<typeof desired>[1];
  object: string;
  says: RegExp;
}> = [
  {
    name: 'the Ingress is missing',
    rollout: albRollout(),
    ingresses: [],
    object: 'Ingress demo/web-ingress',
    says: /not found/,
  },
  {
    name: 'the Ingress has no rule to the stable Service',
    rollout: albRollout(),
    ingresses: [albIngress('web-ingress', 'elsewhere')],
    object: 'Ingress demo/web-ingress',
    says: /no rule that sends to Service "web-stable"/,
  },
  {
    name: 'stickiness out of range',
    rollout: albRollout({ stickinessConfig: { enabled: true, durationSeconds: 0 } }),
    ingresses: [albIngress()],
    object: 'Rollout demo/web',
    says: /between 1 and 604800/,
  },
  {
    name: 'a header route by regex',
    rollout: albRollout({}, { managedRoutes: [{ name: 'hdr' }] }),
    ingresses: [albIngress()],
    headers: [{ name: 'hdr', match: [{ headerName: 'X', headerValue: { regex: 'a.*' } }] }],
    object: 'Ingress demo/web-ingress',
    says: /exact values only/,
  },
  {
    name: 'one of two Ingresses missing: neither is written',
    rollout: albRollout({ ingress: undefined, ingresses: ['a', 'b'] }),
    ingresses: [albIngress('a')],
    object: 'Ingress demo/b',
    says: /not found/,
  },
  {
    name: 'a managed record that is not JSON',
    rollout: albRollout(),
    ingresses: [albIngress('web-ingress', 'web-stable', { [MANAGED]: 'web:x' })],
    object: 'Ingress demo/web-ingress',
    says: /not valid JSON/,
  },
];

for (const c of problemCases) {
  test(`problem: ${c.name}`, () => {
    const plan = planAlbTraffic(c.rollout, desired(10, c.headers ?? []), byName(...c.ingresses));
    assert.deepEqual(plan.writes, []);
    assert.equal(plan.problems[0]?.object, c.object);
    assert.match(plan.problems[0]?.message ?? '', c.says);
  });
}

test('ping-pong with stableService and canaryService set too (mixed with Istio): ALB weighs ping and pong', () => {
  const rollout = albRollout(
    { rootService: 'web-root' },
    {},
    { pingPong: { pingService: 'web-ping', pongService: 'web-pong' } },
  );
  rollout.status = { canary: { stablePingPong: 'ping' } } as Rollout['status'];
  const plan = planAlbTraffic(rollout, desired(25), byName(albIngress('web-ingress', 'web-root')));
  assert.equal(
    plan.writes[0]?.after.metadata.annotations?.['alb.ingress.kubernetes.io/actions.web-root'],
    '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-pong","ServicePort":"80","Weight":25},{"ServiceName":"web-ping","ServicePort":"80","Weight":75}]}}',
  );
});

test('the ping-pong roles the engine gives (status as read) win over its Istio-style services', () => {
  const rollout = albRollout(
    { rootService: 'web-root' },
    {},
    { pingPong: { pingService: 'web-ping', pongService: 'web-pong' } },
  );
  const traffic = {
    ...desired(0, [], { stable: 'web-stable', canary: 'web-canary' }),
    pingPong: { stable: 'web-pong', canary: 'web-ping' },
  };
  const plan = planAlbTraffic(rollout, traffic, byName(albIngress('web-ingress', 'web-root')));
  assert.equal(
    plan.writes[0]?.after.metadata.annotations?.['alb.ingress.kubernetes.io/actions.web-root'],
    '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-ping","ServicePort":"80","Weight":0},{"ServiceName":"web-pong","ServicePort":"80","Weight":100}]}}',
  );
});
