// The VirtualServices and DestinationRule a Rollout names: routes must exist and send traffic
// to exactly the stable and canary destinations; named subsets must exist.
import type { Rollout } from '../types/rollout.ts';
import type { IstioVirtualServiceRef } from '../types/traffic-routing.ts';
import type { DestinationRule, RouteDestination, VirtualService } from '../types/istio.ts';
import type { ParsedObject } from '../manifests/parsed-object.ts';
import { locate } from '../manifests/issue.ts';
import type { PathSegment } from '../manifests/field-path.ts';
import type { Finding } from './finding.ts';
import { namespaceOf, where, type ObjectIndex } from './object-index.ts';

const ISTIO = ['spec', 'strategy', 'canary', 'trafficRouting', 'istio'];

interface Targets {
  stable: string;
  canary: string;
  /** How the two are called in messages: stable and canary, or ping and pong. */
  roles: [string, string];
  /** Subset-level split: destinations are told apart by subset, otherwise by host. */
  bySubset: boolean;
}

/** The two destinations a weighted route must have, as Argo picks them (GetStableAndCanaryServices). */
function targetsOf(rollout: Rollout): Targets {
  const canary = rollout.spec.strategy.canary;
  const rule = canary?.trafficRouting?.istio?.destinationRule;
  if (rule)
    return {
      stable: rule.stableSubsetName,
      canary: rule.canarySubsetName,
      roles: ['stable', 'canary'],
      bySubset: true,
    };
  if (canary?.pingPong && !canary.stableService && !canary.canaryService) {
    // Either of the two may be the stable one at a given time, so the order does not matter.
    return {
      stable: canary.pingPong.pingService,
      canary: canary.pingPong.pongService,
      roles: ['ping', 'pong'],
      bySubset: false,
    };
  }
  return {
    stable: canary?.stableService ?? '',
    canary: canary?.canaryService ?? '',
    roles: ['stable', 'canary'],
    bySubset: false,
  };
}

export function istioReferenceFindings(item: ParsedObject<Rollout>, index: ObjectIndex): Finding[] {
  const canary = item.object.spec.strategy.canary;
  const istio = canary?.trafficRouting?.istio;
  if (!canary || !istio) return [];
  const namespace = namespaceOf(item.object);
  const rule = istio.destinationRule;
  const targets = targetsOf(item.object);
  const findings: Finding[] = [];
  const refs: Array<[IstioVirtualServiceRef, PathSegment[]]> = istio.virtualService
    ? [[istio.virtualService, [...ISTIO, 'virtualService']]]
    : (istio.virtualServices ?? []).map((ref, refIndex) => [ref, [...ISTIO, 'virtualServices', refIndex]]);
  for (const [ref, path] of refs) {
    const [name, explicitNamespace] = ref.name.split('.');
    const target = index.find<VirtualService>('VirtualService', explicitNamespace ?? namespace, name ?? '');
    if (!target) {
      if (index.hasAny('VirtualService', explicitNamespace ?? namespace)) {
        findings.push({
          path: [...path, 'name'],
          message: `no VirtualService named "${ref.name}" among the given manifests: add it or fix the name`,
        });
      }
      continue;
    }
    findings.push(...virtualServiceFindings(ref, path, target, targets));
  }
  if (rule) findings.push(...destinationRuleFindings(item, index, namespace));
  return findings;
}

function virtualServiceFindings(
  ref: IstioVirtualServiceRef,
  path: PathSegment[],
  target: ParsedObject<VirtualService>,
  targets: Targets,
): Finding[] {
  const findings: Finding[] = [];
  const http = target.object.spec?.http ?? [];
  const vsName = target.object.metadata.name ?? '';
  // As Argo, named HTTP routes are looked up only in a VirtualService that has an http section:
  // a TLS- or TCP-only VirtualService ignores them.
  const routes = target.object.spec?.http === undefined ? [] : (ref.routes ?? []);
  const hasL4 = (ref.tlsRoutes ?? []).length > 0 || (ref.tcpRoutes ?? []).length > 0;
  if ((ref.routes ?? []).length === 0 && !hasL4) {
    if (http.length !== 1) {
      findings.push({
        path: [...path, 'name'],
        message: `VirtualService "${vsName}" has ${http.length} HTTP routes: name the one to shift in ${[...path, 'routes'].join('.')}, or keep exactly one HTTP route`,
      });
    } else {
      findings.push(
        ...destinationFindings(
          `HTTP route ${http[0]?.name ? `"${http[0].name}"` : '#0'}`,
          http[0]?.route ?? [],
          [...path, 'name'],
          target,
          ['spec', 'http', 0],
          targets,
        ),
      );
    }
  }
  routes.forEach((routeName, routeIndex) => {
    const at = [...path, 'routes', routeIndex];
    const found = http.findIndex((route) => route.name === routeName);
    if (found < 0) {
      const names =
        http
          .map((route) => route.name)
          .filter(Boolean)
          .join(', ') || 'none has a name';
      findings.push({
        path: at,
        message: `VirtualService "${vsName}" (${where(target, 'metadata.name')}) has no HTTP route named "${routeName}" (its routes: ${names})`,
      });
      return;
    }
    findings.push(
      ...destinationFindings(
        `HTTP route "${routeName}"`,
        http[found]?.route ?? [],
        at,
        target,
        ['spec', 'http', found],
        targets,
      ),
    );
  });
  (ref.tlsRoutes ?? []).forEach((tlsRef, refIndex) => {
    const at = [...path, 'tlsRoutes', refIndex];
    const found = (target.object.spec?.tls ?? []).findIndex((route) =>
      (route.match ?? []).some(
        (match) =>
          (tlsRef.port === undefined || match.port === tlsRef.port) &&
          (tlsRef.sniHosts ?? []).every((host) => (match.sniHosts ?? []).includes(host)),
      ),
    );
    if (found < 0) {
      findings.push({
        path: at,
        message: `VirtualService "${vsName}" has no TLS route matching port ${tlsRef.port ?? 'any'} and sniHosts [${(tlsRef.sniHosts ?? []).join(', ')}]`,
      });
      return;
    }
    findings.push(
      ...destinationFindings(
        'TLS route',
        target.object.spec?.tls?.[found]?.route ?? [],
        at,
        target,
        ['spec', 'tls', found],
        targets,
      ),
    );
  });
  (ref.tcpRoutes ?? []).forEach((tcpRef, refIndex) => {
    const at = [...path, 'tcpRoutes', refIndex];
    const found = (target.object.spec?.tcp ?? []).findIndex((route) =>
      (route.match ?? []).some((match) => tcpRef.port === undefined || match.port === tcpRef.port),
    );
    if (found < 0) {
      findings.push({
        path: at,
        message: `VirtualService "${vsName}" has no TCP route matching port ${tcpRef.port ?? 'any'}`,
      });
      return;
    }
    findings.push(
      ...destinationFindings(
        'TCP route',
        target.object.spec?.tcp?.[found]?.route ?? [],
        at,
        target,
        ['spec', 'tcp', found],
        targets,
      ),
    );
  });
  return findings;
}

/** Short service name of a destination host (`svc`, `svc.ns`, `svc.ns.svc.cluster.local`). */
function shortHost(host: string): string {
  return host.split('.')[0] ?? host;
}

function destinationFindings(
  label: string,
  destinations: readonly RouteDestination[],
  path: PathSegment[],
  target: ParsedObject<VirtualService>,
  routePath: PathSegment[],
  targets: Targets,
): Finding[] {
  const kind = targets.bySubset ? 'subset' : 'host';
  // A destination the Rollout does not name (stableService left out, ...) is reported where it is
  // missing, by the canary rules: comparing the route with an empty name would say nothing useful.
  if (!targets.stable || !targets.canary) return [];
  const keyOf = (destination: RouteDestination) =>
    targets.bySubset ? (destination.destination.subset ?? '') : shortHost(destination.destination.host);
  const keys = destinations.map(keyOf);
  const location = locate(target.file, target.lineOf([...routePath]));
  const vsName = target.object.metadata.name ?? '';
  const wanted = `the ${targets.roles[0]} ${kind} "${targets.stable}" and the ${targets.roles[1]} ${kind} "${targets.canary}"`;
  if (keys.length === 1) {
    return [
      {
        path,
        message: `${label} of VirtualService "${vsName}" (${location}) has a single destination (${kind} "${keys[0]}"); a weighted route needs two destinations, ${wanted}: add the missing one with weight 0`,
      },
    ];
  }
  const missing = [targets.stable, targets.canary].filter((key) => !keys.includes(key));
  const extra = keys.filter((key) => key !== targets.stable && key !== targets.canary);
  if (missing.length > 0 || extra.length > 0 || keys.length !== 2) {
    const parts = [];
    if (missing.length > 0) parts.push(`missing ${missing.map((key) => `"${key}"`).join(' and ')}`);
    if (extra.length > 0) parts.push(`unexpected ${extra.map((key) => `"${key}"`).join(', ')}`);
    if (parts.length === 0) parts.push(`${keys.length} destinations`);
    return [
      {
        path,
        message: `${label} of VirtualService "${vsName}" (${location}) must have exactly two destinations, ${wanted}: ${parts.join('; ')}`,
      },
    ];
  }
  return [];
}

function destinationRuleFindings(item: ParsedObject<Rollout>, index: ObjectIndex, namespace: string): Finding[] {
  const rule = item.object.spec.strategy.canary?.trafficRouting?.istio?.destinationRule;
  if (!rule) return [];
  const path = [...ISTIO, 'destinationRule'];
  const [name, explicitNamespace] = rule.name.split('.');
  const target = index.find<DestinationRule>('DestinationRule', explicitNamespace ?? namespace, name ?? '');
  if (!target) {
    if (!index.hasAny('DestinationRule', explicitNamespace ?? namespace)) return [];
    return [
      {
        path: [...path, 'name'],
        message: `no DestinationRule named "${rule.name}" among the given manifests: add it or fix the name`,
      },
    ];
  }
  const subsets = (target.object.spec?.subsets ?? []).map((subset) => subset.name);
  const findings: Finding[] = [];
  const check = (subset: string, at: PathSegment[]) => {
    if (!subset) {
      findings.push({
        path: at,
        message: `no subset is named here: name one of the subsets of DestinationRule "${rule.name}" (${subsets.join(', ') || 'it has none yet'})`,
      });
    } else if (!subsets.includes(subset)) {
      findings.push({
        path: at,
        message: `DestinationRule "${rule.name}" (${where(target, 'metadata.name')}) has no subset "${subset}" (its subsets: ${subsets.join(', ') || 'none'}): add it under spec.subsets`,
      });
    }
  };
  check(rule.stableSubsetName, [...path, 'stableSubsetName']);
  check(rule.canarySubsetName, [...path, 'canarySubsetName']);
  (rule.additionalSubsetNames ?? []).forEach((subset, subsetIndex) =>
    check(subset, [...path, 'additionalSubsetNames', subsetIndex]),
  );
  return findings;
}
