// Argo's experiment helpers (utils/experiment): when an experiment is terminating, has finished or
// ran its duration, and how many replicas a template wants.
import type { AnalysisPhase } from '../../api/types/analysis.ts';
import type {
  Experiment,
  ExperimentAnalysisRunStatus,
  ExperimentStatus,
  ExperimentTemplateSpec,
  TemplateStatus,
  TemplateStatusCode,
} from '../../api/types/experiment.ts';
import { parseGoDuration } from '../../api/duration.ts';
import { parseTimestamp } from '../../conventions/timestamps.ts';

export const EXPERIMENT_DEFAULTS = { progressDeadlineSeconds: 600, scaleDownDelaySeconds: 30, replicas: 1 } as const;

export function progressDeadlineSecondsOf(experiment: Experiment): number {
  return experiment.spec.progressDeadlineSeconds ?? EXPERIMENT_DEFAULTS.progressDeadlineSeconds;
}

export function scaleDownDelaySecondsOf(experiment: Experiment): number {
  return experiment.spec.scaleDownDelaySeconds ?? EXPERIMENT_DEFAULTS.scaleDownDelaySeconds;
}

export function isCompletedPhase(phase: AnalysisPhase | '' | undefined): boolean {
  return phase === 'Successful' || phase === 'Failed' || phase === 'Error' || phase === 'Inconclusive';
}

export function isCompletedTemplate(code: TemplateStatusCode | undefined): boolean {
  return code === 'Successful' || code === 'Failed' || code === 'Error';
}

export function templateStatusOf(status: ExperimentStatus, name: string): TemplateStatus | undefined {
  return status.templateStatuses?.find((entry) => entry.name === name);
}

export function runStatusOf(status: ExperimentStatus, name: string): ExperimentAnalysisRunStatus | undefined {
  return status.analysisRuns?.find((entry) => entry.name === name);
}

export function hasFinished(experiment: Experiment): boolean {
  return isCompletedPhase(experiment.status?.phase);
}

export function hasRequiredAnalyses(experiment: Experiment): boolean {
  return (experiment.spec.analyses ?? []).some((analysis) => analysis.requiredForCompletion);
}

/** Every analysis requiredForCompletion (there is one at least) is Successful. */
export function requiredAnalysesSuccessful(experiment: Experiment, status: ExperimentStatus): boolean {
  const required = (experiment.spec.analyses ?? []).filter((analysis) => analysis.requiredForCompletion);
  return (
    required.length > 0 && required.every((analysis) => runStatusOf(status, analysis.name)?.phase === 'Successful')
  );
}

/** Argo's IsTerminating: asked to, finished, a template or run failed, or the required runs succeeded. */
export function isTerminating(experiment: Experiment): boolean {
  const status = experiment.status ?? {};
  if (experiment.spec.terminate || hasFinished(experiment)) return true;
  if ((status.templateStatuses ?? []).some((entry) => entry.status === 'Failed' || entry.status === 'Error'))
    return true;
  if (
    (status.analysisRuns ?? []).some(
      (run) => run.phase === 'Failed' || run.phase === 'Error' || run.phase === 'Inconclusive',
    )
  )
    return true;
  return requiredAnalysesSuccessful(experiment, status);
}

/** spec.duration in milliseconds, or undefined when unset or unreadable (Argo then never ends by time). */
export function durationMs(experiment: Experiment): number | undefined {
  const duration = experiment.spec.duration;
  if (!duration) return undefined;
  try {
    return parseGoDuration(duration);
  } catch {
    return undefined;
  }
}

/** When the experiment's duration ends (availableAt + duration), or undefined. */
export function endsAt(experiment: Experiment): number | undefined {
  const available = parseTimestamp(experiment.status?.availableAt);
  const duration = durationMs(experiment);
  return available === undefined || duration === undefined ? undefined : available + duration;
}

/** Argo's PassedDurations: the duration has run out (strictly after its end). */
export function passedDuration(experiment: Experiment, now: number): boolean {
  const end = endsAt(experiment);
  return end !== undefined && now > end;
}

/** Argo's CalculateTemplateReplicasCount: 0 once terminating or the template completed. */
export function templateReplicas(experiment: Experiment, template: ExperimentTemplateSpec): number {
  if (hasFinished(experiment) || isTerminating(experiment)) return 0;
  if (isCompletedTemplate(templateStatusOf(experiment.status ?? {}, template.name)?.status)) return 0;
  return template.replicas ?? EXPERIMENT_DEFAULTS.replicas;
}
