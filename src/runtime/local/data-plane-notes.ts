// What the local runtime cannot imitate of a Rollout's traffic router, said once at `sluice run`:
// the ALB router writes its annotations as on a cluster, but no AWS load balancer reads them here.
import type { Rollout } from '../../api/types/rollout.ts';

export function dataPlaneNotes(rollout: Rollout): string[] {
  const alb = rollout.spec?.strategy?.canary?.trafficRouting?.alb as
    | { ingress?: unknown; ingresses?: unknown }
    | undefined;
  if (!alb) return [];
  const names = Array.isArray(alb.ingresses) ? alb.ingresses.join(', ') : String(alb.ingress ?? '');
  const key = `${rollout.metadata.namespace ?? 'default'}/${rollout.metadata.name ?? ''}`;
  return [
    `rollout ${key} routes with trafficRouting.alb: sluice writes the ALB action annotations on Ingress ${names} as on a cluster, but an AWS load balancer cannot be imitated locally, so requests through the local gateway are not split by those weights (the local gateway serves no ALB Ingress); run the rollout's steps here, and its traffic on a cluster with the AWS Load Balancer Controller`,
  ];
}
