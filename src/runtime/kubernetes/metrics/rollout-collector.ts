// The rollout families, computed from the informer cache at scrape time (as Argo's collector
// does): rollout_info, rollout_info_replicas_{available,unavailable,desired,updated} and the
// deprecated rollout_phase. Names, labels and the phase rules follow Argo Rollouts.
import type { Rollout } from '../../../api/types/rollout.ts';
import { replicasOf } from '../../../api/defaults.ts';
import { Reason } from '../../../engine/read-rollout.ts';
import {
  escapeLabelValue,
  formatValue,
  type LineFamily,
  type MetricFamily,
  type Sample,
} from '../../../platform/prometheus/exposition.ts';
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

const HELP = {
  info: 'Information about rollout.',
  available: 'The number of available replicas per rollout.',
  unavailable: 'The number of unavailable replicas per rollout.',
  desired: 'The number of desired replicas per rollout.',
  updated: 'The number of updated replicas per rollout.',
  phase: 'Information on the state of the rollout (DEPRECATED - use rollout_info)',
} as const;

/**
 * The same families as rolloutFamilies, as lines (renderPage): each rollout's namespace and name
 * escaped once for its eleven lines, and no Sample or label object per line.
 */
export function rolloutLineFamilies(rollouts: ReadonlyArray<Stored<Rollout>>): LineFamily[] {
  const rows = rollouts.map((rollout) => {
    const { namespace, name } = rollout.metadata;
    const { strategy, trafficRouter } = strategyAndTrafficRouter(rollout);
    const status = rollout.status ?? {};
    return {
      base: `{namespace="${escapeLabelValue(namespace)}",name="${escapeLabelValue(name)}"`,
      strategy: escapeLabelValue(strategy),
      trafficRouter: escapeLabelValue(trafficRouter),
      phase: rolloutMetricPhase(rollout),
      available: status.availableReplicas ?? 0,
      replicas: status.replicas ?? 0,
      desired: replicasOf(rollout),
      updated: status.updatedReplicas ?? 0,
    };
  });
  type Row = (typeof rows)[number];
  const gauge = (name: string, help: string, value: (row: Row) => number): LineFamily => ({
    name,
    help,
    type: 'gauge',
    writeLines: (lines) => {
      for (const row of rows) lines.push(`${name}${row.base}} ${formatValue(value(row))}`);
    },
  });
  return [
    {
      name: 'rollout_info',
      help: HELP.info,
      type: 'gauge',
      writeLines: (lines) => {
        for (const row of rows)
          lines.push(
            `rollout_info${row.base},strategy="${row.strategy}",traffic_router="${row.trafficRouter}",phase="${row.phase}"} 1`,
          );
      },
    },
    gauge('rollout_info_replicas_available', HELP.available, (row) => row.available),
    gauge('rollout_info_replicas_unavailable', HELP.unavailable, (row) => row.replicas - row.available),
    gauge('rollout_info_replicas_desired', HELP.desired, (row) => row.desired),
    gauge('rollout_info_replicas_updated', HELP.updated, (row) => row.updated),
    {
      name: 'rollout_phase',
      help: HELP.phase,
      type: 'gauge',
      writeLines: (lines) => {
        for (const row of rows)
          for (const candidate of PHASE_SAMPLES)
            lines.push(
              `rollout_phase${row.base},strategy="${row.strategy}",phase="${candidate}"} ${candidate === row.phase ? 1 : 0}`,
            );
      },
    },
  ];
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
    { name: 'rollout_info', help: HELP.info, type: 'gauge', samples: info },
    { name: 'rollout_info_replicas_available', help: HELP.available, type: 'gauge', samples: available },
    { name: 'rollout_info_replicas_unavailable', help: HELP.unavailable, type: 'gauge', samples: unavailable },
    { name: 'rollout_info_replicas_desired', help: HELP.desired, type: 'gauge', samples: desired },
    { name: 'rollout_info_replicas_updated', help: HELP.updated, type: 'gauge', samples: updated },
    { name: 'rollout_phase', help: HELP.phase, type: 'gauge', samples: phases },
  ];
}
