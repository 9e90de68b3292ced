// AnalysisRuns of a rollout: the object the engine's createAnalysisRun asks for, built from the
// AnalysisTemplates/ClusterAnalysisTemplates in the caches, and the runs a rollout owns as the
// engine observes them. The analysis side of the controller measures and fills their status.
import type { AnalysisRun, AnalysisRunSpec, Argument } from '../../../api/types/analysis.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import { buildAnalysisRunSpec } from '../../../analysis/build-run.ts';
import { ANALYSIS_STEP_INDEX_LABEL, ANALYSIS_TYPE_LABEL, POD_TEMPLATE_HASH_LABEL } from '../../../engine/core/naming.ts';
import { parseTimestamp } from '../../../engine/core/time.ts';
import type { Action, AnalysisRunKind, ObservedAnalysisRun } from '../../../engine/types.ts';
import { ownerUidIndex } from '../informers/object-store.ts';
import { controllerUidOf, type RolloutCaches } from './caches.ts';
import { rolloutOwnerReference } from './kube-workloads.ts';

type CreateRun = Extract<Action, { type: 'createAnalysisRun' }>;

const KINDS: ReadonlySet<string> = new Set<AnalysisRunKind>(['Step', 'Background', 'PrePromotion', 'PostPromotion']);

export interface BuiltRun {
  run: AnalysisRun;
  /** Set when the templates could not be merged: the run is created, then its status says why (phase Error). */
  error?: string;
}

export function analysisRunFor(action: CreateRun, rollout: Rollout, caches: RolloutCaches): BuiltRun {
  const namespace = rollout.metadata.namespace ?? 'default';
  const metadata: AnalysisRun['metadata'] = {
    name: action.name,
    namespace,
    labels: { ...action.labels },
    annotations: { ...action.annotations },
    ownerReferences: [rolloutOwnerReference({ name: rollout.metadata.name ?? '', uid: rollout.metadata.uid ?? '' })],
  };
  const args: Argument[] = (action.analysis.args ?? []).map((arg) => (arg.value === undefined ? { name: arg.name } : { name: arg.name, value: arg.value }));
  try {
    const spec: AnalysisRunSpec = buildAnalysisRunSpec({
      templates: action.analysis.templates ?? [],
      args,
      ...(action.analysis.dryRun ? { dryRun: action.analysis.dryRun } : {}),
      ...(action.analysis.measurementRetention ? { measurementRetention: action.analysis.measurementRetention } : {}),
      lookup: (name, clusterScope) => (clusterScope ? caches.clusterAnalysisTemplates.getByName('', name) : caches.analysisTemplates.getByName(namespace, name)),
    });
    return { run: { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata, spec } };
  } catch (error) {
    const spec: AnalysisRunSpec = { metrics: [], ...(args.length > 0 ? { args } : {}) };
    return { run: { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata, spec }, error: (error as Error).message };
  }
}

/** The runs the rollout controls, as the engine observes them. */
export function observeAnalysisRuns(caches: RolloutCaches, rolloutUid: string): ObservedAnalysisRun[] {
  return ownedAnalysisRuns(caches, rolloutUid).map((run) => {
    const labels = run.metadata.labels ?? {};
    const kindLabel = labels[ANALYSIS_TYPE_LABEL] ?? '';
    const stepIndex = labels[ANALYSIS_STEP_INDEX_LABEL];
    const observed: ObservedAnalysisRun = {
      name: run.metadata.name ?? '',
      kind: (KINDS.has(kindLabel) ? kindLabel : 'Background') as AnalysisRunKind,
      podTemplateHash: labels[POD_TEMPLATE_HASH_LABEL] ?? '',
      phase: run.status?.phase ?? 'Pending',
      createdAt: parseTimestamp(run.metadata.creationTimestamp) ?? 0,
    };
    if (stepIndex !== undefined && /^\d+$/.test(stepIndex)) observed.stepIndex = Number(stepIndex);
    if (run.status?.message) observed.message = run.status.message;
    if (run.spec.terminate) observed.terminating = true;
    return observed;
  });
}

export function ownedAnalysisRuns(caches: RolloutCaches, rolloutUid: string): AnalysisRun[] {
  return caches.analysisRuns.byIndex(ownerUidIndex, rolloutUid).filter((run) => controllerUidOf(run.metadata) === rolloutUid && run.metadata.deletionTimestamp === undefined);
}
