// Which pods a ReplicaSet stops first when it scales down, in the order Kubernetes' ReplicaSet
// controller ranks them: pending before running, not ready before ready, lower
// pod-deletion-cost first, ready for less time before ready for longer, more restarts before
// fewer, newer before older.

export interface PodRank {
  name: string;
  /** The pod's phase: a pod whose containers have not started yet is Pending. */
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  ready: boolean;
  readySince?: number;
  restartCount: number;
  createdAt: number;
  /** The `controller.kubernetes.io/pod-deletion-cost` annotation (0 when absent or not an integer). */
  deletionCost: number;
}

export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

export function deletionCostOf(annotations: Record<string, string>): number {
  const value = annotations[POD_DELETION_COST_ANNOTATION];
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : 0;
}

const PHASE_ORDER: Record<PodRank['phase'], number> = { Pending: 0, Failed: 0, Succeeded: 0, Running: 2 };

/** Negative when `a` should be stopped before `b`. */
export function compareForScaleDown(a: PodRank, b: PodRank): number {
  return (
    PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] ||
    Number(a.ready) - Number(b.ready) ||
    a.deletionCost - b.deletionCost ||
    (a.ready && b.ready ? (b.readySince ?? 0) - (a.readySince ?? 0) : 0) ||
    b.restartCount - a.restartCount ||
    b.createdAt - a.createdAt ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

/** The `count` pods to stop. */
export function podsToStop<T extends PodRank>(pods: readonly T[], count: number): T[] {
  return [...pods].sort(compareForScaleDown).slice(0, Math.max(0, count));
}
