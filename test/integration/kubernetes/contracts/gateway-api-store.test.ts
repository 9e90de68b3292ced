// The TrafficRouter contract for the Gateway API router over the controller's RouteObjectStore
// (kubeRouteObjectStore) against the real API server of test/controlplane, with the upstream
// Gateway API CRDs: what the controller's router really writes through, schema defaults included.
// Outside CI the suite skips when the control plane is not built.
import path from 'node:path';
import { describe } from 'node:test';
import { NotFoundError } from '../../../../src/platform/kubernetes/client/errors.ts';
import type { KubeObject } from '../../../../src/platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { kubeRouteObjectStore, routeResource } from '../../../../src/runtime/kubernetes/rollouts/route-object-store.ts';
import { defaultCrdPaths, upstreamCrdsDir } from '../../../controlplane/paths.ts';
import { gatewaySubject } from '../../../unit/traffic/gateway-api/fixtures.ts';
import { runTrafficRouterContract } from '../../../unit/traffic/router-contract.ts';
import { controlPlaneSuite, namespaceManifest, skipWithoutControlPlane } from '../client/control-plane-harness.ts';

const resource = routeResource('gateway.networking.k8s.io/v1', 'HTTPRoute');

describe('the Gateway API router against the real API server', {
  skip: skipWithoutControlPlane,
  timeout: 600_000,
}, () => {
  const suite = controlPlaneSuite({ crdPaths: [...defaultCrdPaths(), path.join(upstreamCrdsDir(), 'gateway-api')] });
  let shop = false;

  runTrafficRouterContract({
    name: 'gatewayAPI over the controller store (a cluster: cannot verify)',
    create: async () => {
      const { client } = await suite.namespace('gateway-contract');
      // The fixture's route lives in namespace shop, as its Rollout names it; one subject at a time.
      if (!shop) await client.create(coreResources.namespaces, '', namespaceManifest('shop'));
      shop = true;
      await client.delete(resource, 'shop', 'web').catch((error: unknown) => {
        if (!(error instanceof NotFoundError)) throw error;
      });
      /** As a user's apply: replaces the route, whatever was written meanwhile. */
      const put = async (object: KubeObject | Record<string, unknown>) => {
        const route = structuredClone(object) as KubeObject;
        const { resourceVersion: _stale, ...metadata } = route.metadata;
        try {
          const current = await client.get(resource, 'shop', route.metadata.name ?? '');
          await client.update(resource, {
            ...route,
            metadata: { ...metadata, resourceVersion: current.metadata.resourceVersion },
          });
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          await client.create(resource, 'shop', { ...route, metadata });
        }
      };
      return gatewaySubject(kubeRouteObjectStore(client), put, false);
    },
  });
});
