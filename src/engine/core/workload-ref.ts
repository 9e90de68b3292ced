// spec.workloadRef.scaleDown: the Deployment a Rollout took its template from is scaled down as the
// Rollout's first revision takes over, as Argo does (scaleDeployment in reconcileNewReplicaSet and
// promoteStable). Only revision 1, as Argo: the migration happens once. Argo records no Event.
import type { Rollout } from '../../api/types/rollout.ts';
import type { RolloutStatus } from '../../api/types/rollout-status.ts';
import type { ObservedReplicaSet } from '../types.ts';
import type { EngineContext } from './context.ts';

type ScaleDown = 'never' | 'onsuccess' | 'progressively';

function scaleDownOf(ctx: EngineContext): ScaleDown | undefined {
  const ref = ctx.rollout.spec.workloadRef;
  if (!ref) return undefined;
  const value = ref.scaleDown ?? 'never';
  return value === 'onsuccess' || value === 'progressively' ? value : 'never';
}

/** Asks for the Deployment's replicas to become `target` (at least 0), when the runtime reported it and it differs. */
function scaleDeployment(ctx: EngineContext, target: number): void {
  const deployment = ctx.observed.workloadRefDeployment;
  if (!deployment) return;
  const replicas = Math.max(0, target);
  if (deployment.replicas === replicas) return;
  if (ctx.actions.some((a) => a.type === 'scaleDeployment' && a.name === deployment.name && a.replicas === replicas))
    return;
  ctx.actions.push({ type: 'scaleDeployment', name: deployment.name, replicas });
}

/**
 * `progressively`, after the new ReplicaSet was scaled (from `oldScale` to `newScale`): to 0 once the
 * Rollout was Healthy; otherwise, when it has ready pods or is shrinking, to spec.replicas minus the
 * ready replicas of the last status (only with spec.replicas set, as Argo).
 */
export function scaleDownProgressively(
  ctx: EngineContext,
  newRS: ObservedReplicaSet,
  oldScale: number,
  newScale: number,
): void {
  if (scaleDownOf(ctx) !== 'progressively' || newRS.revision !== 1) return;
  const previous: RolloutStatus = ctx.observed.rollout.status ?? {};
  if (previous.phase === 'Healthy') {
    scaleDeployment(ctx, 0);
    return;
  }
  const replicas = ctx.rollout.spec.replicas;
  const ready = previous.readyReplicas ?? 0;
  if (replicas !== undefined && (ready > 0 || oldScale > newScale)) scaleDeployment(ctx, replicas - ready);
}

/** `onsuccess`, on every promotion to stable of revision 1 once the Rollout was Healthy: to 0. */
export function scaleDownOnSuccess(ctx: EngineContext): void {
  if (scaleDownOf(ctx) !== 'onsuccess' || ctx.revision !== 1) return;
  if ((ctx.observed.rollout.status ?? {}).phase === 'Healthy') scaleDeployment(ctx, 0);
}

/**
 * Argo's check when it resolves a workloadRef (EmptyTemplate): the Rollout must not carry a template
 * of its own. A template holding only zero values (as Go sees them: '', 0, false, empty lists and
 * objects) is empty.
 */
export function workloadRefWithTemplate(rollout: Rollout): boolean {
  return rollout.spec.workloadRef !== undefined && holdsValue(rollout.spec.template);
}

/** Argo's InvalidSpec message for it. */
export function workloadRefWithTemplateMessage(rollout: Rollout): string {
  return `The Rollout "${rollout.metadata.name ?? ''}" is invalid: template must be empty for workload reference rollout`;
}

function holdsValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return false;
  if (typeof value !== 'object') return true;
  return Object.values(value).some(holdsValue);
}
