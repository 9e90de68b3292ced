// What an ALB rollout names (spec.strategy.canary.trafficRouting.alb): the Ingresses whose action
// annotations it writes, the Service port, the root Service that names the action (ping-pong),
// the annotation prefix and the target-group stickiness.
import { maxTrafficWeightOf } from '../../../api/defaults.ts';
import { pingPongRoles, type ServiceRoles } from '../../../api/ping-pong.ts';
import type { Rollout } from '../../../api/types/rollout.ts';

export const DEFAULT_ALB_ANNOTATION_PREFIX = 'alb.ingress.kubernetes.io';
/** Argo's record of the annotations each rollout manages on an ALB Ingress. */
export const MANAGED_ALB_ANNOTATIONS = 'rollouts.argoproj.io/managed-alb-annotations';

export interface AlbRefs {
  namespace: string;
  rolloutName: string;
  /** ingresses when given, else [ingress]. */
  ingresses: string[];
  servicePort: number | undefined;
  /** rootService, else stableService: the Service whose action annotation carries the weights. */
  actionService: string;
  annotationPrefix: string;
  stickiness: { enabled: boolean; durationSeconds: number } | undefined;
  /** Managed route names in precedence order. */
  managedRoutes: string[];
  total: number;
}

export function albRefsOf(rollout: Rollout): AlbRefs | undefined {
  const canary = rollout.spec.strategy.canary;
  const routing = canary?.trafficRouting;
  const alb = routing?.alb as Record<string, unknown> | undefined;
  if (!alb) return undefined;
  const ingresses = Array.isArray(alb.ingresses)
    ? (alb.ingresses as unknown[]).filter((name): name is string => typeof name === 'string')
    : typeof alb.ingress === 'string' && alb.ingress !== ''
      ? [alb.ingress]
      : [];
  const sticky = alb.stickinessConfig as { enabled?: unknown; durationSeconds?: unknown } | undefined;
  return {
    namespace: rollout.metadata.namespace ?? 'default',
    rolloutName: rollout.metadata.name ?? '',
    ingresses,
    servicePort: typeof alb.servicePort === 'number' ? alb.servicePort : undefined,
    actionService:
      typeof alb.rootService === 'string' && alb.rootService !== '' ? alb.rootService : (canary?.stableService ?? ''),
    annotationPrefix:
      typeof alb.annotationPrefix === 'string' && alb.annotationPrefix !== ''
        ? alb.annotationPrefix
        : DEFAULT_ALB_ANNOTATION_PREFIX,
    stickiness:
      sticky && sticky.enabled === true
        ? { enabled: true, durationSeconds: typeof sticky.durationSeconds === 'number' ? sticky.durationSeconds : 0 }
        : undefined,
    managedRoutes: (routing?.managedRoutes ?? []).map((route) => route.name),
    total: maxTrafficWeightOf(rollout),
  };
}

/** The Services weighed as stable and canary now: ping and pong in their roles, else stableService and canaryService. */
export function albServiceRoles(rollout: Rollout): ServiceRoles {
  const canary = rollout.spec.strategy.canary;
  return (
    pingPongRoles(rollout, rollout.status?.canary?.stablePingPong) ?? {
      stable: canary?.stableService ?? '',
      canary: canary?.canaryService ?? '',
    }
  );
}

/** `<prefix>/actions.<service>` */
export function actionKey(refs: AlbRefs, name: string): string {
  return `${refs.annotationPrefix}/actions.${name}`;
}

/** `<prefix>/conditions.<route>` */
export function conditionKey(refs: AlbRefs, name: string): string {
  return `${refs.annotationPrefix}/conditions.${name}`;
}
