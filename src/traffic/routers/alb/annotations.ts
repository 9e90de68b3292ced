// The annotation values Argo Rollouts writes on an ALB Ingress, byte for byte: the forward action
// (target groups with weights, optional stickiness), the header conditions of a header route, and
// the record of managed annotations. Go's encoding/json writes them: struct fields in declaration
// order, map keys sorted, and <, >, & escaped.
import type { HeaderRoute, WeightedDestination } from '../../desired.ts';
import type { AlbRefs } from './references.ts';

/** JSON as Go's json.Marshal writes it for these values (no spaces, HTML characters escaped). */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export interface AlbTargetGroup {
  ServiceName: string;
  ServicePort: string;
  Weight: number;
}

export interface AlbAction {
  Type: 'forward';
  ForwardConfig: {
    TargetGroups: AlbTargetGroup[];
    TargetGroupStickinessConfig?: { Enabled: boolean; DurationSeconds: number };
  };
}

/** AWS accepts target-group stickiness of 1 second to 7 days. */
export function stickinessProblem(refs: AlbRefs): string | undefined {
  const sticky = refs.stickiness;
  if (sticky && (sticky.durationSeconds < 1 || sticky.durationSeconds > 604800))
    return `stickinessConfig.durationSeconds is ${sticky.durationSeconds}: it must be between 1 and 604800 seconds (7 days)`;
  return undefined;
}

function action(refs: AlbRefs, targetGroups: AlbTargetGroup[]): string {
  const value: AlbAction = { Type: 'forward', ForwardConfig: { TargetGroups: targetGroups } };
  if (refs.stickiness)
    value.ForwardConfig.TargetGroupStickinessConfig = {
      Enabled: true,
      DurationSeconds: refs.stickiness.durationSeconds,
    };
  return goJson(value);
}

/**
 * The weighted forward action: the canary target group first, then one per weighted experiment
 * Service, then the stable one. Argo subtracts the other weights from 100; sluice from
 * maxTrafficWeight (the same when it is unset), so that the weights keep the share the rollout asks
 * for when a rollout sets maxTrafficWeight.
 */
export function forwardAction(
  refs: AlbRefs,
  services: { stable: string; canary: string },
  canaryWeight: number,
  additional: readonly WeightedDestination[] = [],
): string {
  const port = String(refs.servicePort ?? '');
  const others = additional.reduce((sum, destination) => sum + destination.weight, 0);
  return action(refs, [
    { ServiceName: services.canary, ServicePort: port, Weight: canaryWeight },
    ...additional.map((d) => ({ ServiceName: d.serviceName, ServicePort: port, Weight: d.weight })),
    { ServiceName: services.stable, ServicePort: port, Weight: refs.total - canaryWeight - others },
  ]);
}

/** The action of a header route: everything to the canary target group. */
export function headerRouteAction(refs: AlbRefs, canaryService: string): string {
  return action(refs, [{ ServiceName: canaryService, ServicePort: String(refs.servicePort ?? ''), Weight: 100 }]);
}

/** The conditions of a header route (ALB matches exact header values only); a string says why it cannot be written. */
export function headerRouteConditions(route: HeaderRoute): string | { value: string } {
  const conditions = [];
  for (const match of route.match) {
    if (match.headerValue.exact === undefined)
      return `header route "${route.name}" matches header ${match.headerName} by ${match.headerValue.regex !== undefined ? 'regex' : 'prefix'}: ALB conditions match exact values only`;
    conditions.push({
      field: 'http-header',
      httpHeaderConfig: { httpHeaderName: match.headerName, values: [match.headerValue.exact] },
    });
  }
  return { value: goJson(conditions) };
}

/** rollouts.argoproj.io/managed-alb-annotations: rollout name -> its annotation keys; '' reads as none. */
export function parseManaged(text: string | undefined): Record<string, string[]> | string {
  if (!text) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'is not a JSON object';
    const result: Record<string, string[]> = {};
    for (const [name, keys] of Object.entries(parsed as Record<string, unknown>))
      result[name] = Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string') : [];
    return result;
  } catch {
    return 'is not valid JSON';
  }
}

/** Go writes map keys sorted. */
export function formatManaged(managed: Record<string, string[]>): string {
  const sorted: Record<string, string[]> = {};
  for (const name of Object.keys(managed).sort()) sorted[name] = managed[name] ?? [];
  return goJson(sorted);
}
