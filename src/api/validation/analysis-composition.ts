// One analysis run is made of several templates plus the caller's dryRun and measurementRetention
// rules. As Argo Rollouts does when it creates the run: metric names are unique across the
// templates, a shared argument has one value, rules are not repeated, and every rule (a regular
// expression on metric names) matches at least one metric.
import type { AnalysisTemplateSpec, Argument } from '../types/analysis.ts';
import type { PathSegment } from '../manifests/field-path.ts';
import type { Finding } from './finding.ts';

export interface ComposedTemplate {
  /** `AnalysisTemplate "name"`, for messages. */
  label: string;
  spec: AnalysisTemplateSpec;
  /** Where the caller names this template. */
  path: PathSegment[];
}

export interface MetricRules {
  dryRun?: ReadonlyArray<{ metricName: string }>;
  measurementRetention?: ReadonlyArray<{ metricName: string }>;
}

export function compositionFindings(
  templates: readonly ComposedTemplate[],
  callerRules: MetricRules,
  callerPath: PathSegment[],
): Finding[] {
  const findings: Finding[] = [];
  const metricOwner = new Map<string, string>();
  for (const template of templates) {
    for (const metric of template.spec.metrics ?? []) {
      const owner = metricOwner.get(metric.name);
      if (owner !== undefined && owner !== template.label) {
        findings.push({
          path: template.path,
          message: `metric "${metric.name}" is in both ${owner} and ${template.label}: one analysis cannot have two metrics of the same name`,
        });
      }
      metricOwner.set(metric.name, template.label);
    }
  }
  findings.push(...argumentConflicts(templates));
  const metricNames = [...metricOwner.keys()];
  for (const field of ['dryRun', 'measurementRetention'] as const) {
    const seen = new Set<string>();
    const check = (rule: { metricName: string }, path: PathSegment[], origin: string) => {
      if (seen.has(rule.metricName))
        findings.push({ path, message: `${field} rule "${rule.metricName}" is given twice${origin}: keep one` });
      seen.add(rule.metricName);
      if (metricNames.length > 0 && !metricNames.some((name) => matchesRule(rule.metricName, name))) {
        findings.push({
          path,
          message: `${field} rule "${rule.metricName}"${origin} matches no metric (the metrics are ${metricNames.join(', ')}): fix the name or remove the rule`,
        });
      }
    };
    (callerRules[field] ?? []).forEach((rule, index) => check(rule, [...callerPath, field, index, 'metricName'], ''));
    for (const template of templates) {
      for (const rule of template.spec[field] ?? []) check(rule, template.path, ` (from ${template.label})`);
    }
  }
  return findings;
}

/** Argo reads a rule as an unanchored regular expression; one that does not compile matches nothing. */
function matchesRule(rule: string, metricName: string): boolean {
  try {
    return new RegExp(rule).test(metricName);
  } catch {
    return false;
  }
}

function argumentConflicts(templates: readonly ComposedTemplate[]): Finding[] {
  const findings: Finding[] = [];
  const values = new Map<string, { value: string; label: string }>();
  for (const template of templates) {
    for (const arg of template.spec.args ?? ([] as Argument[])) {
      if (arg.value === undefined) continue;
      const earlier = values.get(arg.name);
      if (earlier && earlier.value !== arg.value) {
        findings.push({
          path: template.path,
          message: `argument "${arg.name}" is "${earlier.value}" in ${earlier.label} but "${arg.value}" in ${template.label}: templates run together must agree on its value`,
        });
      }
      if (!earlier) values.set(arg.name, { value: arg.value, label: template.label });
    }
  }
  return findings;
}
