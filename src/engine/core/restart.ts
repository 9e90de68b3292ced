// spec.restartAt: every pod created before that instant is deleted and replaced by its ReplicaSet,
// a few at a time (maxUnavailable, at least one) and only while enough pods stay available; the
// stable ReplicaSet goes first, then the new one, then the others. status.restartedAt records a
// finished restart. Both strategies run it right after the new ReplicaSet is known (as Argo does).
import type { Rollout } from '../../api/types/rollout.ts';
import type { ObservedPod, ObservedReplicaSet } from '../types.ts';
import { maxUnavailableOf, replicasOf } from '../../api/defaults.ts';
import { scaledValue } from '../../api/int-or-percent.ts';
import { allReplicaSets, requeueAfter, type EngineContext } from './context.ts';
import { specReplicas } from './replica-counts.ts';
import { formatTimestamp, parseTimestamp } from '../../conventions/timestamps.ts';

/** How soon to look again while old pods remain (a deletion in progress, or no availability to spare). */
export const RESTART_CHECK_MS = 30_000;

/** Argo's NeedsRestart: restartAt has come and is later than the last finished restart. */
export function restartDue(rollout: Rollout, now: number): boolean {
  const restartAt = parseTimestamp(rollout.spec.restartAt);
  if (restartAt === undefined || now < restartAt) return false;
  const restartedAt = parseTimestamp(rollout.status?.restartedAt);
  return restartedAt === undefined || restartAt > restartedAt;
}

/** Pods may go unavailable at once during a restart (at least one, as Argo does when it resolves to 0). */
export function restartConcurrency(rollout: Rollout): number {
  const replicas = replicasOf(rollout);
  if (replicas === 0) return 1;
  // A blue-green maxUnavailable left unset means 25% here (Argo's default for restarts).
  const written = maxUnavailableOf(rollout);
  return Math.max(1, Math.min(replicas, scaledValue(written, replicas, false)));
}

/** Deletes the pods that predate restartAt within the availability budget; records restartedAt once a pass sees none left. */
export function reconcileRestart(ctx: EngineContext): void {
  const restartAt = parseTimestamp(ctx.rollout.spec.restartAt);
  if (restartAt !== undefined && restartAt > ctx.now) requeueAfter(ctx, restartAt - ctx.now);
  if (restartAt === undefined || !restartDue(ctx.rollout, ctx.now)) return;

  const ordered = byRestartPriority(ctx);
  // Without pod-level observation nothing can be restarted: the phase keeps saying so.
  if (ordered.some((rs) => rs.pods === undefined && (rs.replicas > 0 || rs.currentReplicas > 0))) return;
  const pods = ordered.flatMap((rs) => (rs.pods ?? []).map((pod) => ({ pod, rs })));

  const replicas = replicasOf(ctx.rollout);
  const available = pods.filter(({ pod }) => pod.available && !pod.terminating).length;
  const minAvailable = Math.max(replicas, specReplicas(ordered)) - restartConcurrency(ctx.rollout);
  let budget = available - minAvailable;
  let remaining = 0;
  for (const { pod, rs } of pods) {
    if (!predates(pod, restartAt)) continue;
    // Counted until it is gone: an eviction a PodDisruptionBudget refuses leaves the pod running,
    // so restartedAt waits for a pass that sees no pod older than restartAt.
    remaining++;
    if (budget <= 0 || pod.terminating) continue;
    ctx.actions.push({ type: 'deletePod', name: pod.name, replicaSet: rs.name });
    budget--;
  }
  if (remaining > 0) {
    requeueAfter(ctx, RESTART_CHECK_MS);
    return;
  }
  ctx.partial.restartedAt = formatTimestamp(restartAt);
}

/** Created strictly before restartAt (a pod created in that very second counts as restarted). */
function predates(pod: ObservedPod, restartAt: number): boolean {
  return Math.floor(pod.createdAt / 1000) * 1000 < restartAt;
}

/** Stable first, then the new ReplicaSet, then the others oldest first (Argo's SortReplicaSetsByPriority). */
function byRestartPriority(ctx: EngineContext): ObservedReplicaSet[] {
  const { newRS, stableRS } = ctx.roles;
  const rank = (rs: ObservedReplicaSet) => (rs.name === stableRS?.name ? 0 : rs.name === newRS?.name ? 1 : 2);
  return [...allReplicaSets(ctx)].sort((a, b) => rank(a) - rank(b) || a.createdAt - b.createdAt);
}
