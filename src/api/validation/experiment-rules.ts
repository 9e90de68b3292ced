// Argo Rollouts' rules for an Experiment.
import type { Experiment } from '../types/experiment.ts';
import type { KnownObject } from '../types/index.ts';
import type { Finding } from './finding.ts';
import { goDurationFindings } from './canary-step-rules.ts';
import { isEmptySelector, labelSelectorFindings, selectorMatches, unmetRequirements } from './label-selector.ts';
import { podTemplateFindings } from './pod-template-rules.ts';

export function experimentFindings(object: KnownObject): Finding[] {
  if (object.kind !== 'Experiment') return [];
  const spec = (object as Experiment).spec;
  const findings: Finding[] = [];
  if (spec.templates.length === 0)
    findings.push({ path: ['spec', 'templates'], message: 'an Experiment needs at least one template' });
  const names = new Set<string>();
  spec.templates.forEach((template, index) => {
    if (names.has(template.name))
      findings.push({
        path: ['spec', 'templates', index, 'name'],
        message: `template name "${template.name}" is used twice: names must be unique`,
      });
    names.add(template.name);
    const at = ['spec', 'templates', index];
    const selectorProblems = labelSelectorFindings(template.selector, [...at, 'selector']);
    findings.push(...selectorProblems);
    if (isEmptySelector(template.selector)) {
      findings.push({
        path: [...at, 'selector'],
        message: 'an empty selector would select every pod: add matchLabels that match the template labels',
      });
    } else if (
      selectorProblems.length === 0 &&
      !selectorMatches(template.selector, template.template.metadata?.labels ?? {})
    ) {
      const unmet = unmetRequirements(template.selector, template.template.metadata?.labels ?? {});
      findings.push({
        path: [...at, 'template', 'metadata', 'labels'],
        message: `selector does not match template labels: the labels must meet ${unmet.join(' and ')}`,
      });
    }
    findings.push(...podTemplateFindings(template.template, [...at, 'template'], 'replicaset'));
  });
  if (spec.duration !== undefined) findings.push(...goDurationFindings(spec.duration, ['spec', 'duration']));
  const analysisNames = new Set<string>();
  (spec.analyses ?? []).forEach((analysis, index) => {
    if (analysisNames.has(analysis.name))
      findings.push({
        path: ['spec', 'analyses', index, 'name'],
        message: `analysis name "${analysis.name}" is used twice: names must be unique`,
      });
    analysisNames.add(analysis.name);
  });
  return findings;
}
