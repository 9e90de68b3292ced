// abortScaleDownDelaySeconds: after an abort with traffic routing, the canary stays scaled up
// until a deadline (default 30s), so traffic can leave it first.
import { abortScaleDownDelay } from '../core/scale-down-delay.ts';
import { isAborted } from '../core/pause.ts';
import type { EngineContext } from '../core/context.ts';

/** Argo's shouldDelayScaleDownOnAbort. */
export function shouldDelayScaleDownOnAbort(ctx: EngineContext): boolean {
  if (!isAborted(ctx.pause)) return false;
  if (!ctx.roles.stableRS) return false;
  // Aborting a rollout whose new ReplicaSet is the stable one: nothing to scale down.
  if (ctx.roles.newRS?.name === ctx.roles.stableRS.name) return false;
  const canary = ctx.rollout.spec.strategy.canary;
  if (canary && !canary.trafficRouting) return false;
  const { seconds, wasSet } = abortScaleDownDelay(ctx.rollout);
  if (seconds === undefined) return false;
  if (canary?.dynamicStableScale && !wasSet) return false;
  return true;
}
