import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planNginxTraffic } from '../../../../src/traffic/routers/nginx/plan.ts';
import { canaryIngressName } from '../../../../src/traffic/routers/nginx/references.ts';
import type { Ingress } from '../../../../src/traffic/routers/ingress/ingress.ts';
import { desired, nginxRollout, stableIngress } from './fixtures.ts';

const byName = (...ingresses: Ingress[]) => new Map(ingresses.map((i) => [i.metadata.name ?? '', i]));

test('the canary Ingress: rules to the stable Service copied to the canary Service, TLS, class, owner, annotations', () => {
  const plan = planNginxTraffic(nginxRollout(), desired(10), byName(stableIngress()));
  assert.deepEqual(plan.problems, []);
  assert.equal(plan.writes.length, 1);
  const write = plan.writes[0];
  assert.equal(write?.before, undefined, 'created');
  assert.deepEqual(write?.after, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'web-web-ingress-canary',
      namespace: 'demo',
      annotations: {
        'kubernetes.io/ingress.class': 'nginx',
        'nginx.ingress.kubernetes.io/canary': 'true',
        'nginx.ingress.kubernetes.io/canary-weight': '10',
      },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          name: 'web',
          uid: 'uid-web',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      tls: [{ hosts: ['web.example.com'], secretName: 'web-tls' }],
      rules: [
        {
          host: 'web.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'web-canary', port: { number: 80 } } } },
              { path: '/other', pathType: 'Prefix', backend: { service: { name: 'other', port: { number: 80 } } } },
            ],
          },
        },
      ],
    },
  });
});

const annotationCases: Array<{
  name: string;
  nginx: Record<string, unknown>;
  extra?: Record<string, unknown>;
  weight: number;
  headerRoutes?: Parameters<typeof desired>[1];
  want: Record<string, string>;
}> = [
  {
    name: 'additionalIngressAnnotations get the prefix; canaryIngressAnnotations are written as given',
    nginx: {
      additionalIngressAnnotations: {
        'canary-by-header': 'X-Canary',
        'nginx.ingress.kubernetes.io/load-balance': 'ewma',
      },
      canaryIngressAnnotations: { 'example.com/team': 'web' },
    },
    weight: 25,
    want: {
      'nginx.ingress.kubernetes.io/canary-by-header': 'X-Canary',
      'nginx.ingress.kubernetes.io/load-balance': 'ewma',
      'example.com/team': 'web',
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '25',
    },
  },
  {
    name: 'a custom annotationPrefix; maxTrafficWeight becomes canary-weight-total',
    nginx: { annotationPrefix: 'custom.nginx.io' },
    extra: { maxTrafficWeight: 1000 },
    weight: 250,
    want: {
      'custom.nginx.io/canary': 'true',
      'custom.nginx.io/canary-weight': '250',
      'custom.nginx.io/canary-weight-total': '1000',
    },
  },
  {
    name: 'an exact header route: canary-by-header and canary-by-header-value, over the additional ones',
    nginx: { additionalIngressAnnotations: { 'canary-by-header': 'X-Old', 'canary-by-header-pattern': 'x' } },
    weight: 0,
    headerRoutes: [{ name: 'hdr', match: [{ headerName: 'X-Canary', headerValue: { exact: 'yes' } }] }],
    want: {
      'nginx.ingress.kubernetes.io/canary-by-header': 'X-Canary',
      'nginx.ingress.kubernetes.io/canary-by-header-value': 'yes',
      'sluice.dev/header-route': 'hdr',
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '0',
    },
  },
  {
    name: 'a regex header route is anchored; a prefix one escaped',
    nginx: {},
    weight: 5,
    headerRoutes: [{ name: 'hdr', match: [{ headerName: 'User-Agent', headerValue: { regex: 'Fire.*' } }] }],
    want: {
      'nginx.ingress.kubernetes.io/canary-by-header': 'User-Agent',
      'nginx.ingress.kubernetes.io/canary-by-header-pattern': '^(?:Fire.*)$',
      'sluice.dev/header-route': 'hdr',
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '5',
    },
  },
  {
    name: 'a prefix header route',
    nginx: {},
    weight: 5,
    headerRoutes: [{ name: 'hdr', match: [{ headerName: 'X-V', headerValue: { prefix: 'v1.2' } }] }],
    want: {
      'nginx.ingress.kubernetes.io/canary-by-header': 'X-V',
      'nginx.ingress.kubernetes.io/canary-by-header-pattern': '^v1\\.2',
      'sluice.dev/header-route': 'hdr',
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '5',
    },
  },
];

for (const c of annotationCases) {
  test(`annotations: ${c.name}`, () => {
    const stable = stableIngress('web-ingress');
    delete stable.metadata.annotations;
    const plan = planNginxTraffic(nginxRollout(c.nginx, c.extra), desired(c.weight, c.headerRoutes), byName(stable));
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.writes[0]?.after?.metadata.annotations, c.want);
  });
}

test('an existing canary Ingress gets annotations, labels and spec replaced, the rest kept; nothing when equal', () => {
  const rollout = nginxRollout();
  const first = planNginxTraffic(rollout, desired(10), byName(stableIngress()));
  const canary = structuredClone(first.writes[0]?.after) as Ingress;
  canary.metadata.resourceVersion = '7';
  canary.metadata.labels = { stray: 'x' };
  const again = planNginxTraffic(rollout, desired(10), byName(stableIngress(), canary));
  assert.equal(again.writes.length, 1, 'a label Argo does not write is removed');
  assert.equal(again.writes[0]?.after?.metadata.labels, undefined);
  assert.equal(again.writes[0]?.after?.metadata.resourceVersion, '7');
  delete canary.metadata.labels;
  assert.deepEqual(planNginxTraffic(rollout, desired(10), byName(stableIngress(), canary)).writes, []);
  const moved = planNginxTraffic(rollout, desired(0), byName(stableIngress(), canary));
  assert.ok(moved.writes[0]?.before, 'updated');
  assert.equal(moved.writes[0]?.after?.metadata.annotations?.['nginx.ingress.kubernetes.io/canary-weight'], '0');
});

test('stableIngresses: one canary Ingress per stable Ingress; one missing stops them all', () => {
  const rollout = nginxRollout({ stableIngress: undefined, stableIngresses: ['a', 'b'] });
  const both = planNginxTraffic(rollout, desired(30), byName(stableIngress('a'), stableIngress('b')));
  assert.deepEqual(
    both.writes.map((w) => w.after?.metadata.name),
    ['web-a-canary', 'web-b-canary'],
  );
  const one = planNginxTraffic(rollout, desired(30), byName(stableIngress('a')));
  assert.deepEqual(one.writes, []);
  assert.deepEqual(
    one.problems.map((p) => p.object),
    ['Ingress demo/b'],
  );
});

const problemCases: Array<{
  name: string;
  build: () => ReturnType<typeof planNginxTraffic>;
  object: string;
  says: RegExp;
}> = [
  {
    name: 'no rule to the stable Service',
    build: () => {
      const stable = stableIngress();
      for (const rule of stable.spec?.rules ?? [])
        for (const p of rule.http?.paths ?? []) if (p.backend?.service) p.backend.service.name = 'x';
      return planNginxTraffic(nginxRollout(), desired(10), byName(stable));
    },
    object: 'Ingress demo/web-ingress',
    says: /no rule that sends to the stable Service "web-stable"/,
  },
  {
    name: 'a canary Ingress of that name controlled by something else',
    build: () => {
      const other = stableIngress('web-web-ingress-canary');
      return planNginxTraffic(nginxRollout(), desired(10), byName(stableIngress(), other));
    },
    object: 'Ingress demo/web-web-ingress-canary',
    says: /controlled by another object/,
  },
  {
    name: 'two header routes at once',
    build: () =>
      planNginxTraffic(
        nginxRollout(),
        desired(10, [
          { name: 'a', match: [{ headerName: 'x', headerValue: { exact: '1' } }] },
          { name: 'b', match: [{ headerName: 'y', headerValue: { exact: '1' } }] },
        ]),
        byName(stableIngress()),
      ),
    object: 'Rollout demo/web',
    says: /2 header routes at once/,
  },
  {
    name: 'a header route with two matches',
    build: () =>
      planNginxTraffic(
        nginxRollout(),
        desired(10, [
          {
            name: 'a',
            match: [
              { headerName: 'x', headerValue: { exact: '1' } },
              { headerName: 'y', headerValue: { exact: '1' } },
            ],
          },
        ]),
        byName(stableIngress()),
      ),
    object: 'Rollout demo/web',
    says: /matches exactly one header/,
  },
];

for (const c of problemCases) {
  test(`problem: ${c.name}`, () => {
    const plan = c.build();
    assert.deepEqual(plan.writes, []);
    assert.equal(plan.problems[0]?.object, c.object);
    assert.match(plan.problems[0]?.message ?? '', c.says);
  });
}

test('canary Ingress names are cut to 253 characters with the suffix kept', () => {
  const name = canaryIngressName('r'.repeat(200), 's'.repeat(100));
  assert.equal(name.length, 253);
  assert.ok(name.endsWith('-canary'));
  assert.equal(canaryIngressName('web', 'ing'), 'web-ing-canary');
});
