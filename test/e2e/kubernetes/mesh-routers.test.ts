// The SMI, Traefik, Ambassador, APISIX, App Mesh and OpenShift Route routers on a real API server
// with each provider's upstream CRDs (read from ../shared/upstream-crds): for each, a canary at
// setWeight 10 with the provider objects as Argo writes them, a re-applied object whose weights come
// back, a promote that leaves the objects at 100% stable on the new revision, then a second revision
// aborted at 10% and everything restored. APISIX also adds its header route and removes it at the end.
// One control plane, the routers side by side in their own namespaces.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from '../../../src/platform/kubernetes/client/objects.ts';
import { defaultCrdPaths, upstreamCrdsDir } from '../../controlplane/paths.ts';
import { abort, promote, setImage } from './support/control.ts';
import { skipWithoutControlPlane, startE2eCluster, type E2eCluster } from './support/e2e-cluster.ts';
import { rollout, service } from './support/manifests.ts';
import { healthy, pausedAtStep, pollUntil, waitForRollout } from './support/wait.ts';

// biome-ignore lint/suspicious/noExplicitAny: objects read back from kubectl, walked by the checks as JSON
type Json = Record<string, any>;

/**
 * Emissary's Mapping CRD as a test API server without Emissary can take it: Emissary serves the
 * conversion webhook it declares (here the versions convert as-is), and its v1 and v2 schemas are not
 * structural (Emissary installs them through its own tooling): those keep unknown fields instead.
 */
function ambassadorCrdsWithoutWebhook(dir: string): string {
  const documents = parseAllDocuments(readFileSync(path.join(upstreamCrdsDir(), 'ambassador', 'crds.yaml'), 'utf8'))
    .map((document) => document.toJS() as Json | null)
    .filter((document): document is Json => document?.['kind'] === 'CustomResourceDefinition')
    .filter((crd) => crd['spec']['names']['kind'] === 'Mapping');
  for (const crd of documents) {
    crd['spec']['conversion'] = { strategy: 'None' };
    for (const version of crd['spec']['versions'])
      if (version.name !== 'v3alpha1')
        version.schema = { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } };
  }
  const file = path.join(dir, 'ambassador-crds.yaml');
  writeFileSync(file, documents.map((document) => stringify(document)).join('---\n'));
  return file;
}

/** All on the stable revision; a canary running; a canary aborted (its ReplicaSet scaled down). */
type Stage = 'stable' | 'canary' | 'aborted';

interface RouterCase {
  name: string;
  trafficRouting: Json;
  /** Extra canary steps between setWeight 10 and the pause. */
  steps?: Json[];
  objects: KubeObject[];
  /** What the provider objects show now, in a form comparable to `expected`. */
  state(ns: string): Promise<unknown>;
  expected(canaryWeight: number, stage: Stage): unknown;
  /** Someone re-applies the provider object (or removes what the router made). */
  reapply(ns: string): Promise<void>;
  /**
   * The re-applied object is not watched for this router (App Mesh's VirtualRouter is named by its
   * VirtualService, not the Rollout): it is put back at the rollout's next reconcile, which the test
   * then causes. The other routers' objects are watched: no reconcile is caused for them.
   */
  reconcileAfterReapply?: boolean;
}

let cluster: E2eCluster;

async function getJson(ns: string, resource: string, name: string): Promise<Json | undefined> {
  const result = await cluster.cp.kubectl(['get', resource, name, '-n', ns, '-o', 'json']);
  if (result.code !== 0) {
    if (/NotFound|not found/.test(result.stderr)) return undefined;
    throw new Error(`kubectl get ${resource} ${name}: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as Json;
}

async function applyIn(ns: string, objects: KubeObject[]): Promise<void> {
  await cluster.kubectl(['apply', '-n', ns, '-f', '-'], objects.map((object) => stringify(object)).join('---\n'));
}

const canaryBackend = (weight: number) => ({ serviceName: 'web-canary', servicePort: 80, weight });
const stableBackend = (weight: number) => ({ serviceName: 'web-stable', servicePort: 80, weight });

const traefikService: KubeObject = {
  apiVersion: 'traefik.io/v1alpha1',
  kind: 'TraefikService',
  metadata: { name: 'web-weighted' },
  spec: {
    weighted: {
      services: [
        { name: 'web-stable', port: 80, weight: 100 },
        { name: 'web-canary', port: 80, weight: 0 },
      ],
    },
  },
};

const mapping: KubeObject = {
  apiVersion: 'getambassador.io/v2',
  kind: 'Mapping',
  metadata: { name: 'web-mapping', labels: { team: 'web' } },
  spec: { prefix: '/web/', service: 'web-stable:80', timeout_ms: 3000 },
};

const apisixRoute: KubeObject = {
  apiVersion: 'apisix.apache.org/v2',
  kind: 'ApisixRoute',
  metadata: { name: 'web-route' },
  spec: {
    http: [
      {
        name: 'web-rule',
        match: { hosts: ['web.example.com'], paths: ['/*'] },
        backends: [stableBackend(100), canaryBackend(0)],
      },
    ],
  },
};

const target = (name: string, weight: number) => ({ virtualNodeRef: { name }, weight });
const appMeshObjects: KubeObject[] = [
  {
    apiVersion: 'appmesh.k8s.aws/v1beta2',
    kind: 'VirtualService',
    metadata: { name: 'web-vsvc' },
    spec: {
      awsName: 'web.mesh.svc.cluster.local',
      provider: { virtualRouter: { virtualRouterRef: { name: 'web-vrouter' } } },
    },
  },
  {
    apiVersion: 'appmesh.k8s.aws/v1beta2',
    kind: 'VirtualRouter',
    metadata: { name: 'web-vrouter' },
    spec: {
      listeners: [{ portMapping: { port: 80, protocol: 'http' } }],
      routes: [
        {
          name: 'primary',
          httpRoute: {
            match: { prefix: '/' },
            action: { weightedTargets: [target('web-stable', 100), target('web-canary', 0)] },
          },
        },
      ],
    },
  },
  ...['web-stable', 'web-canary'].map((name) => ({
    apiVersion: 'appmesh.k8s.aws/v1beta2',
    kind: 'VirtualNode',
    metadata: { name },
    spec: {
      podSelector: { matchLabels: { app: 'web' } },
      listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
      serviceDiscovery: { dns: { hostname: `${name}.mesh.svc.cluster.local` } },
    },
  })),
];

const openshiftRoute: KubeObject = {
  apiVersion: 'route.openshift.io/v1',
  kind: 'Route',
  metadata: { name: 'main-route' },
  spec: {
    host: 'web.example.com',
    to: { kind: 'Service', name: 'web-stable', weight: 100 },
    port: { targetPort: 'http' },
  },
};

const HEADER = { name: 'header-route', match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }] };

const CASES: RouterCase[] = [
  {
    name: 'smi',
    trafficRouting: { smi: { rootService: 'web', trafficSplitName: 'web-split' } },
    objects: [],
    async state(ns) {
      const split = await getJson(ns, 'trafficsplits.split.smi-spec.io', 'web-split');
      const owner = split?.['metadata']['ownerReferences']?.[0];
      return split && { spec: split['spec'], owner: `${owner?.kind}/${owner?.name}/${owner?.controller}` };
    },
    expected: (weight) => ({
      spec: {
        service: 'web',
        backends: [
          { service: 'web-canary', weight },
          { service: 'web-stable', weight: 100 - weight },
        ],
      },
      owner: 'Rollout/web/true',
    }),
    async reapply(ns) {
      const backends = [
        { service: 'web-canary', weight: 0 },
        { service: 'web-stable', weight: 100 },
      ];
      await cluster.kubectl([
        'patch',
        'trafficsplits.split.smi-spec.io',
        'web-split',
        '-n',
        ns,
        '--type=merge',
        '-p',
        JSON.stringify({ spec: { backends } }),
      ]);
    },
  },
  {
    name: 'traefik',
    trafficRouting: { traefik: { weightedTraefikServiceName: 'web-weighted' } },
    objects: [traefikService],
    state: async (ns) => (await getJson(ns, 'traefikservices.traefik.io', 'web-weighted'))?.['spec'],
    expected: (weight) => ({
      weighted: {
        services: [
          { name: 'web-stable', port: 80, weight: 100 - weight },
          { name: 'web-canary', port: 80, weight },
        ],
      },
    }),
    reapply: (ns) => applyIn(ns, [traefikService]),
  },
  {
    name: 'ambassador',
    trafficRouting: { ambassador: { mappings: ['web-mapping'] } },
    objects: [mapping],
    async state(ns) {
      const base = await getJson(ns, 'mappings.getambassador.io', 'web-mapping');
      const canary = await getJson(ns, 'mappings.getambassador.io', 'web-mapping-canary');
      return {
        base: base?.['spec'],
        canary: canary ? { spec: canary['spec'], labels: canary['metadata']['labels'] ?? null } : null,
      };
    },
    expected: (weight) => ({
      base: mapping['spec'],
      canary:
        weight === 0
          ? null
          : { spec: { prefix: '/web/', service: 'web-canary:80', timeout_ms: 3000, weight }, labels: null },
    }),
    reapply: async (ns) => {
      await cluster.kubectl([
        'delete',
        'mappings.getambassador.io',
        'web-mapping-canary',
        '-n',
        ns,
        '--ignore-not-found',
      ]);
    },
  },
  {
    name: 'apisix',
    trafficRouting: {
      apisix: { route: { name: 'web-route', rules: ['web-rule'] } },
      managedRoutes: [{ name: 'header-route' }],
    },
    steps: [{ setHeaderRoute: HEADER }],
    objects: [apisixRoute],
    async state(ns) {
      const route = await getJson(ns, 'apisixroutes.apisix.apache.org', 'web-route');
      const header = await getJson(ns, 'apisixroutes.apisix.apache.org', 'header-route');
      const rule = (object: Json | undefined) => object?.['spec']['http'][0];
      return {
        backends: rule(route)?.backends,
        header: header ? { rule: rule(header), owner: header['metadata']['ownerReferences']?.[0]?.kind } : null,
      };
    },
    expected: (weight, stage) => ({
      backends: [stableBackend(100 - weight), canaryBackend(weight)],
      header:
        stage === 'canary'
          ? {
              rule: {
                name: 'web-rule',
                priority: 1,
                match: {
                  hosts: ['web.example.com'],
                  paths: ['/*'],
                  exprs: [{ subject: { scope: 'Header', name: 'x-canary' }, op: 'Equal', value: 'true' }],
                },
                backends: [canaryBackend(100)],
              },
              owner: 'Rollout',
            }
          : null,
    }),
    reapply: (ns) => applyIn(ns, [apisixRoute]),
  },
  {
    name: 'appmesh',
    trafficRouting: {
      appMesh: {
        virtualService: { name: 'web-vsvc', routes: ['primary'] },
        virtualNodeGroup: {
          canaryVirtualNodeRef: { name: 'web-canary' },
          stableVirtualNodeRef: { name: 'web-stable' },
        },
      },
    },
    objects: appMeshObjects,
    async state(ns) {
      const router = await getJson(ns, 'virtualrouters.appmesh.k8s.aws', 'web-vrouter');
      const hash = async (name: string) =>
        (await getJson(ns, 'virtualnodes.appmesh.k8s.aws', name))?.['spec']['podSelector']['matchLabels'][
          'rollouts-pod-template-hash'
        ];
      const rollout = await getJson(ns, 'rollouts.argoproj.io', 'web');
      const { stableRS, currentPodHash } = rollout?.['status'] ?? {};
      return {
        targets: router?.['spec']['routes'][0]['httpRoute']['action']['weightedTargets'],
        stableNode: (await hash('web-stable')) === stableRS ? 'stableRS' : await hash('web-stable'),
        canaryNode:
          (await hash('web-canary')) === currentPodHash && currentPodHash !== stableRS
            ? 'currentPodHash'
            : await hash('web-canary'),
      };
    },
    expected: (weight, stage) => ({
      targets: [target('web-stable', 100 - weight), target('web-canary', weight)],
      stableNode: 'stableRS',
      // Argo's placeholder while canary and stable are one ReplicaSet: the canary node selects no pod;
      // after an abort it keeps selecting the aborted ReplicaSet (scaled down), as Argo's UpdateHash.
      canaryNode: stage === 'stable' ? 'canary-hash' : 'currentPodHash',
    }),
    reapply: (ns) =>
      applyIn(
        ns,
        appMeshObjects.filter((object) => object.kind === 'VirtualRouter'),
      ),
    reconcileAfterReapply: true,
  },
  {
    name: 'openshift',
    trafficRouting: { plugins: { 'argoproj-labs/openshift': { routes: ['main-route'] } } },
    objects: [openshiftRoute],
    async state(ns) {
      const route = await getJson(ns, 'routes.route.openshift.io', 'main-route');
      return { to: route?.['spec']['to'], alternateBackends: route?.['spec']['alternateBackends'] ?? null };
    },
    expected: (weight) => ({
      to: { kind: 'Service', name: 'web-stable', weight: 100 - weight },
      alternateBackends: weight === 0 ? null : [{ kind: 'Service', name: 'web-canary', weight }],
    }),
    reapply: (ns) => applyIn(ns, [openshiftRoute]),
  },
];

async function stateIs(router: RouterCase, ns: string, weight: number, stage: Stage, what: string) {
  let last: unknown;
  const wanted = router.expected(weight, stage);
  try {
    await pollUntil(
      async () => {
        last = await router.state(ns);
        return isDeepStrictEqual(last, wanted);
      },
      { what, timeoutMs: 30_000 },
    );
  } catch (error) {
    assert.deepEqual(last, wanted, `${(error as Error).message}`);
  }
}

/** A change to the Rollout, standing for its next reconcile (Argo's resync). */
async function nudge(ns: string): Promise<void> {
  await cluster.kubectl([
    'annotate',
    'rollouts.argoproj.io',
    'web',
    '-n',
    ns,
    `sluice.test/nudge=${Date.now()}`,
    '--overwrite',
  ]);
}

describe('mesh routers on the control plane', { concurrency: true }, () => {
  let crdDir: string;
  before(async () => {
    if (skipWithoutControlPlane) return;
    crdDir = mkdtempSync(path.join(os.tmpdir(), 'sluice-mesh-crds-'));
    const shared = upstreamCrdsDir();
    cluster = await startE2eCluster('mesh', {
      crdPaths: [
        ...defaultCrdPaths(),
        path.join(shared, 'smi', 'split.yaml'),
        path.join(shared, 'traefik', 'kubernetes-crd-definition-v1.yml'),
        ambassadorCrdsWithoutWebhook(crdDir),
        path.join(shared, 'apisix', 'apisix.yaml'),
        path.join(shared, 'appmesh'),
        path.join(shared, 'openshift', 'routes.crd.yaml'),
      ],
    });
    await cluster.startController();
  });
  let failed = false;
  after(async () => {
    await cluster?.stop(failed);
  });

  for (const router of CASES) {
    test(`${router.name}: setWeight 10, a re-apply restored, promote to 100% stable, then abort restores`, {
      skip: skipWithoutControlPlane,
    }, async () => {
      const ns = `mesh-${router.name}`;
      try {
        await cluster.kubectl(['create', 'namespace', ns]);
        const steps = [{ setWeight: 10 }, ...(router.steps ?? []), { pause: {} }];
        const pauseIndex = steps.length - 1;
        await applyIn(ns, [
          service('web-stable', 'web'),
          service('web-canary', 'web'),
          ...router.objects,
          rollout({
            name: 'web',
            replicas: 2,
            strategy: {
              canary: {
                canaryService: 'web-canary',
                stableService: 'web-stable',
                trafficRouting: router.trafficRouting,
                steps,
              },
            },
          }),
        ]);
        await waitForRollout(cluster.client, ns, 'web', healthy, { what: `${ns}: the first revision to be Healthy` });
        await stateIs(router, ns, 0, 'stable', `${ns}: all traffic on the stable Service`);

        await setImage(cluster.client, ns, 'web', 'registry.local/app:2');
        await waitForRollout(cluster.client, ns, 'web', pausedAtStep(pauseIndex), {
          what: `${ns}: the pause after setWeight 10`,
        });
        await stateIs(router, ns, 10, 'canary', `${ns}: 10% on the canary`);

        await router.reapply(ns);
        if (router.reconcileAfterReapply) await nudge(ns);
        await stateIs(router, ns, 10, 'canary', `${ns}: the weights put back after the re-apply`);

        await promote(cluster.client, ns, 'web');
        const promoted = await waitForRollout(
          cluster.client,
          ns,
          'web',
          (r) =>
            healthy(r) &&
            r.status?.stableRS === r.status?.currentPodHash &&
            r.status?.currentStepIndex === steps.length,
          {
            what: `${ns}: the new revision to be stable`,
          },
        );
        assert.ok(promoted.status?.stableRS);
        await stateIs(router, ns, 0, 'stable', `${ns}: all traffic back on the stable Service, now the new revision`);

        await setImage(cluster.client, ns, 'web', 'registry.local/app:3');
        await waitForRollout(cluster.client, ns, 'web', pausedAtStep(pauseIndex), {
          what: `${ns}: the third revision paused at 10%`,
        });
        await stateIs(router, ns, 10, 'canary', `${ns}: 10% on the third revision`);
        await abort(cluster.client, ns, 'web');
        await waitForRollout(cluster.client, ns, 'web', (r) => r.status?.abort === true, { what: `${ns}: the abort` });
        await stateIs(router, ns, 0, 'aborted', `${ns}: everything restored after the abort`);
      } catch (error) {
        failed = true;
        throw error;
      }
    });
  }
});
