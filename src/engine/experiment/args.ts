// Argo's ResolveExperimentArgsValue: the `{{...}}` an experiment's analysis args may use, replaced
// by the experiment's values; any other tag is an error that names it.
import type { Experiment } from '../../api/types/experiment.ts';
import { formatTimestamp } from '../../conventions/timestamps.ts';
import { endsAt } from './rules.ts';
import type { ObservedTemplateReplicaSet } from './types.ts';

export function resolveExperimentArg(
  text: string,
  experiment: Experiment,
  replicaSets: Record<string, ObservedTemplateReplicaSet>,
): { value: string } | { error: string } {
  const values = new Map<string, string>();
  const availableAt = experiment.status?.availableAt;
  if (availableAt) {
    values.set('experiment.availableAt', availableAt);
    const end = endsAt(experiment);
    if (end !== undefined) values.set('experiment.finishedAt', formatTimestamp(end));
  }
  for (const template of experiment.spec.templates) {
    const rs = replicaSets[template.name];
    if (!rs) continue;
    values.set(`templates.${template.name}.podTemplateHash`, rs.podTemplateHash);
    values.set(`templates.${template.name}.replicaset.name`, rs.name);
  }
  let error: string | undefined;
  const value = text.replace(/\{\{(.*?)\}\}/g, (_whole, tag: string) => {
    const found = values.get(tag.trim());
    if (found !== undefined) return found;
    error = `failed to resolve {{${tag}}}`;
    return '';
  });
  return error === undefined ? { value } : { error };
}
