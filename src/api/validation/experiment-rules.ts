// Argo Rollouts' rules for an Experiment.
import type { Experiment } from '../types/experiment.ts';
import type { KnownObject } from '../types/index.ts';
import type { Finding } from './finding.ts';
import { goDurationFindings } from './canary-step-rules.ts';

export function experimentFindings(object: KnownObject): Finding[] {
  if (object.kind !== 'Experiment') return [];
  const spec = (object as Experiment).spec;
  const findings: Finding[] = [];
  if (spec.templates.length === 0) findings.push({ path: ['spec', 'templates'], message: 'an Experiment needs at least one template' });
  const names = new Set<string>();
  spec.templates.forEach((template, index) => {
    if (names.has(template.name)) findings.push({ path: ['spec', 'templates', index, 'name'], message: `template name "${template.name}" is used twice: names must be unique` });
    names.add(template.name);
    const labels = template.template.metadata?.labels ?? {};
    const missing = Object.entries(template.selector.matchLabels ?? {}).filter(([key, value]) => labels[key] !== value);
    if (missing.length > 0) {
      findings.push({
        path: ['spec', 'templates', index, 'template', 'metadata', 'labels'],
        message: `selector does not match template labels: add ${missing.map(([key, value]) => `${key}: ${value}`).join(', ')}`,
      });
    }
  });
  if (spec.duration !== undefined) findings.push(...goDurationFindings(spec.duration, ['spec', 'duration']));
  const analysisNames = new Set<string>();
  (spec.analyses ?? []).forEach((analysis, index) => {
    if (analysisNames.has(analysis.name)) findings.push({ path: ['spec', 'analyses', index, 'name'], message: `analysis name "${analysis.name}" is used twice: names must be unique` });
    analysisNames.add(analysis.name);
  });
  return findings;
}
