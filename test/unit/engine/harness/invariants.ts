// Safety invariants of a canary, checked on the simulated cluster after every decision.
import type { SimulatedCluster } from './cluster.ts';
import { replicasOf } from '../../../../src/api/defaults.ts';

export interface InvariantViolation {
  at: number;
  rule: string;
  detail: string;
}

function availableOf(cluster: SimulatedCluster, hash: string): number {
  const rs = [...cluster.replicaSets.values()].find((r) => r.podTemplateHash === hash);
  if (!rs) return 0;
  return rs.pods.filter((p) => !p.failed && p.readyAt !== undefined && p.readyAt <= cluster.now).length;
}

function specOf(cluster: SimulatedCluster, hash: string): number {
  return [...cluster.replicaSets.values()].find((r) => r.podTemplateHash === hash)?.replicas ?? 0;
}

/** Violations in the cluster as it is now (after the last decision was applied). */
export function checkInvariants(cluster: SimulatedCluster): InvariantViolation[] {
  const found: InvariantViolation[] = [];
  const add = (rule: string, detail: string) => found.push({ at: cluster.now, rule, detail });
  const total = cluster.rollout.spec.strategy.canary?.trafficRouting?.maxTrafficWeight ?? 100;
  const weights = cluster.status.canary?.weights;
  if (weights) {
    const sum =
      weights.canary.weight + weights.stable.weight + (weights.additional ?? []).reduce((s, w) => s + w.weight, 0);
    if (sum !== total)
      add(
        'weights sum to maxTrafficWeight',
        `canary ${weights.canary.weight} + stable ${weights.stable.weight} = ${sum}`,
      );
  }
  const traffic = cluster.traffic;
  if (traffic) {
    if (traffic.canaryWeight < 0 || traffic.canaryWeight > total)
      add('weight within 0..maxTrafficWeight', `canary weight ${traffic.canaryWeight}`);
    if (
      traffic.canaryWeight > 0 &&
      traffic.canaryHash !== traffic.stableHash &&
      availableOf(cluster, traffic.canaryHash) === 0
    ) {
      add(
        'no traffic to a ReplicaSet without available pods',
        `canary ${traffic.canaryHash} gets ${traffic.canaryWeight}% with no available pod`,
      );
    }
    // The stable must hold its traffic whenever the engine chose to scale it down or to move traffic
    // onto it while the canary could still serve. (When the canary loses all its pods, traffic has
    // nowhere else to go: the stable is scaled up on the next pass.)
    const stableRS = [...cluster.replicaSets.values()].find((r) => r.podTemplateHash === traffic.stableHash);
    const scaledStableDown = (cluster.lastDecision?.actions ?? []).some(
      (a) =>
        a.type === 'scaleReplicaSet' &&
        a.name === stableRS?.name &&
        a.replicas < (cluster.replicasBefore.get(a.name) ?? 0),
    );
    const before = cluster.trafficBefore;
    const movedOntoStable =
      before !== undefined &&
      traffic.canaryWeight < before.canaryWeight &&
      availableOf(cluster, traffic.canaryHash) > 0;
    if (traffic.stableHash && traffic.canaryHash !== traffic.stableHash && (scaledStableDown || movedOntoStable)) {
      const needed = Math.ceil(((total - traffic.canaryWeight) * replicasOf(cluster.rollout)) / total);
      const scaled = specOf(cluster, traffic.stableHash);
      if (scaled < needed)
        add(
          'stable scaled for its traffic',
          `stable ${traffic.stableHash} has ${scaled} replicas for ${total - traffic.canaryWeight}/${total} (needs ${needed})`,
        );
    }
  }
  return found;
}
