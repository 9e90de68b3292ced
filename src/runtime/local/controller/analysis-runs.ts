// AnalysisRuns of a rollout in the store: built from the engine's createAnalysisRun action with the
// templates held in the store, and read back as the engine observes them.
import type { AnalysisRun, AnalysisRunSpec, Argument } from '../../../api/types/analysis.ts';
import type { Rollout } from '../../../api/types/rollout.ts';
import { buildAnalysisRunSpec } from '../../../analysis/build-run.ts';
import { ANALYSIS_STEP_INDEX_LABEL, ANALYSIS_TYPE_LABEL, POD_TEMPLATE_HASH_LABEL } from '../../../engine/core/naming.ts';
import { formatTimestamp, parseTimestamp } from '../../../engine/core/time.ts';
import type { Action, AnalysisRunKind, ObservedAnalysisRun } from '../../../engine/types.ts';
import type { ObjectStore } from '../store/object-store.ts';

type CreateRun = Extract<Action, { type: 'createAnalysisRun' }>;

const KINDS: ReadonlySet<string> = new Set<AnalysisRunKind>(['Step', 'Background', 'PrePromotion', 'PostPromotion']);

/**
 * The AnalysisRun the action asks for. A template that cannot be found or merged gives a run that
 * ends at once in Error with the reason, so the rollout reacts as to a failed analysis.
 */
export function analysisRunFor(action: CreateRun, rollout: Rollout, namespace: string, store: ObjectStore, now: number): AnalysisRun {
  const metadata: AnalysisRun['metadata'] = {
    name: action.name,
    namespace,
    labels: { ...action.labels },
    annotations: { ...action.annotations },
    ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: rollout.metadata.name ?? '', uid: rollout.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
  };
  const args: Argument[] = (action.analysis.args ?? []).map((arg) => (arg.value === undefined ? { name: arg.name } : { name: arg.name, value: arg.value }));
  try {
    const spec: AnalysisRunSpec = buildAnalysisRunSpec({
      templates: action.analysis.templates ?? [],
      args,
      ...(action.analysis.dryRun ? { dryRun: action.analysis.dryRun } : {}),
      ...(action.analysis.measurementRetention ? { measurementRetention: action.analysis.measurementRetention } : {}),
      lookup: (name, clusterScope) => (clusterScope ? store.get('ClusterAnalysisTemplate', '', name) : store.get('AnalysisTemplate', namespace, name)),
    });
    return { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata, spec };
  } catch (error) {
    const at = formatTimestamp(now);
    return {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisRun',
      metadata,
      spec: { metrics: [], ...(args.length > 0 ? { args } : {}) },
      status: { phase: 'Error', message: (error as Error).message, startedAt: at, completedAt: at },
    };
  }
}

/** Runs owned by the rollout, as the engine observes them. */
export function observeAnalysisRuns(store: ObjectStore, namespace: string, rolloutName: string): ObservedAnalysisRun[] {
  return ownedAnalysisRuns(store, namespace, rolloutName).map((run) => {
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

export function ownedAnalysisRuns(store: ObjectStore, namespace: string, rolloutName: string): AnalysisRun[] {
  return store.list('AnalysisRun', namespace).filter((run) => run.metadata.ownerReferences?.some((owner) => owner.kind === 'Rollout' && owner.name === rolloutName));
}

/** The rollout that owns a run, if any. */
export function ownerOf(object: { metadata: { ownerReferences?: Array<{ kind: string; name: string }> } }): string | undefined {
  return object.metadata.ownerReferences?.find((owner) => owner.kind === 'Rollout')?.name;
}
