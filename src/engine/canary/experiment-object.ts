// The Experiment of a canary `experiment` step, as Argo's GetExperimentFromTemplate builds it:
// named `<rollout>-<pod hash>-<revision>-<step index>`, owned by the Rollout, its templates taken
// from the stable or the canary ReplicaSet (specRef), its analyses' args resolved from the rollout.
import type { Experiment, ExperimentTemplateSpec } from '../../api/types/experiment.ts';
import type { RolloutExperimentStep } from '../../api/types/rollout.ts';
import {
  CONTROLLER_INSTANCE_ID_LABEL,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
} from '../../conventions/labels.ts';
import { resolveAnalysisArgs } from '../core/analysis-args.ts';
import type { EngineContext } from '../core/context.ts';
import type { ObservedReplicaSet } from '../types.ts';

export type BuiltExperiment = { experiment: Experiment } | { problems: string[] };

export function experimentForStep(
  ctx: EngineContext,
  step: RolloutExperimentStep,
  index: number,
  name: string,
): BuiltExperiment {
  const rollout = ctx.rollout;
  const { newRS, stableRS } = ctx.roles;
  const podHash = ctx.roles.currentPodHash;
  const revision = rollout.metadata.annotations?.[REVISION_ANNOTATION] ?? String(ctx.revision);
  const where = `spec.strategy.canary.steps[${index}].experiment`;
  const problems: string[] = [];
  const templates = step.templates.map((template, t): ExperimentTemplateSpec | undefined => {
    const source = template.specRef === 'stable' ? stableRS : template.specRef === 'canary' ? newRS : undefined;
    if (!source) {
      problems.push(`${where}.templates[${t}].specRef: must be canary or stable`);
      return undefined;
    }
    return templateFrom(ctx, template, source);
  });
  const analyses = (step.analyses ?? []).map((analysis, a) => {
    const resolved = resolveAnalysisArgs(
      { templates: [], ...(analysis.args ? { args: analysis.args } : {}) },
      { rollout, stableHash: stableRS?.podTemplateHash, latestHash: podHash },
      `${where}.analyses[${a}]`,
    );
    problems.push(...resolved.problems);
    const args = (resolved.analysis.args ?? []).map((arg) => ({
      name: arg.name,
      ...(arg.value !== undefined ? { value: arg.value } : {}),
    }));
    return {
      name: analysis.name,
      templateName: analysis.templateName,
      ...(analysis.clusterScope !== undefined ? { clusterScope: analysis.clusterScope } : {}),
      ...(args.length > 0 ? { args } : {}),
      ...(analysis.requiredForCompletion !== undefined
        ? { requiredForCompletion: analysis.requiredForCompletion }
        : {}),
    };
  });
  if (problems.length > 0) return { problems };
  const instanceId = rollout.metadata.labels?.[CONTROLLER_INSTANCE_ID_LABEL];
  const experiment: Experiment = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Experiment',
    metadata: {
      name,
      namespace: rollout.metadata.namespace ?? '',
      labels: {
        ...rollout.metadata.labels,
        [POD_TEMPLATE_HASH_LABEL]: podHash,
        ...(instanceId ? { [CONTROLLER_INSTANCE_ID_LABEL]: instanceId } : {}),
      },
      annotations: { [REVISION_ANNOTATION]: revision },
      ownerReferences: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          name: rollout.metadata.name ?? '',
          uid: rollout.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      templates: templates.filter((template): template is ExperimentTemplateSpec => template !== undefined),
      ...(step.duration !== undefined ? { duration: step.duration } : {}),
      ...(rollout.spec.progressDeadlineSeconds !== undefined
        ? { progressDeadlineSeconds: rollout.spec.progressDeadlineSeconds }
        : {}),
      ...(step.dryRun ? { dryRun: step.dryRun } : {}),
      ...(step.analysisRunMetadata ? { analysisRunMetadata: step.analysisRunMetadata } : {}),
      ...(step.scaleDownDelaySeconds !== undefined ? { scaleDownDelaySeconds: step.scaleDownDelaySeconds } : {}),
      ...(analyses.length > 0 ? { analyses } : {}),
    },
  };
  return { experiment };
}

/** The base name of a step's experiment (a taken name gets `-1`, `-2`, ... as Argo's collision handling). */
export function experimentBaseName(ctx: EngineContext, index: number): string {
  const revision = ctx.rollout.metadata.annotations?.[REVISION_ANNOTATION] ?? String(ctx.revision);
  return `${ctx.rollout.metadata.name}-${ctx.roles.currentPodHash}-${revision}-${index}`;
}

function templateFrom(
  ctx: EngineContext,
  template: RolloutExperimentStep['templates'][number],
  source: ObservedReplicaSet,
): ExperimentTemplateSpec {
  const podTemplate = structuredClone(source.template);
  const labels = { ...podTemplate.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: source.podTemplateHash };
  const selector = structuredClone(template.selector ?? ctx.rollout.spec.selector ?? {});
  if (!template.selector)
    selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: source.podTemplateHash };
  const metadata = template.metadata;
  if (metadata?.labels) {
    Object.assign(labels, metadata.labels);
    selector.matchLabels = { ...selector.matchLabels, ...metadata.labels };
  }
  const annotations = metadata?.annotations
    ? { ...podTemplate.metadata?.annotations, ...metadata.annotations }
    : podTemplate.metadata?.annotations;
  podTemplate.metadata = { ...podTemplate.metadata, labels, ...(annotations ? { annotations } : {}) };
  const spec: ExperimentTemplateSpec = { name: template.name, selector, template: podTemplate };
  if (template.replicas !== undefined) spec.replicas = template.replicas;
  if (ctx.rollout.spec.minReadySeconds !== undefined) spec.minReadySeconds = ctx.rollout.spec.minReadySeconds;
  if (template.weight !== undefined || template.service !== undefined)
    spec.service = template.service?.name ? { name: template.service.name } : {};
  return spec;
}
