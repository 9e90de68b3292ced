// The runtime-independent half of a rollout's AnalysisRuns: the object the engine's
// createAnalysisRun action asks for (templates found through a lookup each runtime supplies), and
// a run read back as the engine observes it. Both runtimes build and observe runs through these.
import type { AnalysisRun, AnalysisRunSpec, Argument } from '../../api/types/analysis.ts';
import type { Rollout } from '../../api/types/rollout.ts';
import type { Stored } from '../../platform/kubernetes/client/objects.ts';
import { buildAnalysisRunSpec, type TemplateLookup } from '../../analysis/build-run.ts';
import { ANALYSIS_STEP_INDEX_LABEL, ANALYSIS_TYPE_LABEL, POD_TEMPLATE_HASH_LABEL } from '../../conventions/labels.ts';
import { parseTimestamp } from '../../conventions/timestamps.ts';
import type { Action, AnalysisRunKind, ObservedAnalysisRun } from '../../engine/types.ts';

export type CreateAnalysisRun = Extract<Action, { type: 'createAnalysisRun' }>;

const KINDS: ReadonlySet<string> = new Set<AnalysisRunKind>(['Step', 'Background', 'PrePromotion', 'PostPromotion']);

/** A run as a rollout's pass creates it: its name and namespace are set (the server fills in the rest). */
export type NewAnalysisRun = AnalysisRun & { metadata: AnalysisRun['metadata'] & { name: string; namespace: string } };

export interface BuiltRun {
  run: NewAnalysisRun;
  /** Set when the templates could not be found or merged: the run has no metrics and should end in Error with this reason. */
  error?: string;
}

/** The AnalysisRun `action` asks for, in `namespace`, controlled by `rollout`. */
export function rolloutAnalysisRun(
  action: CreateAnalysisRun,
  rollout: Stored<Rollout>,
  namespace: string,
  lookup: TemplateLookup,
): BuiltRun {
  const metadata: NewAnalysisRun['metadata'] = {
    name: action.name,
    namespace,
    labels: { ...action.labels },
    annotations: { ...action.annotations },
    ownerReferences: [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        name: rollout.metadata.name,
        uid: rollout.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  };
  const args: Argument[] = (action.analysis.args ?? []).map((arg) =>
    arg.value === undefined ? { name: arg.name } : { name: arg.name, value: arg.value },
  );
  try {
    const spec: AnalysisRunSpec = buildAnalysisRunSpec({
      templates: action.analysis.templates ?? [],
      args,
      ...(action.analysis.dryRun ? { dryRun: action.analysis.dryRun } : {}),
      ...(action.analysis.measurementRetention ? { measurementRetention: action.analysis.measurementRetention } : {}),
      lookup,
    });
    return { run: { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata, spec } };
  } catch (error) {
    const spec: AnalysisRunSpec = { metrics: [], ...(args.length > 0 ? { args } : {}) };
    return {
      run: { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata, spec },
      error: (error as Error).message,
    };
  }
}

/** A run as the engine observes it; the kind, pod-template hash and step index come from its labels. */
export function observeAnalysisRun(run: AnalysisRun): ObservedAnalysisRun {
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
}
