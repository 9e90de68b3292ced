// Which Prometheus the traffic chart asks on a cluster: the one the rollout's analysis already
// uses, i.e. the `address` of the first prometheus provider among the metrics of the templates
// its steps and background analysis name (templates in the order the rollout names them).
import type { Rollout } from '../../../api/types/rollout.ts';

export interface TemplateRef {
  templateName: string;
  clusterScope: boolean;
}

/** Every template the rollout names (steps, background analysis, blue-green pre/post-promotion), once each. */
export function analysisTemplateRefs(rollout: Rollout): TemplateRef[] {
  const { canary, blueGreen } = rollout.spec.strategy;
  const groups: unknown[] = [
    canary?.analysis,
    ...(canary?.steps ?? []).map((step) => (step as { analysis?: unknown }).analysis),
    blueGreen?.prePromotionAnalysis,
    blueGreen?.postPromotionAnalysis,
  ];
  const seen = new Set<string>();
  const refs: TemplateRef[] = [];
  for (const group of groups) {
    const templates = (group as { templates?: Array<{ templateName?: string; clusterScope?: boolean }> } | undefined)
      ?.templates;
    for (const template of templates ?? []) {
      if (!template.templateName) continue;
      const ref = { templateName: template.templateName, clusterScope: template.clusterScope === true };
      const key = `${ref.clusterScope}/${ref.templateName}`;
      if (seen.has(key)) continue;
      seen.add(key);
      refs.push(ref);
    }
  }
  return refs;
}

/** The address of the first prometheus provider of the template's metrics, or undefined. */
export function prometheusAddressOf(template: Record<string, unknown>): string | undefined {
  const metrics = (template['spec'] as { metrics?: Array<{ provider?: { prometheus?: { address?: string } } }> })
    ?.metrics;
  for (const metric of metrics ?? []) {
    const address = metric.provider?.prometheus?.address;
    if (typeof address === 'string' && address.trim() !== '') return address.trim().replace(/\/+$/, '');
  }
  return undefined;
}
