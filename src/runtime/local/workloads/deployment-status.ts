// The status Kubernetes' Deployment controller writes, from the ReplicaSets after a sync: the
// counts (replicas and updatedReplicas count existing pods, unavailableReplicas is the ReplicaSets'
// spec.replicas less the available pods), the Available condition (at least replicas -
// maxUnavailable available), and, with a progress deadline, the Progressing condition:
// NewReplicaSetCreated / FoundNewReplicaSet, ReplicaSetUpdated on each sign of progress,
// NewReplicaSetAvailable once complete, ProgressDeadlineExceeded when no progress was seen for
// progressDeadlineSeconds, DeploymentPaused / DeploymentResumed. A paused or scaled Deployment's
// progress is not estimated, so a pause does not time out.
import { formatTimestamp, parseTimestamp } from '../../../conventions/timestamps.ts';

export interface DeploymentCondition {
  type: 'Available' | 'Progressing' | 'ReplicaFailure';
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

export interface DeploymentStatus {
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  collisionCount?: number;
  conditions?: DeploymentCondition[];
}

export interface ReplicaSetCounts {
  name: string;
  /** spec.replicas */
  replicas: number;
  /** Pods that exist and are not stopping (status.replicas). */
  currentReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

export interface StatusInput {
  name: string;
  generation: number;
  /** spec.replicas */
  replicas: number;
  maxUnavailable: number;
  paused: boolean;
  /** spec.progressDeadlineSeconds; undefined or 2147483647 (math.MaxInt32) for none (Kubernetes defaults it to 600). */
  progressDeadlineSeconds: number | undefined;
  /** The status as last written (empty for a new Deployment). */
  previous: Partial<DeploymentStatus>;
  replicaSets: ReplicaSetCounts[];
  newReplicaSet: string | undefined;
  /** The new ReplicaSet was created by this sync. */
  created: boolean;
  /** 'scale' when the sync only scaled (paused or a scaling event): progress is not estimated. */
  mode: 'scale' | 'rollout';
  now: number;
}

export interface StatusDecision {
  status: DeploymentStatus;
  /** When to look again for ProgressDeadlineExceeded, while the rollout waits for progress. */
  recheckAfterMs?: number;
}

export const PROGRESS_DEADLINE_EXCEEDED = 'ProgressDeadlineExceeded';
const NEW_RS_AVAILABLE = 'NewReplicaSetAvailable';

/** Kubernetes' HasProgressDeadline: a deadline is set and is not math.MaxInt32, which means none. */
export function hasProgressDeadline(seconds: number | undefined): seconds is number {
  return seconds !== undefined && seconds !== MAX_INT32;
}

const MAX_INT32 = 2_147_483_647;

export function nextDeploymentStatus(input: StatusInput): StatusDecision {
  const now = formatTimestamp(input.now);
  const deadline = hasProgressDeadline(input.progressDeadlineSeconds) ? input.progressDeadlineSeconds : undefined;
  let conditions = [...(input.previous.conditions ?? [])];
  const set = (condition: Omit<DeploymentCondition, 'lastUpdateTime' | 'lastTransitionTime'>) =>
    (conditions = withCondition(conditions, { ...condition, lastUpdateTime: now, lastTransitionTime: now }));
  const progressing = () => conditions.find((c) => c.type === 'Progressing');

  if (deadline !== undefined && progressing()?.reason !== PROGRESS_DEADLINE_EXCEEDED) {
    const paused = progressing()?.reason === 'DeploymentPaused';
    if (input.paused && !paused)
      set({ type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    else if (!input.paused && paused)
      set({ type: 'Progressing', status: 'Unknown', reason: 'DeploymentResumed', message: 'Deployment is resumed' });
  }
  if (input.newReplicaSet && input.created)
    set({
      type: 'Progressing',
      status: 'True',
      reason: 'NewReplicaSetCreated',
      message: `Created new replica set "${input.newReplicaSet}"`,
    });
  else if (input.newReplicaSet && deadline !== undefined && !progressing())
    set({
      type: 'Progressing',
      status: 'True',
      reason: 'FoundNewReplicaSet',
      message: `Found new replica set "${input.newReplicaSet}"`,
    });

  const sum = (pick: (rs: ReplicaSetCounts) => number) => input.replicaSets.reduce((n, rs) => n + pick(rs), 0);
  const available = sum((rs) => rs.availableReplicas);
  const newRS = input.replicaSets.find((rs) => rs.name === input.newReplicaSet);
  const status: DeploymentStatus = {
    observedGeneration: input.generation,
    replicas: sum((rs) => rs.currentReplicas),
    updatedReplicas: newRS?.currentReplicas ?? 0,
    readyReplicas: sum((rs) => rs.readyReplicas),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, sum((rs) => rs.replicas) - available),
    ...(input.previous.collisionCount !== undefined ? { collisionCount: input.previous.collisionCount } : {}),
  };
  if (available >= input.replicas - input.maxUnavailable)
    set({
      type: 'Available',
      status: 'True',
      reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.',
    });
  else
    set({
      type: 'Available',
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.',
    });

  let recheckAfterMs: number | undefined;
  if (input.mode === 'rollout') {
    if (deadline === undefined) conditions = conditions.filter((c) => c.type !== 'Progressing');
    const current = progressing();
    const settled = status.replicas === status.updatedReplicas && current?.reason === NEW_RS_AVAILABLE;
    const what = input.newReplicaSet ? `ReplicaSet "${input.newReplicaSet}"` : `Deployment "${input.name}"`;
    if (deadline !== undefined && !settled) {
      if (isComplete(input, status))
        set({
          type: 'Progressing',
          status: 'True',
          reason: NEW_RS_AVAILABLE,
          message: `${what} has successfully progressed.`,
        });
      else if (madeProgress(input.previous, status)) {
        // Progress moves lastUpdateTime, even with the same reason; a True condition keeps its transition time.
        const transition = current?.status === 'True' ? current.lastTransitionTime : now;
        conditions = [
          ...conditions.filter((c) => c.type !== 'Progressing'),
          {
            type: 'Progressing',
            status: 'True',
            reason: 'ReplicaSetUpdated',
            message: `${what} is progressing.`,
            lastUpdateTime: now,
            lastTransitionTime: transition,
          },
        ];
      } else if (timedOut(current, deadline, input.now))
        set({
          type: 'Progressing',
          status: 'False',
          reason: PROGRESS_DEADLINE_EXCEEDED,
          message: `${what} has timed out progressing.`,
        });
    }
    const after = progressing();
    if (deadline !== undefined && after && after.reason !== PROGRESS_DEADLINE_EXCEEDED && !isComplete(input, status)) {
      const since = parseTimestamp(after.lastUpdateTime) ?? input.now;
      recheckAfterMs = Math.max(0, since + deadline * 1000 - input.now) + 1000;
    }
  }
  if (conditions.length > 0) status.conditions = conditions;
  return { status, ...(recheckAfterMs !== undefined ? { recheckAfterMs } : {}) };
}

/** Sets a condition as Kubernetes does: the same status and reason change nothing; the same status keeps its transition time. */
export function withCondition(
  conditions: DeploymentCondition[],
  condition: DeploymentCondition,
): DeploymentCondition[] {
  const current = conditions.find((c) => c.type === condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return conditions;
  const next =
    current && current.status === condition.status
      ? { ...condition, lastTransitionTime: current.lastTransitionTime }
      : condition;
  return [...conditions.filter((c) => c.type !== condition.type), next];
}

function isComplete(input: StatusInput, status: DeploymentStatus): boolean {
  return (
    status.updatedReplicas === input.replicas &&
    status.replicas === input.replicas &&
    status.availableReplicas === input.replicas &&
    status.observedGeneration >= input.generation
  );
}

/** More updated, ready or available pods, or fewer old ones, than the status last written. */
function madeProgress(previous: Partial<DeploymentStatus>, next: DeploymentStatus): boolean {
  const oldBefore = (previous.replicas ?? 0) - (previous.updatedReplicas ?? 0);
  const oldNow = next.replicas - next.updatedReplicas;
  return (
    next.updatedReplicas > (previous.updatedReplicas ?? 0) ||
    oldNow < oldBefore ||
    next.readyReplicas > (previous.readyReplicas ?? 0) ||
    next.availableReplicas > (previous.availableReplicas ?? 0)
  );
}

function timedOut(condition: DeploymentCondition | undefined, deadlineSeconds: number, now: number): boolean {
  if (!condition || condition.reason === NEW_RS_AVAILABLE) return false;
  if (condition.reason === PROGRESS_DEADLINE_EXCEEDED) return true;
  const since = parseTimestamp(condition.lastUpdateTime);
  return since !== undefined && since + deadlineSeconds * 1000 < now;
}
