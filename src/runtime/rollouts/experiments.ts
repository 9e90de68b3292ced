// A rollout's Experiments as the engine observes them: phase, whether it was asked to terminate,
// the revision (pod template hash label) whose step made it, and its templates' Services.
import type { Experiment } from '../../api/types/experiment.ts';
import { POD_TEMPLATE_HASH_LABEL } from '../../conventions/labels.ts';
import { parseTimestamp } from '../../conventions/timestamps.ts';
import type { ObservedRolloutExperiment } from '../../engine/types.ts';

export function observeRolloutExperiment(experiment: Experiment): ObservedRolloutExperiment {
  const observed: ObservedRolloutExperiment = {
    name: experiment.metadata.name ?? '',
    podTemplateHash: experiment.metadata.labels?.[POD_TEMPLATE_HASH_LABEL] ?? '',
    createdAt: parseTimestamp(experiment.metadata.creationTimestamp) ?? 0,
    templates: (experiment.status?.templateStatuses ?? []).map((template) => ({
      name: template.name,
      ...(template.serviceName ? { serviceName: template.serviceName } : {}),
      ...(template.podTemplateHash ? { podTemplateHash: template.podTemplateHash } : {}),
    })),
  };
  if (experiment.status?.phase) observed.phase = experiment.status.phase;
  if (experiment.status?.message) observed.message = experiment.status.message;
  if (experiment.spec.terminate) observed.terminating = true;
  return observed;
}
