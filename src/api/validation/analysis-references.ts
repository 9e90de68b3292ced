// The AnalysisTemplates that a Rollout or an Experiment names must exist, get the arguments they
// need, fit together in one run (analysis-composition.ts) and, when the run must end on its own
// (a step, before/after promotion, an experiment analysis requiredForCompletion), end: a metric with an
// interval and no count never does.
import type { Rollout } from '../types/rollout.ts';
import type { Experiment } from '../types/experiment.ts';
import type { AnalysisTemplate, ClusterAnalysisTemplate } from '../types/analysis.ts';
import type { AnalysisTemplateRef } from '../types/rollout-analysis.ts';
import type { ParsedObject } from '../manifests/parsed-object.ts';
import { formatPath, type PathSegment } from '../manifests/field-path.ts';
import type { Finding } from './finding.ts';
import { compositionFindings, type ComposedTemplate, type MetricRules } from './analysis-composition.ts';
import { namespaceOf, type ObjectIndex } from './object-index.ts';

/** One analysis run that an object asks for. */
interface AnalysisUse {
  refs: Array<{ ref: AnalysisTemplateRef; path: PathSegment[] }>;
  args: ReadonlyArray<{ name: string }>;
  argsPath: PathSegment[];
  rules: MetricRules;
  rulesPath: PathSegment[];
  /** Background analysis runs until the rollout ends; the others must finish on their own. */
  background: boolean;
}

function rolloutUses(rollout: Rollout): AnalysisUse[] {
  const { canary, blueGreen } = rollout.spec.strategy;
  const uses: AnalysisUse[] = [];
  const add = (analysis: NonNullable<typeof canary>['analysis'], path: PathSegment[], background: boolean) => {
    if (!analysis) return;
    const refs = (analysis.templates ?? []).map((ref, index) => ({
      ref,
      path: [...path, 'templates', index, 'templateName'],
    }));
    uses.push({
      refs,
      args: analysis.args ?? [],
      argsPath: [...path, 'args'],
      rules: analysis,
      rulesPath: path,
      background,
    });
  };
  add(canary?.analysis, ['spec', 'strategy', 'canary', 'analysis'], true);
  (canary?.steps ?? []).forEach((step, index) => {
    const path = ['spec', 'strategy', 'canary', 'steps', index];
    add(step.analysis, [...path, 'analysis'], false);
    (step.experiment?.analyses ?? []).forEach((analysis, analysisIndex) => {
      const at = [...path, 'experiment', 'analyses', analysisIndex];
      const ref = { ref: analysis, path: [...at, 'templateName'] };
      const background = analysis.requiredForCompletion !== true;
      uses.push({
        refs: [ref],
        args: analysis.args ?? [],
        argsPath: [...at, 'args'],
        rules: step.experiment ?? {},
        rulesPath: [...path, 'experiment'],
        background,
      });
    });
  });
  for (const field of ['prePromotionAnalysis', 'postPromotionAnalysis'] as const) {
    add(blueGreen?.[field], ['spec', 'strategy', 'blueGreen', field], false);
  }
  return uses;
}

function experimentUses(experiment: Experiment): AnalysisUse[] {
  return (experiment.spec.analyses ?? []).map((analysis, index) => {
    const at = ['spec', 'analyses', index];
    return {
      refs: [{ ref: analysis, path: [...at, 'templateName'] }],
      args: analysis.args ?? [],
      argsPath: [...at, 'args'],
      rules: experiment.spec,
      rulesPath: ['spec'],
      // The experiment waits for the analyses required for completion; it stops the others when it ends.
      background: analysis.requiredForCompletion !== true,
    };
  });
}

export function analysisReferenceFindings(item: ParsedObject<Rollout>, index: ObjectIndex): Finding[] {
  return usesFindings(rolloutUses(item.object), namespaceOf(item.object), index);
}

export function experimentAnalysisReferenceFindings(item: ParsedObject<Experiment>, index: ObjectIndex): Finding[] {
  return usesFindings(experimentUses(item.object), namespaceOf(item.object), index);
}

function usesFindings(uses: readonly AnalysisUse[], namespace: string, index: ObjectIndex): Finding[] {
  const findings: Finding[] = [];
  for (const use of uses) {
    const composed: ComposedTemplate[] = [];
    let complete = true;
    for (const { ref, path } of use.refs) {
      const name = ref.templateName ?? '';
      const kind = ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
      const scope = ref.clusterScope ? undefined : namespace;
      const template = index.find<AnalysisTemplate | ClusterAnalysisTemplate>(kind, scope, name);
      if (!template) {
        complete = false;
        if (index.hasAny(kind, scope))
          findings.push({
            path,
            message: `no ${kind} named "${name}" among the given manifests: add it or fix the name`,
          });
        continue;
      }
      findings.push(...templateFindings(template.object, use, path));
      composed.push({ label: `${kind} "${name}"`, spec: template.object.spec, path });
    }
    // Whether the rules match a metric can only be told when every template is given.
    if (complete && composed.length > 0) findings.push(...compositionFindings(composed, use.rules, use.rulesPath));
  }
  return findings;
}

function templateFindings(
  template: AnalysisTemplate | ClusterAnalysisTemplate,
  use: AnalysisUse,
  at: PathSegment[],
): Finding[] {
  const findings: Finding[] = [];
  const given = new Set(use.args.map((arg) => arg.name));
  const name = template.metadata.name ?? '';
  for (const arg of template.spec.args ?? []) {
    if (arg.value !== undefined || arg.valueFrom !== undefined || given.has(arg.name)) continue;
    findings.push({
      path: at,
      message: `${template.kind} "${name}" needs argument "${arg.name}", which ${formatPath(use.argsPath)} does not give: add - name: ${arg.name} with a value`,
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
