// The spec of a new AnalysisRun from what a Rollout (or Experiment) asks for: templates merged,
// nested templates followed, args merged and checked (Argo's NewAnalysisRunFromTemplates).
import type {
  AnalysisRunSpec,
  AnalysisTemplate,
  AnalysisTemplateSpec,
  Argument,
  ClusterAnalysisTemplate,
  Metric,
} from '../api/types/analysis.ts';
import type { AnalysisTemplateRef } from '../api/types/rollout-analysis.ts';

export class BuildRunError extends Error {
  override name = 'BuildRunError';
}

export type TemplateLookup = (
  name: string,
  clusterScope: boolean,
) => AnalysisTemplate | ClusterAnalysisTemplate | undefined;

export interface BuildRunInput {
  templates: readonly AnalysisTemplateRef[];
  /** The rollout's args with their values already resolved (see resolveRolloutArgs). */
  args: readonly Argument[];
  dryRun?: ReadonlyArray<{ metricName: string }>;
  measurementRetention?: ReadonlyArray<{ metricName: string; limit: number }>;
  lookup: TemplateLookup;
  /** Resolves a template arg's `valueFrom.fieldRef` against the object that creates the run. */
  resolveFieldRef?: (fieldPath: string) => string;
}

interface FoundTemplate {
  label: string;
  spec: AnalysisTemplateSpec;
}

export function buildAnalysisRunSpec(input: BuildRunInput): AnalysisRunSpec {
  if (input.templates.length === 0)
    throw new BuildRunError('no templates: reference at least one AnalysisTemplate or ClusterAnalysisTemplate');
  const found = collectTemplates(input.templates, input.lookup);
  const metrics = mergeMetrics(found);
  const templateArgs = flattenArgs(found);
  const args = mergeArgs(input.args, templateArgs, input.resolveFieldRef);
  const dryRun = mergeRules('Dry-Run', [...(input.dryRun ?? []), ...found.flatMap(({ spec }) => spec.dryRun ?? [])]);
  const measurementRetention = mergeRules('Measurement Retention', [
    ...(input.measurementRetention ?? []),
    ...found.flatMap(({ spec }) => spec.measurementRetention ?? []),
  ]);
  return {
    metrics,
    ...(args.length > 0 ? { args } : {}),
    ...(dryRun.length > 0 ? { dryRun } : {}),
    ...(measurementRetention.length > 0 ? { measurementRetention } : {}),
  };
}

/**
 * Every referenced template and the templates they reference in turn, each once. As Argo,
 * namespaced templates come first, then cluster templates, each in the order met. A template that
 * refers back to itself (directly or not) is an error.
 */
function collectTemplates(refs: readonly AnalysisTemplateRef[], lookup: TemplateLookup): FoundTemplate[] {
  const namespaced: FoundTemplate[] = [];
  const cluster: FoundTemplate[] = [];
  const seen = new Set<string>();
  const visit = (ref: AnalysisTemplateRef, path: string[]): void => {
    const clusterScope = ref.clusterScope ?? false;
    const name = ref.templateName ?? '';
    const label = `${clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate'} "${name}"`;
    if (name === '')
      throw new BuildRunError(
        `a template reference has no templateName${path.length > 0 ? ` (in ${path.at(-1)})` : ''}`,
      );
    if (path.includes(label))
      throw new BuildRunError(
        `templates refer to each other in a cycle: ${[...path, label].join(' -> ')}; remove one of the references`,
      );
    if (seen.has(label)) return;
    const template = lookup(name, clusterScope);
    if (!template) {
      const where = path.length > 0 ? `, referenced by ${path.at(-1)}` : '';
      throw new BuildRunError(
        `${label} not found${where}; create it${clusterScope ? '' : " in the rollout's namespace"} or fix the templateName`,
      );
    }
    seen.add(label);
    (clusterScope ? cluster : namespaced).push({ label, spec: template.spec });
    for (const inner of template.spec.templates ?? []) visit(inner, [...path, label]);
  };
  for (const ref of refs) visit(ref, []);
  return [...namespaced, ...cluster];
}

function mergeMetrics(found: readonly FoundTemplate[]): Metric[] {
  const owners = new Map<string, string>();
  const metrics: Metric[] = [];
  for (const { label, spec } of found) {
    for (const metric of spec.metrics ?? []) {
      const owner = owners.get(metric.name);
      if (owner)
        throw new BuildRunError(
          `two metrics have the same name "${metric.name}" (in ${owner} and ${label}); rename one of them`,
        );
      owners.set(metric.name, label);
      metrics.push(metric);
    }
  }
  if (metrics.length === 0)
    throw new BuildRunError(`the templates (${found.map(({ label }) => label).join(', ')}) define no metrics`);
  return metrics;
}

/** Args of all templates: one per name; two different default values for one name are an error. */
function flattenArgs(found: readonly FoundTemplate[]): Argument[] {
  const combined: Argument[] = [];
  for (const { spec } of found) {
    for (const arg of spec.args ?? []) {
      const index = combined.findIndex((existing) => existing.name === arg.name);
      const existing = combined[index];
      if (!existing) {
        combined.push(arg);
        continue;
      }
      if (existing.value !== undefined && arg.value !== undefined && existing.value !== arg.value) {
        throw new BuildRunError(
          `argument "${arg.name}" has different default values in the templates: "${existing.value}" and "${arg.value}"; make them equal or rename one`,
        );
      }
      if (existing.value === undefined) combined[index] = arg;
    }
  }
  return combined;
}

/** The rollout's values override the templates' defaults; args the templates do not declare are dropped. */
function mergeArgs(
  incoming: readonly Argument[],
  templateArgs: readonly Argument[],
  resolveFieldRef?: (fieldPath: string) => string,
): Argument[] {
  const merged = templateArgs.map((arg): Argument => {
    const override = incoming.find((candidate) => candidate.name === arg.name);
    if (override?.value !== undefined) return { name: arg.name, value: override.value };
    if (override?.valueFrom) return { name: arg.name, valueFrom: override.valueFrom };
    const fieldPath = arg.valueFrom?.fieldRef?.fieldPath;
    if (fieldPath !== undefined && resolveFieldRef) return { name: arg.name, value: resolveFieldRef(fieldPath) };
    return arg;
  });
  for (const arg of merged) {
    if (arg.value === undefined && arg.valueFrom === undefined) {
      throw new BuildRunError(
        `args.${arg.name} was not resolved: give it a value in the rollout's analysis args or a default in the template`,
      );
    }
  }
  return merged;
}

function mergeRules<Rule extends { metricName: string }>(kind: string, rules: readonly Rule[]): Rule[] {
  const names = new Set<string>();
  for (const rule of rules) {
    if (names.has(rule.metricName))
      throw new BuildRunError(`two ${kind} metric rules have the same name "${rule.metricName}"; keep one`);
    names.add(rule.metricName);
  }
  return [...rules];
}
