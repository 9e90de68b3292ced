// Which runtime routes each traffic router a Rollout names, said by `sluice lint --runtime`: on a
// cluster (`sluice controller`) every router writes its provider objects, which the provider's own
// data plane reads; on one machine (`sluice run`) the embedded gateway serves Istio, NGINX canary
// Ingresses and Gateway API HTTPRoutes, and refuses the routers whose data plane it cannot imitate
// (local-routing.ts). A note is neither an error nor a warning: it changes no exit status.
import { CLUSTER_ONLY_ROUTERS, localRoutingIssues, localRoutingNotes } from './local-routing.ts';
import type { ParsedObject } from './manifests/parsed-object.ts';
import { formatPath, type PathSegment } from './manifests/field-path.ts';
import { locate, type ValidationIssue } from './manifests/issue.ts';
import { isImplementedRouter, routersNamed } from './traffic-routers.ts';
import type { KnownObject } from './types/index.ts';
import type { Rollout } from './types/rollout.ts';

export const RUNTIMES = ['local', 'cluster'] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** A fact about a manifest that is no problem: where, and what. */
export interface RoutingNote {
  file: string;
  line?: number;
  path: string;
  message: string;
}

/** What serves each router's objects on a cluster. */
const CLUSTER_DATA_PLANES: Readonly<Record<string, string>> = {
  istio: "Istio's sidecars and gateways, which read the VirtualServices",
  nginx: 'the NGINX Ingress controller, which reads the canary Ingress',
  alb: 'the AWS Load Balancer Controller, which reads the action annotations',
  'argoproj-labs/gatewayAPI': 'the Gateway API implementation, which reads the routes',
  ...CLUSTER_ONLY_ROUTERS,
};

/** What the local gateway does with each router it accepts. */
const LOCAL_SERVING: Readonly<Record<string, string>> = {
  istio: 'its gateway serves the VirtualServices',
  nginx: 'its gateway serves the Ingresses with the canary annotations',
  'argoproj-labs/gatewayAPI': 'its gateway serves the HTTPRoutes (GRPCRoutes and TCPRoutes are written, not served)',
  alb: 'it writes the action annotations, but no AWS load balancer splits requests by them on one machine',
};

/** `file:line: field.path: note: message`, as lint prints a note. */
export function formatNote(note: RoutingNote): string {
  return `${locate(note.file, note.line)}: ${note.path === '' ? '' : `${note.path}: `}note: ${note.message}`;
}

function noteFor(name: string, runtime: Runtime): string | undefined {
  if (!isImplementedRouter(name)) return undefined;
  if (runtime === 'cluster')
    return `${name} is routed on a cluster by sluice controller, which writes the objects; the traffic is served by ${CLUSTER_DATA_PLANES[name]} (sluice cannot verify what it serves)`;
  const local = LOCAL_SERVING[name];
  // A cluster-only router is an error for the local runtime (localRoutingIssues): no note.
  return local ? `${name} is routed locally by sluice run: ${local}` : undefined;
}

/**
 * For `runtime`, a note per router each Rollout names, and for `local` the errors `sluice run` would
 * refuse the Rollouts with (a router it cannot route), so lint says beforehand what run will say.
 */
export function runtimeRouting(
  objects: readonly ParsedObject<KnownObject>[],
  runtime: Runtime,
): { notes: RoutingNote[]; issues: ValidationIssue[] } {
  const notes: RoutingNote[] = [];
  for (const item of objects) {
    if (item.object.kind !== 'Rollout') continue;
    const rollout = item.object as Rollout;
    const base: PathSegment[] = ['spec', 'strategy', 'canary', 'trafficRouting'];
    for (const { name, at } of routersNamed(rollout.spec?.strategy?.canary?.trafficRouting)) {
      const message = noteFor(name, runtime);
      if (!message) continue;
      const line = item.lineOf([...base, ...at]);
      notes.push({
        file: item.file,
        ...(line === undefined ? {} : { line }),
        path: formatPath([...base, ...at]),
        message,
      });
    }
    if (runtime === 'local')
      for (const message of localRoutingNotes(rollout)) {
        const line = item.lineOf(base);
        notes.push({ file: item.file, ...(line === undefined ? {} : { line }), path: formatPath(base), message });
      }
  }
  return { notes, issues: runtime === 'local' ? localRoutingIssues(objects) : [] };
}
