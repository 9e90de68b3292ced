// rollbackWindow: going back to one of the last N revisions skips the steps (Argo's isRollbackWithinWindow).
import type { EngineContext } from './context.ts';
import { allReplicaSets } from './context.ts';

export function rollbackWithinWindow(ctx: EngineContext): boolean {
  const { newRS, stableRS } = ctx.roles;
  const revisions = ctx.rollout.spec.rollbackWindow?.revisions ?? 0;
  if (!newRS || !stableRS || revisions <= 0) return false;
  if (!(newRS.createdAt < stableRS.createdAt)) return false;
  const between = allReplicaSets(ctx).filter(
    (rs) => rs.createdAt < stableRS.createdAt && newRS.createdAt < rs.createdAt,
  ).length;
  return between < revisions;
}
