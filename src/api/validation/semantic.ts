// Argo's own rules for each kind, beyond the schema.
import type { KnownObject } from '../types/index.ts';
import type { Finding } from './finding.ts';
import { metadataFindings } from './metadata-rules.ts';
import { rolloutFindings } from './rollout-rules.ts';
import { analysisFindings } from './analysis-rules.ts';
import { experimentFindings } from './experiment-rules.ts';
import { workloadFindings } from './workload-rules.ts';

const RULES: Array<(object: KnownObject) => Finding[]> = [
  metadataFindings,
  rolloutFindings,
  analysisFindings,
  experimentFindings,
  workloadFindings,
];

export function semanticFindings(object: KnownObject): Finding[] {
  return RULES.flatMap((rule) => rule(object));
}
