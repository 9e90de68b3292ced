// The AnalysisTemplates a Rollout names must exist, get the arguments they need and, when run as
// a step or before/after promotion, end: a metric with an interval and no count never finishes.
import type { Rollout } from '../types/rollout.ts';
import type { AnalysisTemplate, ClusterAnalysisTemplate } from '../types/analysis.ts';
import type { AnalysisRunArgument, RolloutAnalysis } from '../types/rollout-analysis.ts';
import type { ParsedObject } from '../manifests/parsed-object.ts';
import { formatPath, type PathSegment } from '../manifests/field-path.ts';
import type { Finding } from './finding.ts';
import { namespaceOf, type ObjectIndex } from './object-index.ts';

interface AnalysisUse {
  analysis: RolloutAnalysis;
  path: PathSegment[];
  /** Background analysis runs until the rollout ends; the others must finish on their own. */
  background: boolean;
}

function usesOf(rollout: Rollout): AnalysisUse[] {
  const { canary, blueGreen } = rollout.spec.strategy;
  const uses: AnalysisUse[] = [];
  if (canary?.analysis) uses.push({ analysis: canary.analysis, path: ['spec', 'strategy', 'canary', 'analysis'], background: true });
  (canary?.steps ?? []).forEach((step, index) => {
    if (step.analysis) uses.push({ analysis: step.analysis, path: ['spec', 'strategy', 'canary', 'steps', index, 'analysis'], background: false });
  });
  for (const field of ['prePromotionAnalysis', 'postPromotionAnalysis'] as const) {
    const analysis = blueGreen?.[field];
    if (analysis) uses.push({ analysis, path: ['spec', 'strategy', 'blueGreen', field], background: false });
  }
  return uses;
}

export function analysisReferenceFindings(item: ParsedObject<Rollout>, index: ObjectIndex): Finding[] {
  const namespace = namespaceOf(item.object);
  const findings: Finding[] = [];
  for (const use of usesOf(item.object)) {
    (use.analysis.templates ?? []).forEach((ref, refIndex) => {
      const at = [...use.path, 'templates', refIndex, 'templateName'];
      const name = ref.templateName ?? '';
      const kind = ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
      const scope = ref.clusterScope ? undefined : namespace;
      const template = index.find<AnalysisTemplate | ClusterAnalysisTemplate>(kind, scope, name);
      if (!template) {
        if (index.hasAny(kind, scope)) findings.push({ path: at, message: `no ${kind} named "${name}" among the given manifests: add it or fix the name` });
        return;
      }
      findings.push(...templateFindings(template.object, use, at));
    });
  }
  return findings;
}

function templateFindings(template: AnalysisTemplate | ClusterAnalysisTemplate, use: AnalysisUse, at: PathSegment[]): Finding[] {
  const findings: Finding[] = [];
  const given = new Set((use.analysis.args ?? []).map((arg: AnalysisRunArgument) => arg.name));
  const name = template.metadata.name ?? '';
  for (const arg of template.spec.args ?? []) {
    if (arg.value !== undefined || arg.valueFrom !== undefined || given.has(arg.name)) continue;
    findings.push({
      path: at,
      message: `${template.kind} "${name}" needs argument "${arg.name}", which ${formatPath([...use.path, 'args'])} does not give: add - name: ${arg.name} with a value`,
    });
  }
  if (!use.background) {
    for (const metric of template.spec.metrics ?? []) {
      if (metric.count === undefined && metric.interval !== undefined) {
        findings.push({
          path: at,
          message: `metric "${metric.name}" of ${template.kind} "${name}" has an interval but no count, so it never ends; here it must end: add a count, or use it as background analysis`,
        });
      }
    }
  }
  return findings;
}
