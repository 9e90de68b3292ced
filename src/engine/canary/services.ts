// stableService and canaryService selectors for a canary rollout.
import type { ObservedReplicaSet } from '../types.ts';
import type { EngineContext } from '../core/context.ts';
import { emitEvent } from '../core/context.ts';
import { Message, Reason } from '../core/conditions.ts';
import { isAborted } from '../core/pause.ts';

export function reconcileCanaryServices(ctx: EngineContext, canaryServiceToStable: boolean): void {
  const canary = ctx.rollout.spec.strategy.canary;
  if (!canary) return;
  const { stableRS, newRS } = ctx.roles;
  pointService(ctx, canary.stableService, stableRS);
  const toStable = canaryServiceToStable || (isAborted(ctx.pause) && !canary.trafficRouting);
  pointService(ctx, canary.canaryService, toStable ? stableRS : newRS);
}

/** Points `service` at `rs` once `rs` has an available pod (a Service never selects nothing on purpose). */
export function pointService(ctx: EngineContext, service: string | undefined, rs: ObservedReplicaSet | undefined): void {
  if (!service || !rs) return;
  const current = ctx.observed.serviceSelectors?.[service];
  if (current === rs.podTemplateHash) return;
  if (rs.availableReplicas === 0 && current !== undefined && current !== '') return;
  ctx.actions.push({ type: 'setServiceSelector', service, podTemplateHash: rs.podTemplateHash });
  // As Argo's switchServiceSelector; a selector the runtime does not report is not known to change.
  if (current !== undefined) emitEvent(ctx, 'Normal', Reason.SwitchService, Message.switchService(service, current, rs.podTemplateHash));
}
