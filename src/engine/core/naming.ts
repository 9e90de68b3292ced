// Names of the objects a rollout owns, as Argo Rollouts names them.
import type { AnalysisRunKind } from '../types.ts';

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
