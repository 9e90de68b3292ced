// Traefik: the TraefikService `traefik.weightedTraefikServiceName` (in the Rollout's namespace)
// balances between Services in spec.weighted.services; the router sets the `weight` of the entry
// named as the canary Service and of the one named as the stable Service, nothing else, as Argo
// does. Both entries must be there (Argo fails without them). At the end the canary's weight is 0.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { DesiredTraffic } from '../../desired.ts';
import { describeRef, type RouteObject, type RouteObjectRef } from '../../route-objects.ts';
import type { TrafficInPlace } from '../../router.ts';
import {
  changed,
  inPlaceFrom,
  isRecord,
  unsupportedRouteProblems,
  weighedServices,
  type ObjectPlan,
} from '../object-plan.ts';

/** traefik.io is Traefik v3's group (Argo's default); traefik.containo.us is v2's, still served by many clusters. */
export const TRAEFIK_API_VERSIONS = ['traefik.io/v1alpha1', 'traefik.containo.us/v1alpha1'];

export interface TraefikObjects {
  /** The TraefikService, in the first group that has it. */
  traefikService?: RouteObject;
}

export function traefikServiceRef(rollout: Rollout, apiVersion = TRAEFIK_API_VERSIONS[0] ?? ''): RouteObjectRef {
  return {
    apiVersion,
    kind: 'TraefikService',
    namespace: rollout.metadata.namespace ?? 'default',
    name: rollout.spec.strategy?.canary?.trafficRouting?.traefik?.weightedTraefikServiceName ?? '',
  };
}

const SERVICES_PATH = 'spec.weighted.services';

function weightedServices(object: RouteObject): unknown[] | undefined {
  const spec = object.spec;
  if (!isRecord(spec) || !isRecord(spec.weighted) || !Array.isArray(spec.weighted.services)) return undefined;
  return spec.weighted.services;
}

function entryOf(services: unknown[], name: string): Record<string, unknown> | undefined {
  return services.find((entry): entry is Record<string, unknown> => isRecord(entry) && entry.name === name);
}

function missingObject(rollout: Rollout): ObjectPlan {
  const ref = traefikServiceRef(rollout);
  return {
    writes: [],
    problems: [
      {
        object: describeRef(ref),
        path: '',
        message: `no TraefikService "${ref.name}" in namespace ${ref.namespace} (looked in ${TRAEFIK_API_VERSIONS.join(' and ')}): create it or fix traefik.weightedTraefikServiceName`,
      },
    ],
  };
}

export function planTraefikTraffic(rollout: Rollout, desired: DesiredTraffic, objects: TraefikObjects): ObjectPlan {
  const object = objects.traefikService;
  if (!object) return missingObject(rollout);
  const where = describeRef({ ...traefikServiceRef(rollout), apiVersion: object.apiVersion });
  const unsupported = unsupportedRouteProblems('Traefik', where, desired);
  if (unsupported.length > 0) return { writes: [], problems: unsupported };
  const services = weightedServices(object);
  if (!services)
    return {
      writes: [],
      problems: [
        {
          object: where,
          path: SERVICES_PATH,
          message:
            'the TraefikService has no weighted services: add spec.weighted.services with the stable and canary Services',
        },
      ],
    };
  const roles = weighedServices(rollout, desired);
  const problems = (['canary', 'stable'] as const)
    .filter((role) => !entryOf(services, roles[role]))
    .map((role) => ({
      object: where,
      path: SERVICES_PATH,
      message: `no entry for the ${role} Service "${roles[role]}": add { name: ${roles[role]}, port: ... } to spec.weighted.services`,
    }));
  if (problems.length > 0) return { writes: [], problems };
  const update = changed(object, (copy) => {
    const copied = weightedServices(copy) ?? [];
    const canary = entryOf(copied, roles.canary);
    const stable = entryOf(copied, roles.stable);
    if (canary) canary.weight = desired.canaryWeight;
    if (stable) stable.weight = 100 - desired.canaryWeight;
  });
  return { writes: update ? [{ action: 'update', object: update }] : [], problems: [] };
}

export function observeTraefikTraffic(rollout: Rollout, objects: TraefikObjects): TrafficInPlace {
  const object = objects.traefikService;
  if (!object) return inPlaceFrom([], missingObject(rollout).problems);
  const where = describeRef({ ...traefikServiceRef(rollout), apiVersion: object.apiVersion });
  const canary = rollout.spec.strategy?.canary;
  const services = weightedServices(object) ?? [];
  const canaryEntry = entryOf(services, canary?.canaryService ?? '');
  const stableEntry = entryOf(services, canary?.stableService ?? '');
  if (!canaryEntry || !stableEntry)
    return inPlaceFrom(
      [],
      [{ object: where, path: SERVICES_PATH, message: 'the stable or canary Service has no entry' }],
    );
  // Traefik weights are relative; an entry without one counts as 1.
  const weightOf = (entry: Record<string, unknown>) => (typeof entry.weight === 'number' ? entry.weight : 1);
  const total = weightOf(canaryEntry) + weightOf(stableEntry);
  const share = total === 0 ? 0 : Math.round((weightOf(canaryEntry) * 100) / total);
  return inPlaceFrom([{ where: `${where} ${SERVICES_PATH}`, canaryWeight: share, stableWeight: 100 - share }], []);
}
