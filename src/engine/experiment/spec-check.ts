// Argo's VerifyExperimentSpec: the template problems that stop an experiment with an InvalidSpec
// condition (Argo's messages), before anything is created.
import type { Experiment, ExperimentStatus } from '../../api/types/experiment.ts';
import type { ExperimentContext } from './context.ts';
import { progressDeadlineSecondsOf } from './rules.ts';

export function invalidSpecMessage(experiment: Experiment): string | undefined {
  const name = experiment.metadata.name ?? '';
  const seen = new Set<string>();
  for (const [index, template] of experiment.spec.templates.entries()) {
    if (!template.selector) return `Rollout has missing field '.Spec.Templates[${index}].Selector'`;
    const { matchLabels, matchExpressions } = template.selector;
    if (Object.keys(matchLabels ?? {}).length === 0 && (matchExpressions ?? []).length === 0)
      return `This experiment is selecting all pods at index ${index}. A non-empty selector is required.`;
    if ((template.minReadySeconds ?? 0) > progressDeadlineSecondsOf(experiment))
      return `MinReadySeconds cannot be longer than ProgressDeadlineSeconds. Check template index ${index}`;
    if (!template.name) return `Experiment ${name} has empty template name at index ${index}`;
    if (seen.has(template.name)) return `Experiment ${name} has repeated template name '${template.name}' in templates`;
    seen.add(template.name);
  }
  return undefined;
}

export function withInvalidSpec(ctx: ExperimentContext, message: string): ExperimentStatus {
  const status = ctx.status;
  const current = status.conditions?.find((entry) => entry.type === 'InvalidSpec');
  if (current?.message === message) {
    current.lastUpdateTime = ctx.nowStamp;
    return status;
  }
  const condition = {
    type: 'InvalidSpec' as const,
    status: 'True' as const,
    reason: 'InvalidSpec',
    message,
    lastUpdateTime: ctx.nowStamp,
    lastTransitionTime: ctx.nowStamp,
  };
  status.conditions = [...(status.conditions ?? []).filter((entry) => entry.type !== 'InvalidSpec'), condition];
  return status;
}

export function withoutInvalidSpec(ctx: ExperimentContext): void {
  if (!ctx.status.conditions?.some((entry) => entry.type === 'InvalidSpec')) return;
  ctx.status.conditions = ctx.status.conditions.filter((entry) => entry.type !== 'InvalidSpec');
}
