// One row of `list rollouts`: the rollout alone is enough (no ReplicaSets or pods needed).
import type { Rollout } from '../api/types/rollout.ts';
import { replicasOf } from '../api/defaults.ts';
import { currentSetWeight, displayedPhase } from '../engine/read-rollout.ts';
import { stepText } from './rollout-header.ts';
import { rolloutStatusKind } from './status-kinds.ts';
import type { Status } from './model.ts';

export interface RolloutListRow {
  namespace: string;
  name: string;
  /** `Canary`, `BlueGreen`, or `unknown` (as `kubectl argo rollouts list rollouts` prints it). */
  strategy: string;
  status: Status;
  /** `1/4`, or `-` when not a canary with steps. */
  step: string;
  /** The canary's set weight, or `-`. */
  setWeight: string;
  /** Ready / current replicas: `3/4`. */
  ready: string;
  desired: number;
  upToDate: number;
  available: number;
}

export function rolloutListRow(rollout: Rollout): RolloutListRow {
  const status = rollout.status ?? {};
  const { phase } = displayedPhase(rollout);
  let strategy = 'unknown';
  let step = '-';
  let setWeight = '-';
  if (rollout.spec.strategy.canary) {
    strategy = 'Canary';
    step = stepText(rollout) || '-';
    setWeight = String(currentSetWeight(rollout, status));
  } else if (rollout.spec.strategy.blueGreen) {
    strategy = 'BlueGreen';
  }
  return {
    namespace: rollout.metadata.namespace ?? '',
    name: rollout.metadata.name ?? '',
    strategy,
    status: { text: phase, kind: rolloutStatusKind(phase) },
    step,
    setWeight,
    ready: `${status.readyReplicas ?? 0}/${status.replicas ?? 0}`,
    desired: replicasOf(rollout),
    upToDate: status.updatedReplicas ?? 0,
    available: status.availableReplicas ?? 0,
  };
}

/** Whether two rows would print differently (`list rollouts -w` prints a row again only then). */
export function sameListRow(a: RolloutListRow, b: RolloutListRow): boolean {
  return (
    a.namespace === b.namespace &&
    a.name === b.name &&
    a.strategy === b.strategy &&
    a.status.text === b.status.text &&
    a.step === b.step &&
    a.setWeight === b.setWeight &&
    a.ready === b.ready &&
    a.desired === b.desired &&
    a.upToDate === b.upToDate &&
    a.available === b.available
  );
}
