// Rules across objects given together: what a Rollout or an Experiment names must exist and fit.
import type { Rollout } from '../types/rollout.ts';
import type { Experiment } from '../types/experiment.ts';
import type { ParsedObject } from '../manifests/parsed-object.ts';
import type { ValidationIssue } from '../manifests/issue.ts';
import { formatPath } from '../manifests/field-path.ts';
import type { Finding } from './finding.ts';
import { ObjectIndex } from './object-index.ts';
import { isPlainObject } from './structural.ts';
import { serviceReferenceFindings } from './service-references.ts';
import { istioReferenceFindings } from './istio-references.ts';
import { meshReferenceFindings } from './mesh-references.ts';
import { gatewayApiReferenceFindings } from './gateway-api-references.ts';
import { ingressReferenceFindings } from './ingress-references.ts';
import { analysisReferenceFindings, experimentAnalysisReferenceFindings } from './analysis-references.ts';
import { workloadReferenceFindings } from './workload-references.ts';

const ROLLOUT_RULES = [
  workloadReferenceFindings,
  serviceReferenceFindings,
  istioReferenceFindings,
  meshReferenceFindings,
  gatewayApiReferenceFindings,
  ingressReferenceFindings,
  analysisReferenceFindings,
];

export function referenceIssues(objects: readonly ParsedObject[]): ValidationIssue[] {
  const index = new ObjectIndex(objects);
  const issues: ValidationIssue[] = [];
  const report = (item: ParsedObject, findings: readonly Finding[]) => {
    for (const finding of findings) {
      const line = item.lineOf(finding.path);
      issues.push({
        file: item.file,
        ...(line === undefined ? {} : { line }),
        path: formatPath(finding.path),
        message: finding.message,
        severity: finding.severity ?? 'error',
      });
    }
  };
  for (const item of index.ofKind<Rollout>('Rollout')) {
    // Without a strategy or metadata there is nothing to refer from (the semantic and structural rules report them).
    if (!item.object.spec?.strategy || !isPlainObject(item.object.metadata)) continue;
    for (const rule of ROLLOUT_RULES) report(item, rule(item, index));
  }
  for (const item of index.ofKind<Experiment>('Experiment'))
    report(item, experimentAnalysisReferenceFindings(item, index));
  return issues;
}
