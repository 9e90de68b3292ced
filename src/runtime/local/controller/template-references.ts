// The AnalysisTemplates a rollout names (steps, background analysis, pre/post-promotion analysis)
// that are not in the store: as Argo's reference check, each is an InvalidSpec problem and the
// rollout is left as it is until the template is applied.
import type { Rollout } from '../../../api/types/rollout.ts';
import { namedAnalyses } from '../../../api/rollout-references.ts';
import type { ObjectStore } from '../store/object-store.ts';

export function missingTemplates(rollout: Rollout, namespace: string, store: ObjectStore): string[] {
  const problems: string[] = [];
  for (const { field, analysis } of namedAnalyses(rollout)) {
    for (const [index, ref] of (analysis?.templates ?? []).entries()) {
      const name = ref.templateName ?? '';
      const found = ref.clusterScope ? store.get('ClusterAnalysisTemplate', '', name) : store.get('AnalysisTemplate', namespace, name);
      if (found) continue;
      const kind = ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
      problems.push(`${field}.templates[${index}].templateName: ${kind} "${name}" not found${ref.clusterScope ? '' : ` in namespace "${namespace}"`}; apply it with the rollout`);
    }
  }
  return problems;
}
