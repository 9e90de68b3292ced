// The one entry point from manifest text to typed objects: parse each file (with positions and the
// reading limits of manifests/limits.ts), then check the documents as objects with checkObjects
// (manifests/check-objects.ts), the same entry that checks objects given already parsed. Bad input
// gives issues, never exceptions.
import { checkObjects, type CheckOptions, type CheckResult, type GivenObject } from './manifests/check-objects.ts';
import { compareIssues, type ValidationIssue } from './manifests/issue.ts';
import { parseYamlDocuments, type ManifestSource } from './manifests/yaml-documents.ts';

export type { ManifestSource } from './manifests/yaml-documents.ts';
export type { Severity, ValidationIssue } from './manifests/issue.ts';
export { compareIssues, formatIssue, hasErrors } from './manifests/issue.ts';
export type { ParsedObject } from './manifests/parsed-object.ts';
export { checkObjects, describeObject, type GivenObject } from './manifests/check-objects.ts';

export type LoadOptions = CheckOptions;
export type LoadResult = CheckResult;

/** The documents of the sources, each with its file and lines, and the problems of reading them (YAML, limits). */
export function readManifests(sources: readonly ManifestSource[]): {
  documents: GivenObject[];
  issues: ValidationIssue[];
} {
  const documents: GivenObject[] = [];
  const issues: ValidationIssue[] = [];
  for (const source of sources) {
    const parsed = parseYamlDocuments(source);
    issues.push(...parsed.issues);
    for (const document of parsed.documents) {
      documents.push({
        value: document.value,
        origin: document.file,
        documentIndex: document.index,
        lines: document.positions,
      });
    }
  }
  return { documents, issues };
}

export function loadManifests(sources: readonly ManifestSource[], options: LoadOptions = {}): LoadResult {
  const read = readManifests(sources);
  const checked = checkObjects(read.documents, options);
  return { objects: checked.objects, issues: [...read.issues, ...checked.issues].sort(compareIssues) };
}
