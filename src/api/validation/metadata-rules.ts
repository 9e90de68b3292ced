// Rules on metadata shared by every kind: the name (per kind, as the API server checks it), the
// namespace, label and annotation syntax.
import type { KnownObject } from '../types/index.ts';
import type { PathSegment } from '../manifests/field-path.ts';
import type { Finding } from './finding.ts';
import { labelFindings } from './label-selector.ts';
import {
  ANNOTATIONS_MAX_BYTES,
  dns1035LabelProblem,
  dnsLabelProblem,
  dnsSubdomainProblem,
  qualifiedNameProblem,
} from './kubernetes-names.ts';

/** Services are named by DNS-1035 labels; the other kinds by DNS subdomains. */
const NAME_RULES: Record<string, (name: string) => string | undefined> = { Service: dns1035LabelProblem };

export function metadataFindings(object: KnownObject): Finding[] {
  const metadata = object.metadata ?? {};
  const findings: Finding[] = [];
  const name = metadata.name;
  if (name === undefined || name === '') {
    if (!metadata.generateName)
      findings.push({
        path: ['metadata', 'name'],
        message: `a ${object.kind} needs metadata.name (or metadata.generateName)`,
      });
  } else {
    const problem = (NAME_RULES[object.kind] ?? dnsSubdomainProblem)(name);
    if (problem)
      findings.push({ path: ['metadata', 'name'], message: `${problem}: this is not a valid ${object.kind} name` });
  }
  if (metadata.namespace !== undefined && metadata.namespace !== '') {
    const problem = dnsLabelProblem(metadata.namespace);
    if (problem)
      findings.push({ path: ['metadata', 'namespace'], message: `${problem}: this is not a valid namespace name` });
  }
  findings.push(...templateMetadataFindings(metadata, ['metadata']));
  return findings;
}

/** Labels and annotations of an object, a pod template, or of the pods of one role (canaryMetadata, ...). */
export function templateMetadataFindings(
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined,
  path: PathSegment[],
): Finding[] {
  if (!metadata) return [];
  const findings = labelFindings(metadata.labels, [...path, 'labels']);
  let size = 0;
  for (const [key, value] of Object.entries(metadata.annotations ?? {})) {
    // The API server checks annotation keys in lower case.
    const problem = qualifiedNameProblem(key.toLowerCase());
    if (problem) findings.push({ path: [...path, 'annotations', key], message: `annotation ${problem}` });
    size += key.length + (typeof value === 'string' ? value.length : 0);
  }
  if (size > ANNOTATIONS_MAX_BYTES) {
    findings.push({
      path: [...path, 'annotations'],
      message: `annotations take ${size} bytes, more than the 262144 (256 KiB) allowed: move large data to a ConfigMap`,
    });
  }
  return findings;
}
