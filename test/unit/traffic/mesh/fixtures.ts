// Rollouts and provider objects for the routers over a RouteObjectStore (SMI, Traefik, Ambassador,
// OpenShift), shaped as in Argo Rollouts' traffic-management documentation.
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import type { RolloutTrafficRouting } from '../../../../src/api/types/traffic-routing.ts';
import type { DesiredTraffic } from '../../../../src/traffic/desired.ts';
import type { RouteObject } from '../../../../src/traffic/route-objects.ts';

export const NAMESPACE = 'demo';

export function desired(canaryWeight: number, extra: Partial<DesiredTraffic> = {}): DesiredTraffic {
  return { stableHash: 'aaa111', canaryHash: 'bbb222', canaryWeight, headerRoutes: [], mirrorRoutes: [], ...extra };
}

export function rolloutWith(trafficRouting: RolloutTrafficRouting, name = 'web'): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace: NAMESPACE, uid: 'uid-web' },
    spec: {
      strategy: {
        canary: {
          stableService: 'web-stable',
          canaryService: 'web-canary',
          trafficRouting,
          steps: [{ setWeight: 10 }, { pause: {} }],
        },
      },
    },
  };
}

export function object(
  apiVersion: string,
  kind: string,
  name: string,
  spec: unknown,
  extra: Partial<RouteObject> = {},
): RouteObject {
  return { apiVersion, kind, metadata: { name, namespace: NAMESPACE }, spec, ...extra };
}

/** A copy without the fields every write changes (resourceVersion), for comparisons of what a router left alone. */
export function withoutVersion(stored: RouteObject | undefined): RouteObject | undefined {
  if (!stored) return undefined;
  const copy = structuredClone(stored);
  delete copy.metadata.resourceVersion;
  return copy;
}

/** The spec of a stored object, typed as the test reads it; fails the test when there is no object. */
export function specOf<T>(stored: RouteObject | undefined): T {
  if (!stored) throw new Error('no such object in the store');
  return stored.spec as T;
}
