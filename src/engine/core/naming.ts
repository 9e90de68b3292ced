// Names of the objects a rollout owns, as Argo Rollouts names them.
import type { AnalysisRunKind } from '../types.ts';

export const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';
export const REVISION_ANNOTATION = 'rollout.argoproj.io/revision';
/** The revisions a reused ReplicaSet served before, comma-separated (an undo, a template changed back). */
export const REVISION_HISTORY_ANNOTATION = 'rollout.argoproj.io/revision-history';
/** kubectl's copy of the applied manifest: never copied from the Rollout to its ReplicaSets. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
export const DESIRED_REPLICAS_ANNOTATION = 'rollout.argoproj.io/desired-replicas';
export const SCALE_DOWN_DEADLINE_ANNOTATION = 'scale-down-deadline';
export const EPHEMERAL_METADATA_ANNOTATION = 'rollout.argoproj.io/ephemeral-metadata';
/** Label on AnalysisRuns: which kind of run it is (Argo's `rollout-type`). */
export const ANALYSIS_TYPE_LABEL = 'rollout-type';
export const ANALYSIS_STEP_INDEX_LABEL = 'step-index';
/** Set on a Rollout by a controller run with an instance id; copied to the AnalysisRuns it creates. */
export const CONTROLLER_INSTANCE_ID_LABEL = 'argo-rollouts.argoproj.io/controller-instance-id';

/** `<rollout>-<hash>` */
export function replicaSetName(rolloutName: string, podTemplateHash: string): string {
  return `${rolloutName}-${podTemplateHash}`;
}

/**
 * AnalysisRun names: `<rollout>-<hash>-<revision>-<step>` for a step, `<rollout>-<hash>-<revision>`
 * for background analysis, `-pre` / `-post` suffixes for blue-green promotion analysis.
 */
export function analysisRunName(
  rolloutName: string,
  podTemplateHash: string,
  revision: number,
  kind: AnalysisRunKind,
  stepIndex?: number,
): string {
  const base = `${rolloutName}-${podTemplateHash}-${revision}`;
  switch (kind) {
    case 'Step':
      return `${base}-${stepIndex ?? 0}`;
    case 'Background':
      return base;
    case 'PrePromotion':
      return `${base}-pre`;
    case 'PostPromotion':
      return `${base}-post`;
  }
}

/** Argo's `rollout-type` label values for each kind of run. */
export function analysisTypeLabel(kind: AnalysisRunKind): string {
  switch (kind) {
    case 'Step':
      return 'Step';
    case 'Background':
      return 'Background';
    case 'PrePromotion':
      return 'PrePromotion';
    case 'PostPromotion':
      return 'PostPromotion';
  }
}
