// The provider objects the SMI, Traefik, Ambassador, APISIX, App Mesh and OpenShift Route routers
// name: each must exist among the given manifests (when any of its kind is given in that
// namespace) and send traffic to the stable and canary Services the way the router weighs them.
// The routers refuse the same things at run time (src/traffic/routers/<name>/plan.ts); lint says
// so before anything is applied, at the Rollout field that names the object.
import type { ParsedObject } from '../manifests/parsed-object.ts';
import type { PathSegment } from '../manifests/field-path.ts';
import type { Rollout } from '../types/rollout.ts';
import type { RouteKindObject } from '../types/route-object.ts';
import type { Finding } from './finding.ts';
import { namespaceOf, where, type ObjectIndex } from './object-index.ts';

const ROUTING: PathSegment[] = ['spec', 'strategy', 'canary', 'trafficRouting'];

type Record_ = Record<string, unknown>;
const isRecord = (value: unknown): value is Record_ =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): Record_[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const specOf = (object: RouteKindObject): Record_ => (isRecord(object.spec) ? object.spec : {});

interface Context {
  rollout: Rollout;
  index: ObjectIndex;
  namespace: string;
  stable: string;
  canary: string;
}

/** The named object, a finding when it is missing among manifests that have its kind, or nothing to check. */
function lookUp(
  ctx: Context,
  kind: string,
  name: string,
  path: PathSegment[],
  fix: string,
  namespace = ctx.namespace,
): { target?: ParsedObject<RouteKindObject>; findings: Finding[] } {
  const target = ctx.index.find<RouteKindObject>(kind as RouteKindObject['kind'], namespace, name);
  if (target) return { target, findings: [] };
  if (!ctx.index.hasAny(kind as RouteKindObject['kind'], namespace)) return { findings: [] };
  return {
    findings: [
      { path, message: `no ${kind} named "${name}" in namespace ${namespace} among the given manifests: ${fix}` },
    ],
  };
}

function smiFindings(ctx: Context): Finding[] {
  const smi = ctx.rollout.spec.strategy.canary?.trafficRouting?.smi;
  if (!smi) return [];
  const name = smi.trafficSplitName || (ctx.rollout.metadata.name ?? '');
  // A missing TrafficSplit is created by the router: only one given without the Rollout as its owner is refused.
  const target = ctx.index.find<RouteKindObject>('TrafficSplit', ctx.namespace, name);
  if (!target) return [];
  const owned = (target.object.metadata.ownerReferences ?? []).some(
    (owner) => owner.controller === true && owner.kind === 'Rollout' && owner.name === ctx.rollout.metadata.name,
  );
  if (owned) return [];
  return [
    {
      path: [...ROUTING, 'smi', ...(smi.trafficSplitName ? ['trafficSplitName'] : [])],
      message: `TrafficSplit "${name}" (${where(target, 'metadata.name')}) is not owned by the Rollout, so the SMI router will not change it (as Argo): leave it out of the manifests (the Rollout creates its own) or name another in smi.trafficSplitName`,
    },
  ];
}

function traefikFindings(ctx: Context): Finding[] {
  const traefik = ctx.rollout.spec.strategy.canary?.trafficRouting?.traefik;
  if (!traefik) return [];
  const path = [...ROUTING, 'traefik', 'weightedTraefikServiceName'];
  const name = traefik.weightedTraefikServiceName;
  const { target, findings } = lookUp(ctx, 'TraefikService', name, path, 'add it or fix the name');
  if (!target) return findings;
  const weighted = specOf(target.object).weighted;
  const services = isRecord(weighted) ? list(weighted.services) : [];
  const missing = [ctx.stable, ctx.canary].filter(
    (service) => service && !services.some((entry) => entry.name === service),
  );
  if (missing.length === 0) return [];
  return [
    {
      path,
      message: `TraefikService "${name}" (${where(target, 'spec')}) has no entry for ${missing.map((s) => `"${s}"`).join(' and ')} in spec.weighted.services: list the stable Service "${ctx.stable}" and the canary Service "${ctx.canary}" there`,
    },
  ];
}

function ambassadorFindings(ctx: Context): Finding[] {
  const mappings = ctx.rollout.spec.strategy.canary?.trafficRouting?.ambassador?.mappings ?? [];
  return mappings.flatMap((name, index) => {
    const path = [...ROUTING, 'ambassador', 'mappings', index];
    const { target, findings } = lookUp(ctx, 'Mapping', name, path, 'add it or fix the name');
    if (!target) return findings;
    const spec = specOf(target.object);
    const problems: Finding[] = [];
    if (typeof spec.weight === 'number' && spec.weight !== 0)
      problems.push({
        path,
        message: `Mapping "${name}" (${where(target, 'spec.weight')}) defines a weight: the canary Mapping takes its share from it, so Argo and sluice refuse it; remove spec.weight`,
      });
    if (typeof spec.service === 'string' && ctx.stable && !spec.service.includes(ctx.stable))
      problems.push({
        path,
        message: `Mapping "${name}" (${where(target, 'spec.service')}) routes to "${spec.service}", not the stable Service "${ctx.stable}": its canary copy would not reach the canary Service`,
      });
    return problems;
  });
}

function apisixFindings(ctx: Context): Finding[] {
  const route = ctx.rollout.spec.strategy.canary?.trafficRouting?.apisix?.route;
  if (!route) return [];
  const base = [...ROUTING, 'apisix', 'route'];
  const { target, findings } = lookUp(ctx, 'ApisixRoute', route.name, [...base, 'name'], 'add it or fix the name');
  if (!target) return findings;
  const rules = list(specOf(target.object).http);
  const names = route.rules ?? [route.name];
  return names.flatMap((ruleName, index) => {
    const path = route.rules ? [...base, 'rules', index] : [...base, 'name'];
    const at = rules.findIndex((rule) => rule.name === ruleName);
    const rule = rules[at];
    if (!rule)
      return [
        {
          path,
          message: `ApisixRoute "${route.name}" (${where(target, 'spec.http')}) has no HTTP rule named "${ruleName}" (its rules: ${rules.map((r) => (typeof r.name === 'string' ? r.name : JSON.stringify(r.name))).join(', ') || 'none'})${route.rules ? '' : ': without apisix.route.rules the rule named as the ApisixRoute is weighed'}`,
        },
      ];
    const missing = [ctx.stable, ctx.canary].filter(
      (service) => service && !list(rule.backends).some((backend) => backend.serviceName === service),
    );
    if (missing.length === 0) return [];
    return [
      {
        path,
        message: `rule "${ruleName}" of ApisixRoute "${route.name}" (${where(target, `spec.http[${at}].backends`)}) has no backend for ${missing.map((s) => `"${s}"`).join(' and ')}: list the stable and canary Services as its backends`,
      },
    ];
  });
}

function appMeshFindings(ctx: Context): Finding[] {
  const appMesh = ctx.rollout.spec.strategy.canary?.trafficRouting?.appMesh;
  if (!appMesh?.virtualNodeGroup) return [];
  const group = [...ROUTING, 'appMesh', 'virtualNodeGroup'];
  const findings: Finding[] = [];
  const nodes: Array<[string, string]> = [
    ['canaryVirtualNodeRef', appMesh.virtualNodeGroup.canaryVirtualNodeRef?.name ?? ''],
    ['stableVirtualNodeRef', appMesh.virtualNodeGroup.stableVirtualNodeRef?.name ?? ''],
  ];
  for (const [field, name] of nodes)
    findings.push(...lookUp(ctx, 'VirtualNode', name, [...group, field, 'name'], 'add it or fix the name').findings);
  // The VirtualService kind is Istio's too: App Mesh's is not read from manifests, so its VirtualRouter is
  // checked at run time only.
  return findings;
}

function openshiftFindings(ctx: Context): Finding[] {
  const config = ctx.rollout.spec.strategy.canary?.trafficRouting?.plugins?.['argoproj-labs/openshift'];
  if (!isRecord(config)) return [];
  const base = [...ROUTING, 'plugins', 'argoproj-labs/openshift'];
  if (!Array.isArray(config.routes) || config.routes.length === 0)
    return [
      {
        path: base,
        message: 'the argoproj-labs/openshift plugin needs routes: list the Routes to weigh (name or namespace/name)',
      },
    ];
  return config.routes.flatMap((entry: unknown, index: number) => {
    const path = [...base, 'routes', index];
    if (typeof entry !== 'string') return [{ path, message: 'a route is a Route name or namespace/name' }];
    const [first, second] = entry.split('/');
    const namespace = second === undefined ? ctx.namespace : (first ?? '');
    const name = second ?? first ?? '';
    const { target, findings } = lookUp(ctx, 'Route', name, path, 'add it or fix the name', namespace);
    if (!target) return findings;
    const to = specOf(target.object).to;
    const service = isRecord(to) ? to.name : undefined;
    if (!ctx.stable || service === ctx.stable) return [];
    return [
      {
        path,
        message: `Route "${name}" (${where(target, 'spec.to')}) sends its default backend to ${typeof service === 'string' ? `"${service}"` : 'no Service'}, not the stable Service "${ctx.stable}": point spec.to at the stable Service (the canary is added as an alternate backend)`,
      },
    ];
  });
}

export function meshReferenceFindings(item: ParsedObject<Rollout>, index: ObjectIndex): Finding[] {
  const canary = item.object.spec.strategy.canary;
  if (!canary?.trafficRouting) return [];
  const ctx: Context = {
    rollout: item.object,
    index,
    namespace: namespaceOf(item.object),
    stable: canary.stableService ?? '',
    canary: canary.canaryService ?? '',
  };
  return [
    ...smiFindings(ctx),
    ...traefikFindings(ctx),
    ...ambassadorFindings(ctx),
    ...apisixFindings(ctx),
    ...appMeshFindings(ctx),
    ...openshiftFindings(ctx),
  ];
}
