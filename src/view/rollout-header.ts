// The header of `get rollout`: status and message, strategy, canary step and weights, the images
// running with their roles, and the replica counts.
import type { Rollout } from '../api/types/rollout.ts';
import { replicasOf } from '../api/defaults.ts';
import { currentSetWeight, currentStep, stepsOf, displayedPhase } from '../engine/read-rollout.ts';
import type { ImageView, ReplicaCounts, ReplicaSetView, RolloutView, RoleTag } from './model.ts';

export type Header = Pick<RolloutView, 'message' | 'strategy' | 'step' | 'setWeight' | 'actualWeight' | 'replicas'> & {
  phase: string;
};

export function rolloutHeader(rollout: Rollout, replicaSets: ReplicaSetView[]): Header {
  const { phase, message } = displayedPhase(rollout);
  return { phase, message, ...strategyFields(rollout, replicaSets), replicas: replicaCounts(rollout) };
}

export function strategyName(rollout: Rollout): RolloutView['strategy'] {
  if (rollout.spec.strategy.canary) return 'Canary';
  if (rollout.spec.strategy.blueGreen) return 'BlueGreen';
  return 'Unknown';
}

/** `1/4`: status.currentStepIndex over the number of steps; '' when unknown or there are no steps. */
export function stepText(rollout: Rollout): string {
  const steps = stepsOf(rollout);
  const index = rollout.status?.currentStepIndex;
  return index !== undefined && steps.length > 0 ? `${index}/${steps.length}` : '';
}

function strategyFields(
  rollout: Rollout,
  replicaSets: ReplicaSetView[],
): Pick<RolloutView, 'strategy' | 'step' | 'setWeight' | 'actualWeight'> {
  const strategy = strategyName(rollout);
  if (strategy !== 'Canary') return { strategy };
  const status = rollout.status ?? {};
  const setWeight = currentSetWeight(rollout, status);
  return { strategy, step: stepText(rollout), setWeight, actualWeight: actualWeight(rollout, replicaSets, setWeight) };
}

/**
 * The weight in effect: the router's canary weight with traffic routing; without it, the canary's
 * share of available pods. 100 once every step is done.
 */
function actualWeight(rollout: Rollout, replicaSets: ReplicaSetView[], setWeight: number): number {
  const status = rollout.status ?? {};
  if (currentStep(rollout, status).step === undefined) return 100;
  const available = status.availableReplicas ?? 0;
  if (available <= 0) return 0;
  if (rollout.spec.strategy.canary?.trafficRouting) return status.canary?.weights?.canary.weight ?? setWeight;
  const canary = replicaSets.find((rs) => rs.tags.includes('canary'));
  return canary ? Math.trunc((canary.available * 100) / available) : 0;
}

function replicaCounts(rollout: Rollout): ReplicaCounts {
  const status = rollout.status ?? {};
  return {
    desired: replicasOf(rollout),
    current: status.replicas ?? 0,
    updated: status.updatedReplicas ?? 0,
    ready: status.readyReplicas ?? 0,
    available: status.availableReplicas ?? 0,
  };
}

const roleOrder: RoleTag[] = ['canary', 'stable', 'active', 'preview', 'ping', 'pong'];

/**
 * The images of ReplicaSets that have pods, each with the roles it serves (an image shared by
 * two ReplicaSets lists both roles). Sorted by image.
 */
export function imagesOf(replicaSets: ReplicaSetView[], experimentReplicaSets: ReplicaSetView[]): ImageView[] {
  const images: ImageView[] = [];
  const add = (image: string, tags: RoleTag[], templates: string[]) => {
    const existing = images.find((entry) => entry.image === image);
    if (!existing) {
      images.push({ image, tags, experimentTemplates: templates });
      return;
    }
    existing.tags = [...new Set([...existing.tags, ...tags])].sort();
    existing.experimentTemplates = [...new Set([...existing.experimentTemplates, ...templates])].sort();
  };
  for (const rs of replicaSets) {
    if (rs.replicas <= 0) continue;
    const tags = roleOrder.filter((role) => rs.tags.includes(role));
    for (const image of rs.images) add(image, tags, []);
  }
  for (const rs of experimentReplicaSets) {
    if (rs.replicas <= 0) continue;
    for (const image of rs.images) add(image, [], rs.experimentTemplate ? [rs.experimentTemplate] : []);
  }
  return images.sort((a, b) => (a.image < b.image ? -1 : a.image > b.image ? 1 : 0));
}
