// Label selectors: their syntax as the API server checks it, and whether one selects a set of labels.
import type { LabelSelector } from '../types/meta.ts';
import type { PathSegment } from '../manifests/field-path.ts';
import type { Finding } from './finding.ts';
import { labelValueProblem, qualifiedNameProblem } from './kubernetes-names.ts';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export function labelSelectorFindings(selector: LabelSelector, path: PathSegment[]): Finding[] {
  const findings: Finding[] = [];
  findings.push(...labelFindings(selector.matchLabels, [...path, 'matchLabels']));
  (selector.matchExpressions ?? []).forEach((requirement, index) => {
    const at = [...path, 'matchExpressions', index];
    const keyProblem = qualifiedNameProblem(requirement.key);
    if (keyProblem) findings.push({ path: [...at, 'key'], message: keyProblem });
    const values = requirement.values ?? [];
    if (!OPERATORS.includes(requirement.operator)) {
      findings.push({
        path: [...at, 'operator'],
        message: `unsupported operator "${requirement.operator}": use In, NotIn, Exists or DoesNotExist`,
      });
    } else if ((requirement.operator === 'In' || requirement.operator === 'NotIn') && values.length === 0) {
      findings.push({ path: [...at, 'values'], message: `operator ${requirement.operator} needs at least one value` });
    } else if ((requirement.operator === 'Exists' || requirement.operator === 'DoesNotExist') && values.length > 0) {
      findings.push({
        path: [...at, 'values'],
        message: `operator ${requirement.operator} takes no values: remove them`,
      });
    }
    values.forEach((value, valueIndex) => {
      const problem = labelValueProblem(value);
      if (problem) findings.push({ path: [...at, 'values', valueIndex], message: problem });
    });
  });
  return findings;
}

/** Label keys and values (metadata.labels, matchLabels, a Service selector). */
export function labelFindings(labels: Record<string, string> | undefined, path: PathSegment[]): Finding[] {
  const findings: Finding[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) findings.push({ path: [...path, key], message: `label ${keyProblem}` });
    const valueProblem = typeof value === 'string' ? labelValueProblem(value) : undefined;
    if (valueProblem) findings.push({ path: [...path, key], message: valueProblem });
  }
  return findings;
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
}

/** Whether the selector selects an object with these labels (an empty selector selects everything). */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, requirement.key);
    const value = labels[requirement.key];
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
        if (!has || !values.includes(value ?? '')) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** The requirements of a selector that these labels do not meet, in words (`app: web`, `tier In (a, b)`). */
export function unmetRequirements(selector: LabelSelector, labels: Record<string, string>): string[] {
  const unmet: string[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) unmet.push(`${key}: ${value}`);
  }
  for (const requirement of selector.matchExpressions ?? []) {
    if (selectorMatches({ matchExpressions: [requirement] }, labels)) continue;
    const values = requirement.values ?? [];
    unmet.push(
      values.length > 0
        ? `${requirement.key} ${requirement.operator} (${values.join(', ')})`
        : `${requirement.key} ${requirement.operator}`,
    );
  }
  return unmet;
}
