// What the local runtime's gateway cannot serve of a Rollout's traffic routing, said once at
// `sluice run`: the router still writes its objects in the local store (so the rollout runs, and
// `sluice get` shows the weights), but no request follows them there, and verification answers
// "cannot verify". One entry per router whose data plane is imitated only in part.
//
// Which routers the local runtime (`sluice run`) can route: the proxy it embeds imitates a data
// plane only for the objects it knows how to serve. The routers below write their provider objects
// on a cluster, where the provider's own data plane (Linkerd, Traefik, Emissary, APISIX, Envoy under
// App Mesh, the OpenShift router) reads them; on one machine nothing would serve what they write, so
// the local runtime refuses such a Rollout when it is applied, saying so, instead of running a
// canary whose traffic never moves.
import { gatewayApiConfigOf } from './gateway-api-config.ts';
import type { Rollout } from './types/rollout.ts';
import type { ParsedObject } from './manifests/parsed-object.ts';
import { formatPath, type PathSegment } from './manifests/field-path.ts';
import type { ValidationIssue } from './manifests/issue.ts';
import { routersNamed } from './traffic-routers.ts';
import type { KnownObject } from './types/index.ts';

const NOTES: Array<(rollout: Rollout) => string[]> = [
  (rollout) =>
    (gatewayApiConfigOf(rollout)?.routes ?? [])
      .filter((route) => route.kind !== 'HTTPRoute')
      .map(
        (route) =>
          `${route.kind} ${route.namespace}/${route.name} is routed on a cluster only: the local gateway serves HTTPRoutes, so its weights are written here but not served (verification: cannot verify)`,
      ),
];

/** The notes for `rollout`, each a sentence naming the object concerned. */
export function localRoutingNotes(rollout: Rollout): string[] {
  return NOTES.flatMap((note) => note(rollout));
}

/** The routers routed on a cluster only, with the data plane that serves their objects there. */
export const CLUSTER_ONLY_ROUTERS: Readonly<Record<string, string>> = {
  smi: 'the SMI mesh (e.g. Linkerd) that reads the TrafficSplit',
  traefik: 'Traefik, which reads the TraefikService',
  ambassador: 'Ambassador (Emissary), which reads the Mappings',
  apisix: 'the APISIX ingress controller, which reads the ApisixRoute',
  appMesh: 'the Envoy proxies App Mesh configures from the VirtualRouter',
  'argoproj-labs/openshift': 'the OpenShift router (HAProxy), which reads the Routes',
};

/** Errors for every Rollout among `objects` that names a router the local runtime cannot route. */
export function localRoutingIssues(objects: readonly ParsedObject<KnownObject>[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const item of objects) {
    if (item.object.kind !== 'Rollout') continue;
    const routing = (item.object as Rollout).spec?.strategy?.canary?.trafficRouting;
    for (const { name, at } of routersNamed(routing)) {
      const dataPlane = CLUSTER_ONLY_ROUTERS[name];
      if (!dataPlane) continue;
      const path: PathSegment[] = ['spec', 'strategy', 'canary', 'trafficRouting', ...at];
      const line = item.lineOf(path);
      issues.push({
        file: item.file,
        ...(line === undefined ? {} : { line }),
        path: formatPath(path),
        message: `the local runtime cannot route ${name}: its traffic is served by ${dataPlane}, and sluice run cannot imitate that on one machine: run this Rollout on a cluster (sluice controller routes ${name}), or route it locally with istio`,
        severity: 'error',
      });
    }
  }
  return issues;
}
