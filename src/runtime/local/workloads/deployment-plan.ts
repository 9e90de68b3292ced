// What Kubernetes' Deployment controller does next for one Deployment, from its ReplicaSets as
// they are: a RollingUpdate scales the new ReplicaSet up within maxSurge, then the old ones down
// within maxUnavailable (unhealthy pods first, oldest ReplicaSets first), one of the two per sync
// as the controller does; Recreate scales every old ReplicaSet to 0, waits until their pods are
// gone, then scales the new one up. Old ReplicaSets beyond revisionHistoryLimit are deleted.
import type { IntOrString } from '../../../api/types/meta.ts';
import { scaledValue } from '../../../api/int-or-percent.ts';

export interface DeploymentShape {
  replicas: number;
  strategy: { type: 'RollingUpdate'; maxSurge: IntOrString; maxUnavailable: IntOrString } | { type: 'Recreate' };
  revisionHistoryLimit: number;
}

export interface ReplicaSetState {
  name: string;
  podTemplateHash: string;
  /** spec.replicas */
  replicas: number;
  availableReplicas: number;
  /** Pods that exist, stopping ones included. */
  pods: number;
  createdAt: number;
}

export interface DeploymentPlan {
  /** The new ReplicaSet to create, with its replicas. */
  create?: { replicas: number };
  scale: Array<{ name: string; replicas: number }>;
  delete: string[];
}

/** maxSurge and maxUnavailable as counts (Kubernetes' ResolveFenceposts). */
export function fenceposts(shape: DeploymentShape): { maxSurge: number; maxUnavailable: number } {
  if (shape.strategy.type !== 'RollingUpdate') return { maxSurge: 0, maxUnavailable: 0 };
  const maxSurge = scaledValue(shape.strategy.maxSurge, shape.replicas, true);
  let maxUnavailable = scaledValue(shape.strategy.maxUnavailable, shape.replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, shape.replicas) };
}

export function planDeployment(shape: DeploymentShape, hash: string, replicaSets: ReplicaSetState[]): DeploymentPlan {
  const plan: DeploymentPlan = { scale: [], delete: [] };
  const newRS = replicaSets.find((rs) => rs.podTemplateHash === hash);
  const old = replicaSets.filter((rs) => rs !== newRS).sort((a, b) => a.createdAt - b.createdAt);
  plan.delete = historyToDelete(old, shape.revisionHistoryLimit);
  if (shape.strategy.type === 'Recreate') {
    const running = old.filter((rs) => rs.replicas > 0);
    if (running.length > 0) {
      plan.scale = running.map((rs) => ({ name: rs.name, replicas: 0 }));
      return plan;
    }
    if (old.some((rs) => rs.pods > 0)) return plan;
    if (!newRS) plan.create = { replicas: shape.replicas };
    else if (newRS.replicas !== shape.replicas) plan.scale = [{ name: newRS.name, replicas: shape.replicas }];
    return plan;
  }
  const { maxSurge, maxUnavailable } = fenceposts(shape);
  const total = (list: ReplicaSetState[]) => list.reduce((sum, rs) => sum + rs.replicas, 0);
  // The new ReplicaSet first (NewRSNewReplicas): up to replicas + maxSurge pods in all.
  const current = newRS?.replicas ?? 0;
  let wanted = current;
  if (current > shape.replicas) wanted = shape.replicas;
  else if (current < shape.replicas) {
    const room = shape.replicas + maxSurge - total(replicaSets);
    wanted = current + Math.max(0, Math.min(room, shape.replicas - current));
  }
  if (!newRS) {
    plan.create = { replicas: wanted };
    return plan;
  }
  if (wanted !== current) {
    plan.scale.push({ name: newRS.name, replicas: wanted });
    return plan;
  }
  // Then the old ones, keeping replicas - maxUnavailable pods available.
  if (total(old) === 0) return plan;
  const minAvailable = shape.replicas - maxUnavailable;
  const newUnavailable = newRS.replicas - newRS.availableReplicas;
  const maxScaledDown = total(replicaSets) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return plan;
  const scaled = new Map(old.map((rs) => [rs.name, rs.replicas]));
  // Unhealthy pods of old ReplicaSets go first: they serve nothing.
  let cleaned = 0;
  for (const rs of old) {
    if (cleaned >= maxScaledDown) break;
    const unhealthy = rs.replicas - rs.availableReplicas;
    if (rs.replicas === 0 || unhealthy <= 0) continue;
    const count = Math.min(maxScaledDown - cleaned, unhealthy);
    scaled.set(rs.name, rs.replicas - count);
    cleaned += count;
  }
  // Then available ones, as far as minAvailable allows.
  const available = replicaSets.reduce((sum, rs) => sum + rs.availableReplicas, 0);
  const allowed = Math.max(0, available - minAvailable);
  let downed = 0;
  for (const rs of old) {
    if (downed >= allowed) break;
    const replicas = scaled.get(rs.name) ?? 0;
    if (replicas === 0) continue;
    const count = Math.min(replicas, allowed - downed);
    scaled.set(rs.name, replicas - count);
    downed += count;
  }
  for (const rs of old) {
    const replicas = scaled.get(rs.name) ?? rs.replicas;
    if (replicas !== rs.replicas) plan.scale.push({ name: rs.name, replicas });
  }
  return plan;
}

/** Old ReplicaSets scaled to 0 and without pods, beyond the newest `limit` of them. */
function historyToDelete(old: ReplicaSetState[], limit: number): string[] {
  const idle = old.filter((rs) => rs.replicas === 0 && rs.pods === 0);
  return idle.slice(0, Math.max(0, idle.length - limit)).map((rs) => rs.name);
}
