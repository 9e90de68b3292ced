// Rules across objects given together: what a Rollout names must exist and fit.
import type { Rollout } from '../types/rollout.ts';
import type { ParsedObject } from '../manifests/parsed-object.ts';
import type { ValidationIssue } from '../manifests/issue.ts';
import { formatPath } from '../manifests/field-path.ts';
import { ObjectIndex } from './object-index.ts';
import { serviceReferenceFindings } from './service-references.ts';
import { istioReferenceFindings } from './istio-references.ts';
import { analysisReferenceFindings } from './analysis-references.ts';

const RULES = [serviceReferenceFindings, istioReferenceFindings, analysisReferenceFindings];

export function referenceIssues(objects: readonly ParsedObject[]): ValidationIssue[] {
  const index = new ObjectIndex(objects);
  const issues: ValidationIssue[] = [];
  for (const item of index.ofKind<Rollout>('Rollout')) {
    if (!item.object.spec?.strategy) continue; // reported by the semantic rules
    for (const rule of RULES) {
      for (const finding of rule(item, index)) {
        issues.push({ file: item.file, line: item.lineOf(finding.path), path: formatPath(finding.path), message: finding.message });
      }
    }
  }
  return issues;
}
