// The rules and paths of an Ingress as read from any input: an Ingress is held with its spec
// unchecked (a route kind, src/api/route-kinds.ts), so what is not an object or a list where
// networking.k8s.io/v1 has one is left out instead of tripping a reader.
import type { IngressPath, IngressRule } from './types/ingress.ts';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The rules of `spec` that are objects. */
export function rulesOf(spec: unknown): IngressRule[] {
  const rules = isObject(spec) ? spec.rules : undefined;
  return Array.isArray(rules) ? (rules.filter(isObject) as IngressRule[]) : [];
}

/** The paths of a rule that are objects; [] when it has no `http.paths` list. */
export function pathsOf(rule: IngressRule): IngressPath[] {
  const paths = isObject(rule.http) ? rule.http.paths : undefined;
  return Array.isArray(paths) ? (paths.filter(isObject) as IngressPath[]) : [];
}

/** Whether the rule has an `http.paths` list that a path can be added to or taken from. */
export function hasPathList(rule: IngressRule): rule is IngressRule & { http: { paths: IngressPath[] } } {
  return isObject(rule.http) && Array.isArray(rule.http.paths);
}

/** The Service a path sends to ('' when it names none). */
export function backendServiceOf(path: IngressPath): string {
  const backend = isObject(path.backend) ? path.backend : undefined;
  const service = isObject(backend?.service) ? (backend.service as Record<string, unknown>) : undefined;
  return typeof service?.name === 'string' ? service.name : '';
}

/** Whether any path of any rule sends to `service` (Argo's HasRuleWithService). */
export function sendsTo(spec: unknown, service: string): boolean {
  return rulesOf(spec).some((rule) => pathsOf(rule).some((path) => backendServiceOf(path) === service));
}
