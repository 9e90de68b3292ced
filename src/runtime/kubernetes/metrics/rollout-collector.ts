// The rollout families, computed from the informer cache at scrape time (as Argo's collector
// does): rollout_info, rollout_info_replicas_{available,unavailable,desired,updated} and the
// deprecated rollout_phase. Names, labels and the phase rules follow Argo Rollouts.
import type { Rollout } from '../../../api/types/rollout.ts';
import { replicasOf } from '../../../api/defaults.ts';
import { Reason } from '../../../engine/read-rollout.ts';
import type { MetricFamily, Sample } from '../../../platform/prometheus/exposition.ts';
import type { Stored } from '../../../platform/kubernetes/client/objects.ts';

export type RolloutMetricPhase = 'Completed' | 'Progressing' | 'Paused' | 'Timeout' | 'Error' | 'Abort' | 'InvalidSpec';

/** The phases rollout_phase has one sample for (InvalidSpec shows only in rollout_info). */
const PHASE_SAMPLES: readonly RolloutMetricPhase[] = [
  'Completed',
  'Progressing',
  'Paused',
  'Timeout',
  'Error',
  'Abort',
];

const FAILED_REPLICA_SET_CREATE = 'ReplicaSetCreateError';

/** The phase Argo reports for a rollout, from its Progressing and InvalidSpec conditions. */
export function rolloutMetricPhase(rollout: Rollout): RolloutMetricPhase {
  const conditions = rollout.status?.conditions ?? [];
  if (conditions.some((condition) => condition.type === 'InvalidSpec')) return 'InvalidSpec';
  switch (conditions.find((condition) => condition.type === 'Progressing')?.reason) {
    case Reason.NewReplicaSetAvailable:
      return 'Completed';
    case Reason.RolloutPaused:
      return 'Paused';
    case FAILED_REPLICA_SET_CREATE:
      return 'Error';
    case Reason.TimedOut:
      return 'Timeout';
    case Reason.RolloutAborted:
      return 'Abort';
    default:
      return 'Progressing';
  }
}

/** Strategy ("blueGreen", "canary" or "none") and traffic router label, as Argo names them. */
export function strategyAndTrafficRouter(rollout: Rollout): { strategy: string; trafficRouter: string } {
  const strategy = rollout.spec.strategy;
  if (strategy?.blueGreen) return { strategy: 'blueGreen', trafficRouter: '' };
  if (!strategy?.canary) return { strategy: 'none', trafficRouter: '' };
  const routing = strategy.canary.trafficRouting;
  let trafficRouter = '';
  // Argo checks in this order and the last one set wins.
  if (routing?.alb) trafficRouter = 'ALB';
  if (routing?.ambassador) trafficRouter = 'Ambassador';
  if (routing?.istio) trafficRouter = 'Istio';
  if (routing?.nginx) trafficRouter = 'Nginx';
  if (routing?.smi) trafficRouter = 'SMI';
  if (routing?.appMesh) trafficRouter = 'AppMesh';
  return { strategy: 'canary', trafficRouter };
}

export function rolloutFamilies(rollouts: ReadonlyArray<Stored<Rollout>>): MetricFamily[] {
  const info: Sample[] = [];
  const available: Sample[] = [];
  const unavailable: Sample[] = [];
  const desired: Sample[] = [];
  const updated: Sample[] = [];
  const phases: Sample[] = [];
  for (const rollout of rollouts) {
    const { namespace, name } = rollout.metadata;
    const { strategy, trafficRouter } = strategyAndTrafficRouter(rollout);
    const phase = rolloutMetricPhase(rollout);
    const status = rollout.status ?? {};
    const base = { namespace, name };
    info.push({ name: 'rollout_info', labels: { ...base, strategy, traffic_router: trafficRouter, phase }, value: 1 });
    available.push({ name: 'rollout_info_replicas_available', labels: base, value: status.availableReplicas ?? 0 });
    unavailable.push({
      name: 'rollout_info_replicas_unavailable',
      labels: base,
      value: (status.replicas ?? 0) - (status.availableReplicas ?? 0),
    });
    desired.push({ name: 'rollout_info_replicas_desired', labels: base, value: replicasOf(rollout) });
    updated.push({ name: 'rollout_info_replicas_updated', labels: base, value: status.updatedReplicas ?? 0 });
    for (const candidate of PHASE_SAMPLES) {
      phases.push({
        name: 'rollout_phase',
        labels: { ...base, strategy, phase: candidate },
        value: candidate === phase ? 1 : 0,
      });
    }
  }
  return [
    { name: 'rollout_info', help: 'Information about rollout.', type: 'gauge', samples: info },
    {
      name: 'rollout_info_replicas_available',
      help: 'The number of available replicas per rollout.',
      type: 'gauge',
      samples: available,
    },
    {
      name: 'rollout_info_replicas_unavailable',
      help: 'The number of unavailable replicas per rollout.',
      type: 'gauge',
      samples: unavailable,
    },
    {
      name: 'rollout_info_replicas_desired',
      help: 'The number of desired replicas per rollout.',
      type: 'gauge',
      samples: desired,
    },
    {
      name: 'rollout_info_replicas_updated',
      help: 'The number of updated replicas per rollout.',
      type: 'gauge',
      samples: updated,
    },
    {
      name: 'rollout_phase',
      help: 'Information on the state of the rollout (DEPRECATED - use rollout_info)',
      type: 'gauge',
      samples: phases,
    },
  ];
}
