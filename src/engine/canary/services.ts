// stableService and canaryService selectors for a canary rollout, and with pingPong the selector of
// the ping or pong Service that is the canary now.
import { pingPongRoles } from '../../api/ping-pong.ts';
import type { ObservedReplicaSet } from '../types.ts';
import type { EngineContext } from '../core/context.ts';
import { emitEvent } from '../core/context.ts';
import { Message, Reason } from '../core/conditions.ts';
import { isAborted } from '../core/pause.ts';
import { dynamicallyRollingBackToStable } from './traffic.ts';

export function reconcileCanaryServices(ctx: EngineContext, canaryServiceToStable: boolean): void {
  const canary = ctx.rollout.spec.strategy.canary;
  if (!canary) return;
  const { stableRS, newRS } = ctx.roles;
  reconcilePingPongServices(ctx);
  pointService(ctx, canary.stableService, stableRS);
  const toStable = canaryServiceToStable || (isAborted(ctx.pause) && !canary.trafficRouting);
  // As Argo's reconcileStableAndCanaryService: while going back to an undersized stable, the
  // canary Service stays on the interrupted canary, which still takes its share of the traffic.
  if (!toStable && dynamicallyRollingBackToStable(ctx)) return;
  pointService(ctx, canary.canaryService, toStable ? stableRS : newRS);
}

/**
 * Argo's reconcilePingAndPongService: until the rollout is fully promoted, the Service that is the
 * canary now (status.canary.stablePingPong) selects the new pods, available or not (its weight stays
 * 0 until they are). The stable one is left as it is: it took the role selecting the stable pods.
 */
function reconcilePingPongServices(ctx: EngineContext): void {
  const roles = pingPongRoles(ctx.rollout, ctx.previous.canary?.stablePingPong);
  const { newRS } = ctx.roles;
  const fullyPromoted = !!ctx.previous.stableRS && ctx.previous.stableRS === ctx.previous.currentPodHash;
  if (roles && !fullyPromoted) pointService(ctx, roles.canary, newRS, false);
}

/** Points `service` at `rs` once `rs` has an available pod (a Service never selects nothing on purpose). */
export function pointService(
  ctx: EngineContext,
  service: string | undefined,
  rs: ObservedReplicaSet | undefined,
  whenAvailable = true,
): void {
  if (!service || !rs) return;
  const current = ctx.observed.serviceSelectors?.[service];
  if (current === rs.podTemplateHash) return;
  if (whenAvailable && rs.availableReplicas === 0 && current !== undefined && current !== '') return;
  ctx.actions.push({ type: 'setServiceSelector', service, podTemplateHash: rs.podTemplateHash });
  // As Argo's switchServiceSelector; a selector the runtime does not report is not known to change.
  if (current !== undefined)
    emitEvent(ctx, 'Normal', Reason.SwitchService, Message.switchService(service, current, rs.podTemplateHash));
}
