// The Ingresses an NGINX or ALB Rollout names: each must exist among the manifests given (when any
// Ingress of that namespace is given) and send traffic to the Service the router weighs: the
// stable Service for NGINX (its canary Ingress copies those rules), the root or stable Service for
// ALB (its action annotation is named after it).
import { sendsTo } from '../ingress-rules.ts';
import type { Ingress } from '../types/ingress.ts';
import type { Rollout } from '../types/rollout.ts';
import type { ParsedObject } from '../manifests/parsed-object.ts';
import type { PathSegment } from '../manifests/field-path.ts';
import type { Finding } from './finding.ts';
import { namespaceOf, where, type ObjectIndex } from './object-index.ts';

const ROUTING = ['spec', 'strategy', 'canary', 'trafficRouting'];

function namesAt(router: Record<string, unknown>, single: string, many: string): Array<[string, PathSegment[]]> {
  if (Array.isArray(router[many]))
    return (router[many] as unknown[]).flatMap(
      (name, index): Array<[string, PathSegment[]]> => (typeof name === 'string' ? [[name, [many, index]]] : []),
    );
  return typeof router[single] === 'string' && router[single] !== '' ? [[router[single] as string, [single]]] : [];
}

function check(
  index: ObjectIndex,
  namespace: string,
  router: 'nginx' | 'alb',
  names: Array<[string, PathSegment[]]>,
  service: string,
  role: string,
  why: string,
): Finding[] {
  const findings: Finding[] = [];
  for (const [name, at] of names) {
    const path = [...ROUTING, router, ...at];
    const target = index.find<Ingress>('Ingress', namespace, name);
    if (!target) {
      if (index.hasAny('Ingress', namespace))
        findings.push({
          path,
          message: `no Ingress named "${name}" among the given manifests: add it or fix the name`,
        });
      continue;
    }
    if (service && !sendsTo(target.object.spec, service))
      findings.push({
        path,
        message: `Ingress "${name}" (${where(target, 'spec.rules')}) has no rule whose backend is the ${role} Service "${service}": ${why}`,
      });
  }
  return findings;
}

export function ingressReferenceFindings(item: ParsedObject<Rollout>, index: ObjectIndex): Finding[] {
  const canary = item.object.spec.strategy.canary;
  const routing = canary?.trafficRouting;
  if (!canary || !routing) return [];
  const namespace = namespaceOf(item.object);
  const findings: Finding[] = [];
  if (routing.nginx)
    findings.push(
      ...check(
        index,
        namespace,
        'nginx',
        namesAt(routing.nginx, 'stableIngress', 'stableIngresses'),
        canary.stableService ?? '',
        'stable',
        'the canary Ingress copies those rules, so Argo Rollouts has nothing to copy; add a path to it',
      ),
    );
  if (routing.alb) {
    const root =
      typeof routing.alb.rootService === 'string' && routing.alb.rootService !== ''
        ? routing.alb.rootService
        : undefined;
    findings.push(
      ...check(
        index,
        namespace,
        'alb',
        namesAt(routing.alb, 'ingress', 'ingresses'),
        root ?? canary.stableService ?? '',
        root ? 'root' : 'stable',
        'the weights are written in the action annotation named after it, which a rule must use; add a path with that backend and port name use-annotation',
      ),
    );
  }
  return findings;
}
