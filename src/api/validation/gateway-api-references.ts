// The routes a Rollout names under trafficRouting.plugins["argoproj-labs/gatewayAPI"]: the plugin's
// fields as it reads them, each named route present among the given manifests (when any of its kind
// is), and a rule in it that sends traffic to both the stable and the canary Service.
import { gatewayApiConfigOf, type GatewayRouteRef } from '../gateway-api-config.ts';
import type { ParsedObject } from '../manifests/parsed-object.ts';
import { routedServiceRoles } from '../ping-pong.ts';
import type { Rollout } from '../types/rollout.ts';
import type { RouteKindObject } from '../types/route-object.ts';
import type { Finding } from './finding.ts';
import { where, type ObjectIndex } from './object-index.ts';

interface Rule {
  backendRefs?: Array<{ name?: string; group?: string; kind?: string }>;
}

function refersTo(rule: Rule, service: string): boolean {
  return (rule.backendRefs ?? []).some(
    (ref) => ref.name === service && (ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service',
  );
}

function routeFindings(ref: GatewayRouteRef, target: ParsedObject<RouteKindObject>, rollout: Rollout): Finding[] {
  const canary = rollout.spec.strategy.canary;
  const pingPong = canary?.pingPong && !canary.stableService && !canary.canaryService;
  const { stable, canary: canaryService } = routedServiceRoles(rollout, rollout.status?.canary?.stablePingPong);
  // A Service the Rollout does not name is reported where it is missing, by the canary rules.
  if (!stable || !canaryService) return [];
  const rules = ((target.object.spec as { rules?: unknown } | undefined)?.rules ?? []) as Rule[];
  if (!Array.isArray(rules)) return [];
  if (rules.some((rule) => refersTo(rule, stable)) && rules.some((rule) => refersTo(rule, canaryService))) return [];
  const [first, second] = pingPong ? ['ping', 'pong'] : ['stable', 'canary'];
  return [
    {
      path: ref.path,
      message: `${ref.kind} "${ref.name}" (${where(target, 'spec.rules')}) has no rule that sends traffic to both the ${first} Service "${stable}" and the ${second} Service "${canaryService}": add both as backendRefs of the rule to shift (the ${second} with weight 0)`,
    },
  ];
}

export function gatewayApiReferenceFindings(item: ParsedObject<Rollout>, index: ObjectIndex): Finding[] {
  const config = gatewayApiConfigOf(item.object);
  if (!config) return [];
  const findings: Finding[] = config.problems.map((problem) => ({ path: problem.path, message: problem.message }));
  for (const ref of config.routes) {
    const target = index.find<RouteKindObject>(ref.kind, ref.namespace, ref.name);
    if (!target) {
      if (index.hasAny(ref.kind, ref.namespace))
        findings.push({
          path: ref.path,
          message: `no ${ref.kind} named "${ref.name}" in namespace ${ref.namespace} among the given manifests: add it or fix the name`,
        });
      continue;
    }
    findings.push(...routeFindings(ref, target, item.object));
  }
  return findings;
}
