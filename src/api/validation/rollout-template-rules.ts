// Where a Rollout's pods come from and what they carry: the selector against the template
// labels, the workloadRef, and the labels and annotations added per role.
import type { LabelSelector } from '../types/meta.ts';
import type { Rollout, WorkloadRef } from '../types/rollout.ts';
import type { RolloutAnalysis } from '../types/rollout-analysis.ts';
import type { PathSegment } from '../manifests/field-path.ts';
import type { Finding } from './finding.ts';
import { selectorMatches, unmetRequirements } from './label-selector.ts';
import { templateMetadataFindings } from './metadata-rules.ts';

/** The kinds Argo Rollouts takes a pod template from, by apiVersion. */
export const WORKLOAD_REF_KINDS: Readonly<Record<string, string>> = {
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  PodTemplate: 'v1',
};

export function selectorMatchFindings(
  selector: LabelSelector,
  labels: Record<string, string>,
  path: PathSegment[],
): Finding[] {
  if (selectorMatches(selector, labels)) return [];
  const unmet = unmetRequirements(selector, labels);
  if ((selector.matchExpressions ?? []).length === 0) {
    return [
      {
        path,
        message: `selector does not match template labels: add ${unmet.join(', ')} to spec.template.metadata.labels`,
      },
    ];
  }
  return [{ path, message: `selector does not match template labels: the labels must meet ${unmet.join(' and ')}` }];
}

export function workloadRefFindings(ref: WorkloadRef): Finding[] {
  const base = ['spec', 'workloadRef'];
  const findings: Finding[] = [];
  for (const field of ['apiVersion', 'kind', 'name'] as const) {
    if (!ref[field])
      findings.push({
        path: [...base, field],
        message: `spec.workloadRef needs ${field}, e.g. apiVersion: apps/v1, kind: Deployment, name: my-app`,
      });
  }
  if (ref.kind && ref.apiVersion) {
    const expected = WORKLOAD_REF_KINDS[ref.kind];
    if (expected === undefined) {
      findings.push({
        path: [...base, 'kind'],
        message: `a workloadRef cannot point to a ${ref.kind}: use a Deployment (apps/v1), a ReplicaSet (apps/v1) or a PodTemplate (v1)`,
      });
    } else if (expected !== ref.apiVersion) {
      findings.push({ path: [...base, 'apiVersion'], message: `a ${ref.kind} is ${expected}, not ${ref.apiVersion}` });
    }
  }
  if (ref.scaleDown !== undefined && !['never', 'onsuccess', 'progressively'].includes(ref.scaleDown)) {
    findings.push({
      path: [...base, 'scaleDown'],
      message: `unsupported value "${ref.scaleDown}": use "never", "onsuccess" or "progressively"`,
    });
  }
  return findings;
}

/** Labels and annotations that the Rollout puts on the pods of a role, or on its AnalysisRuns. */
export function roleMetadataFindings(rollout: Rollout): Finding[] {
  const { canary, blueGreen } = rollout.spec.strategy ?? {};
  const findings: Finding[] = [];
  const check = (metadata: Parameters<typeof templateMetadataFindings>[0], path: PathSegment[]) =>
    findings.push(...templateMetadataFindings(metadata, path));
  const analysis = (value: RolloutAnalysis | undefined, path: PathSegment[]) =>
    check(value?.analysisRunMetadata, [...path, 'analysisRunMetadata']);
  if (canary) {
    const base = ['spec', 'strategy', 'canary'];
    check(canary.canaryMetadata, [...base, 'canaryMetadata']);
    check(canary.stableMetadata, [...base, 'stableMetadata']);
    analysis(canary.analysis, [...base, 'analysis']);
    (canary.steps ?? []).forEach((step, index) => {
      const at = [...base, 'steps', index];
      analysis(step.analysis, [...at, 'analysis']);
      check(step.experiment?.analysisRunMetadata, [...at, 'experiment', 'analysisRunMetadata']);
      (step.experiment?.templates ?? []).forEach((template, templateIndex) =>
        check(template.metadata, [...at, 'experiment', 'templates', templateIndex, 'metadata']),
      );
    });
  }
  if (blueGreen) {
    const base = ['spec', 'strategy', 'blueGreen'];
    check(blueGreen.activeMetadata, [...base, 'activeMetadata']);
    check(blueGreen.previewMetadata, [...base, 'previewMetadata']);
    analysis(blueGreen.prePromotionAnalysis, [...base, 'prePromotionAnalysis']);
    analysis(blueGreen.postPromotionAnalysis, [...base, 'postPromotionAnalysis']);
  }
  return findings;
}
