// What an NGINX rollout names (spec.strategy.canary.trafficRouting.nginx): its stable Ingresses,
// the canary Ingress made for each, the annotation prefix and the annotations to add.
import { maxTrafficWeightOf } from '../../../api/defaults.ts';
import type { Rollout } from '../../../api/types/rollout.ts';

export const DEFAULT_NGINX_ANNOTATION_PREFIX = 'nginx.ingress.kubernetes.io';
/** Kubernetes names are at most 253 characters; the suffix always stays. */
const CANARY_SUFFIX = '-canary';
const MAX_NAME = 253;

export interface NginxRefs {
  namespace: string;
  /** stableIngresses when given, else [stableIngress]. */
  stableIngresses: string[];
  annotationPrefix: string;
  additionalIngressAnnotations: Record<string, string>;
  canaryIngressAnnotations: Record<string, string>;
  /** Set only when the rollout sets maxTrafficWeight (Argo writes canary-weight-total then). */
  weightTotal: number | undefined;
  total: number;
}

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

export function nginxRefsOf(rollout: Rollout): NginxRefs | undefined {
  const routing = rollout.spec.strategy.canary?.trafficRouting;
  const nginx = routing?.nginx as Record<string, unknown> | undefined;
  if (!nginx) return undefined;
  const list = Array.isArray(nginx.stableIngresses)
    ? (nginx.stableIngresses as unknown[]).filter((name): name is string => typeof name === 'string')
    : typeof nginx.stableIngress === 'string' && nginx.stableIngress !== ''
      ? [nginx.stableIngress]
      : [];
  return {
    namespace: rollout.metadata.namespace ?? 'default',
    stableIngresses: list,
    annotationPrefix:
      typeof nginx.annotationPrefix === 'string' && nginx.annotationPrefix !== ''
        ? nginx.annotationPrefix
        : DEFAULT_NGINX_ANNOTATION_PREFIX,
    additionalIngressAnnotations: stringMap(nginx.additionalIngressAnnotations),
    canaryIngressAnnotations: stringMap(nginx.canaryIngressAnnotations),
    weightTotal: routing?.maxTrafficWeight,
    total: maxTrafficWeightOf(rollout),
  };
}

/** `<rollout>-<stableIngress>-canary`, cut to 253 characters before the suffix as Argo cuts it. */
export function canaryIngressName(rolloutName: string, stableIngress: string): string {
  const prefix = `${rolloutName}-${stableIngress}`;
  return `${prefix.slice(0, MAX_NAME - CANARY_SUFFIX.length)}${CANARY_SUFFIX}`;
}
