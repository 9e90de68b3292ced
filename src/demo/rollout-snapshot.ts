// What the demo shows of the rollout at one moment, read from the local API's detail: phase,
// step, weights in place, header routes, versions per role and the background analysis. Pure.
import { pauseDurationSeconds } from '../api/duration.ts';
import type { AnalysisRun } from '../api/types/analysis.ts';
import type { CanaryStep } from '../api/types/rollout.ts';
import { parseTimestamp } from '../conventions/timestamps.ts';
import type { RolloutDetail } from '../runtime/local/api/rollout-details.ts';
import { versionOf } from './scenario-manifests.ts';

export interface MeasurementSnapshot {
  phase: string;
  value?: string;
  /** Epoch ms. */
  finishedAt?: number;
}

export interface AnalysisSnapshot {
  name: string;
  phase: string;
  message: string;
  metric: string;
  failureLimit?: number;
  measurements: MeasurementSnapshot[];
}

export interface RolloutSnapshot {
  phase: string;
  message: string;
  aborted: boolean;
  /** Index of the current step (steps.length once all are done). */
  stepIndex?: number;
  stepCount: number;
  /** `setWeight 20`, `pause 20s`, `setHeaderRoute canary-by-header`; undefined when no step is current. */
  step?: string;
  /** Epoch ms when the current timed pause ends. */
  pauseEndsAt?: number;
  /** The canary's weight in place at the gateway. */
  canaryWeight: number;
  headerRoutes: string[];
  /** The colorapi versions of the stable and the canary ReplicaSets. */
  stableVersion?: string;
  canaryVersion?: string;
  analysis?: AnalysisSnapshot;
}

export function rolloutSnapshot(detail: RolloutDetail): RolloutSnapshot {
  const { rollout } = detail;
  const status = rollout.status ?? {};
  const steps = rollout.spec.strategy?.canary?.steps ?? [];
  const stepIndex = status.currentStepIndex;
  const current = stepIndex !== undefined ? steps[stepIndex] : undefined;
  const pause = status.pauseConditions?.find((condition) => condition.reason === 'CanaryPauseStep');
  const pauseSeconds = current?.pause?.duration !== undefined ? safePauseSeconds(current.pause.duration) : undefined;
  const pauseStart = parseTimestamp(pause?.startTime);
  const versionByHash = new Map(
    detail.replicaSets.map((rs) => [
      rs.metadata.labels?.['rollouts-pod-template-hash'] ?? '',
      versionOf(rs.spec.template.spec?.containers[0]?.image),
    ]),
  );
  const stableVersion = versionByHash.get(status.stableRS ?? '');
  const canaryVersion =
    status.currentPodHash !== status.stableRS ? versionByHash.get(status.currentPodHash ?? '') : undefined;
  const analysis = latestAnalysis(detail.analysisRuns);
  return {
    phase: status.phase ?? 'Unknown',
    message: status.message ?? '',
    aborted: status.abort === true,
    ...(stepIndex !== undefined ? { stepIndex } : {}),
    stepCount: steps.length,
    ...(current ? { step: stepText(current) } : {}),
    ...(pauseStart !== undefined && pauseSeconds !== undefined
      ? { pauseEndsAt: pauseStart + pauseSeconds * 1000 }
      : {}),
    canaryWeight: detail.routes?.canaryWeight ?? status.canary?.weights?.canary.weight ?? 0,
    headerRoutes: detail.routes?.headerRoutes ?? [],
    ...(stableVersion ? { stableVersion } : {}),
    ...(canaryVersion ? { canaryVersion } : {}),
    ...(analysis ? { analysis } : {}),
  };
}

export function stepText(step: CanaryStep): string {
  if (step.setWeight !== undefined) return `setWeight ${step.setWeight}`;
  if (step.pause)
    return step.pause.duration !== undefined
      ? `pause ${typeof step.pause.duration === 'number' ? `${step.pause.duration}s` : step.pause.duration}`
      : 'pause (until promoted)';
  if (step.setHeaderRoute) return `setHeaderRoute ${step.setHeaderRoute.name}`;
  if (step.setMirrorRoute) return `setMirrorRoute ${step.setMirrorRoute.name}`;
  if (step.setCanaryScale) return 'setCanaryScale';
  if (step.analysis) return 'analysis';
  if (step.experiment) return 'experiment';
  return Object.keys(step)[0] ?? 'step';
}

function safePauseSeconds(duration: number | string): number | undefined {
  try {
    return pauseDurationSeconds(duration);
  } catch {
    return undefined;
  }
}

/** The newest run (highest revision, then newest). */
function latestAnalysis(runs: readonly AnalysisRun[]): AnalysisSnapshot | undefined {
  const sorted = [...runs].sort(
    (a, b) =>
      revisionOf(b) - revisionOf(a) ||
      (parseTimestamp(b.metadata.creationTimestamp) ?? 0) - (parseTimestamp(a.metadata.creationTimestamp) ?? 0),
  );
  const run = sorted[0];
  if (!run) return undefined;
  const result = run.status?.metricResults?.[0];
  const metric = run.spec.metrics[0];
  const failureLimit = metric?.failureLimit;
  return {
    name: run.metadata.name ?? '',
    phase: run.status?.phase ?? 'Pending',
    message: run.status?.message ?? '',
    metric: result?.name ?? metric?.name ?? '',
    ...(typeof failureLimit === 'number' ? { failureLimit } : {}),
    measurements: (result?.measurements ?? []).map((measurement) => {
      const finishedAt = parseTimestamp(measurement.finishedAt);
      return {
        phase: measurement.phase,
        ...(measurement.value !== undefined ? { value: measurement.value } : {}),
        ...(finishedAt !== undefined ? { finishedAt } : {}),
      };
    }),
  };
}

function revisionOf(run: AnalysisRun): number {
  return Number(run.metadata.annotations?.['rollout.argoproj.io/revision'] ?? 0) || 0;
}
