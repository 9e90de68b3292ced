// What Kubernetes' Deployment controller does next for one Deployment, from its ReplicaSets as
// they are, one sync at a time:
// - paused, or scaled (an active ReplicaSet's desired-replicas annotation is not spec.replicas):
//   the change is spread over the ReplicaSets (proportional scaling), no rollout step is taken;
// - RollingUpdate: the new ReplicaSet up within maxSurge, else the old ones down within
//   maxUnavailable (unhealthy pods first, oldest ReplicaSets first);
// - Recreate: every old ReplicaSet to 0, wait until their pods are gone, then the new one up.
// Old ReplicaSets beyond revisionHistoryLimit are deleted once the rollout is complete (or while
// paused). Every scale also sets the desired-replicas and max-replicas annotations.
import type { IntOrString } from '../../../api/types/meta.ts';
import { scaledValue } from '../../../api/int-or-percent.ts';

export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';

export interface DeploymentShape {
  replicas: number;
  strategy: { type: 'RollingUpdate'; maxSurge: IntOrString; maxUnavailable: IntOrString } | { type: 'Recreate' };
  revisionHistoryLimit: number;
  /** spec.paused */
  paused?: boolean;
  /** status.replicas as last written: a ReplicaSet without max-replicas is scaled in proportion to it. */
  statusReplicas?: number;
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
  /** The deployment.kubernetes.io/desired-replicas annotation. */
  desiredReplicas?: number;
  /** The deployment.kubernetes.io/max-replicas annotation. */
  maxReplicas?: number;
  /** The deployment.kubernetes.io/revision annotation (history is deleted oldest revision first). */
  revision?: number;
}

export interface DeploymentPlan {
  /** 'scale' for a paused or scaled Deployment (no rollout step, no progress estimate), else 'rollout'. */
  mode: 'scale' | 'rollout';
  /** The new ReplicaSet to create, with its replicas. */
  create?: { replicas: number };
  /** New sizes; an entry with the same size only brings the replica annotations up to date. */
  scale: Array<{ name: string; replicas: number }>;
  delete: string[];
  /**
   * The revision the existing new ReplicaSet's annotation is raised to, when it is not above every
   * old one (an older template again: a rollback). In every mode, paused and scaling included, as
   * Kubernetes' getNewReplicaSet runs in each sync.
   */
  raiseRevision?: number;
}

/** maxSurge and maxUnavailable as counts (Kubernetes' ResolveFenceposts). */
export function fenceposts(shape: DeploymentShape): { maxSurge: number; maxUnavailable: number } {
  if (shape.strategy.type !== 'RollingUpdate') return { maxSurge: 0, maxUnavailable: 0 };
  const maxSurge = scaledValue(shape.strategy.maxSurge, shape.replicas, true);
  let maxUnavailable = scaledValue(shape.strategy.maxUnavailable, shape.replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, shape.replicas) };
}

/** The replica annotations every scale writes: spec.replicas and spec.replicas + maxSurge. */
export function replicaAnnotations(shape: DeploymentShape): Record<string, string> {
  return {
    [DESIRED_REPLICAS_ANNOTATION]: String(shape.replicas),
    [MAX_REPLICAS_ANNOTATION]: String(shape.replicas + fenceposts(shape).maxSurge),
  };
}

export function planDeployment(shape: DeploymentShape, hash: string, replicaSets: ReplicaSetState[]): DeploymentPlan {
  const newRS = replicaSets.find((rs) => rs.podTemplateHash === hash);
  const old = replicaSets.filter((rs) => rs !== newRS).sort((a, b) => a.createdAt - b.createdAt);
  const plan = planSteps(shape, newRS, old, replicaSets);
  // Kubernetes' newRevision is the old ReplicaSets' highest revision plus one; a lower one is raised to it.
  const next = Math.max(0, ...old.map((rs) => rs.revision ?? 0)) + 1;
  if (newRS && (newRS.revision ?? 0) < next) plan.raiseRevision = next;
  return plan;
}

function planSteps(
  shape: DeploymentShape,
  newRS: ReplicaSetState | undefined,
  old: ReplicaSetState[],
  replicaSets: ReplicaSetState[],
): DeploymentPlan {
  if (shape.paused || isScalingEvent(shape, replicaSets)) {
    const plan: DeploymentPlan = { mode: 'scale', scale: proportionalScale(shape, newRS, old), delete: [] };
    if (shape.paused) plan.delete = historyToDelete(old, shape.revisionHistoryLimit);
    return plan;
  }
  return shape.strategy.type === 'Recreate' ? recreate(shape, newRS, old) : rollingUpdate(shape, newRS, old);
}

/** A scaling event: an active ReplicaSet was sized for another spec.replicas. */
export function isScalingEvent(shape: DeploymentShape, replicaSets: ReplicaSetState[]): boolean {
  return replicaSets.some(
    (rs) => rs.replicas > 0 && rs.desiredReplicas !== undefined && rs.desiredReplicas !== shape.replicas,
  );
}

function recreate(shape: DeploymentShape, newRS: ReplicaSetState | undefined, old: ReplicaSetState[]): DeploymentPlan {
  const plan: DeploymentPlan = { mode: 'rollout', scale: [], delete: [] };
  const running = old.filter((rs) => rs.replicas > 0);
  if (running.length > 0) {
    plan.scale = running.map((rs) => ({ name: rs.name, replicas: 0 }));
    return plan;
  }
  if (old.some((rs) => rs.pods > 0)) return plan;
  if (!newRS) plan.create = { replicas: shape.replicas };
  else if (newRS.replicas !== shape.replicas) plan.scale = [{ name: newRS.name, replicas: shape.replicas }];
  else if (complete(shape, newRS, old)) plan.delete = historyToDelete(old, shape.revisionHistoryLimit);
  return plan;
}

function rollingUpdate(
  shape: DeploymentShape,
  existing: ReplicaSetState | undefined,
  old: ReplicaSetState[],
): DeploymentPlan {
  const plan: DeploymentPlan = { mode: 'rollout', scale: [], delete: [] };
  const { maxSurge, maxUnavailable } = fenceposts(shape);
  const total = (list: ReplicaSetState[]) => list.reduce((sum, rs) => sum + rs.replicas, 0);
  // The new ReplicaSet first (NewRSNewReplicas): up to replicas + maxSurge pods in all.
  const current = existing?.replicas ?? 0;
  let wanted = current;
  if (current > shape.replicas) wanted = shape.replicas;
  else if (current < shape.replicas) {
    const room = shape.replicas + maxSurge - total(old) - current;
    wanted = current + Math.max(0, Math.min(room, shape.replicas - current));
  }
  let newRS = existing;
  if (!newRS) {
    // Created, then the old ones are looked at in the same sync, as Kubernetes does.
    plan.create = { replicas: wanted };
    newRS = { name: '', podTemplateHash: '', replicas: wanted, availableReplicas: 0, pods: 0, createdAt: Infinity };
  } else if (wanted !== current) {
    plan.scale.push({ name: newRS.name, replicas: wanted });
    return plan;
  }
  // Then the old ones, keeping replicas - maxUnavailable pods available.
  if (total(old) === 0) {
    if (!plan.create && complete(shape, newRS, old)) plan.delete = historyToDelete(old, shape.revisionHistoryLimit);
    return plan;
  }
  const all = [...old, newRS];
  const minAvailable = shape.replicas - maxUnavailable;
  const newUnavailable = newRS.replicas - newRS.availableReplicas;
  const maxScaledDown = total(all) - minAvailable - newUnavailable;
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
  const available = all.reduce((sum, rs) => sum + rs.availableReplicas, 0);
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
  if (plan.scale.length === 0 && !plan.create && complete(shape, newRS, old))
    plan.delete = historyToDelete(old, shape.revisionHistoryLimit);
  return plan;
}

/**
 * A scaling event (or a paused Deployment): the only active ReplicaSet takes spec.replicas;
 * with several, a saturated new one takes them all; otherwise (RollingUpdate) the difference to
 * replicas + maxSurge is shared in proportion to each ReplicaSet's size, the rounding leftover
 * going to the largest (Kubernetes' proportional scaling).
 */
export function proportionalScale(
  shape: DeploymentShape,
  newRS: ReplicaSetState | undefined,
  old: ReplicaSetState[],
): DeploymentPlan['scale'] {
  const active = [...old, ...(newRS ? [newRS] : [])].filter((rs) => rs.replicas > 0);
  if (active.length <= 1) {
    const latestOld = [...old].sort((a, b) => b.createdAt - a.createdAt)[0];
    const target = active[0] ?? newRS ?? latestOld;
    if (!target || target.replicas === shape.replicas) return [];
    return [{ name: target.name, replicas: shape.replicas }];
  }
  if (newRS && saturated(shape, newRS))
    return old.filter((rs) => rs.replicas > 0).map((rs) => ({ name: rs.name, replicas: 0 }));
  if (shape.strategy.type !== 'RollingUpdate') return [];
  const { maxSurge } = fenceposts(shape);
  const allowed = shape.replicas > 0 ? shape.replicas + maxSurge : 0;
  const toAdd = allowed - active.reduce((sum, rs) => sum + rs.replicas, 0);
  // The largest first; among equals the newest when growing, the oldest when shrinking.
  const ordered = [...active].sort(
    (a, b) => b.replicas - a.replicas || (toAdd > 0 ? b.createdAt - a.createdAt : a.createdAt - b.createdAt),
  );
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of ordered) {
    const share = toAdd === 0 ? 0 : proportion(shape, maxSurge, rs, toAdd, added);
    sizes.set(rs.name, rs.replicas + share);
    added += share;
  }
  const largest = ordered[0];
  if (largest && toAdd !== 0) sizes.set(largest.name, Math.max(0, (sizes.get(largest.name) ?? 0) + toAdd - added));
  // Every active ReplicaSet whose size or replica annotations change is written.
  return ordered
    .map((rs) => ({ rs, replicas: sizes.get(rs.name) ?? rs.replicas }))
    .filter(({ rs, replicas }) => replicas !== rs.replicas || !sizedFor(shape, maxSurge, rs))
    .map(({ rs, replicas }) => ({ name: rs.name, replicas }));
}

/** A ReplicaSet's share of `toAdd` (GetProportion), within what is left to add. */
function proportion(
  shape: DeploymentShape,
  maxSurge: number,
  rs: ReplicaSetState,
  toAdd: number,
  added: number,
): number {
  if (rs.replicas === 0 || toAdd === added) return 0;
  const left = toAdd - added;
  const fraction = fractionOf(shape, maxSurge, rs);
  return toAdd > 0 ? Math.min(fraction, left) : Math.max(fraction, left);
}

/** How much a ReplicaSet grows or shrinks: its size scaled from the max-replicas it was sized for to replicas + maxSurge. */
function fractionOf(shape: DeploymentShape, maxSurge: number, rs: ReplicaSetState): number {
  if (shape.replicas === 0) return -rs.replicas;
  const sizedFor = rs.maxReplicas ?? shape.statusReplicas ?? 0;
  if (sizedFor <= 0) return 0;
  return roundHalfAway((rs.replicas * (shape.replicas + maxSurge)) / sizedFor) - rs.replicas;
}

/** Its replica annotations are this Deployment's spec.replicas and replicas + maxSurge. */
function sizedFor(shape: DeploymentShape, maxSurge: number, rs: ReplicaSetState): boolean {
  return rs.desiredReplicas === shape.replicas && rs.maxReplicas === shape.replicas + maxSurge;
}

function roundHalfAway(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

function saturated(shape: DeploymentShape, rs: ReplicaSetState): boolean {
  return (
    rs.replicas === shape.replicas && rs.desiredReplicas === shape.replicas && rs.availableReplicas === shape.replicas
  );
}

/** Every pod is of the new ReplicaSet and available (DeploymentComplete, from the ReplicaSets). */
function complete(shape: DeploymentShape, newRS: ReplicaSetState, old: ReplicaSetState[]): boolean {
  const pods = newRS.pods + old.reduce((sum, rs) => sum + rs.pods, 0);
  const available = newRS.availableReplicas + old.reduce((sum, rs) => sum + rs.availableReplicas, 0);
  return newRS.pods === shape.replicas && pods === shape.replicas && available === shape.replicas;
}

/** Old ReplicaSets beyond `limit`, lowest revision first, that are scaled to 0 and have no pods left. */
function historyToDelete(old: ReplicaSetState[], limit: number): string[] {
  const excess = old.length - Math.max(0, limit);
  return [...old]
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0) || a.createdAt - b.createdAt)
    .slice(0, Math.max(0, excess))
    .filter((rs) => rs.replicas === 0 && rs.pods === 0)
    .map((rs) => rs.name);
}
