// The one entry point from manifest text to typed objects: parse (with positions), check each
// document's structure against its kind's schema, apply Argo's semantic rules, then check the
// references between the objects given together. Bad input gives issues, never exceptions.
import type { KnownObject } from './types/index.ts';
import { KINDS, kindEntry } from './schema/registry.ts';
import { formatPath, type PathSegment } from './manifests/field-path.ts';
import { compareIssues, type Severity, type ValidationIssue } from './manifests/issue.ts';
import { makeParsedObject, type ParsedObject } from './manifests/parsed-object.ts';
import { parseYamlDocuments, scopedLookup, type LineLookup, type ManifestSource } from './manifests/yaml-documents.ts';
import { isPlainObject, validateStructure } from './validation/structural.ts';
import { semanticFindings } from './validation/semantic.ts';
import { referenceIssues } from './validation/references.ts';

export type { ManifestSource } from './manifests/yaml-documents.ts';
export type { Severity, ValidationIssue } from './manifests/issue.ts';
export { formatIssue, hasErrors } from './manifests/issue.ts';
export type { ParsedObject } from './manifests/parsed-object.ts';

export interface LoadOptions {
  /** Check only the schema (unknown fields, types, required): no semantic or reference rules. */
  structureOnly?: boolean;
}

export interface LoadResult {
  objects: ParsedObject[];
  issues: ValidationIssue[];
}

interface Candidate {
  file: string;
  documentIndex: number;
  value: unknown;
  lines: LineLookup;
}

export function loadManifests(sources: readonly ManifestSource[], options: LoadOptions = {}): LoadResult {
  const issues: ValidationIssue[] = [];
  const objects: ParsedObject[] = [];
  for (const source of sources) {
    const parsed = parseYamlDocuments(source);
    issues.push(...parsed.issues);
    for (const document of parsed.documents) {
      const candidates = expandList({ file: document.file, documentIndex: document.index, value: document.value, lines: document.positions }, issues);
      for (const candidate of candidates) {
        const object = checkDocument(candidate, options, issues);
        if (object) objects.push(object);
      }
    }
  }
  if (!options.structureOnly) issues.push(...referenceIssues(objects));
  issues.sort(compareIssues);
  return { objects, issues };
}

function issueAt(candidate: Candidate, path: readonly PathSegment[], message: string, severity: Severity = 'error'): ValidationIssue {
  return { file: candidate.file, line: candidate.lines.lineOf(path), path: formatPath(path), message, severity };
}

function expandList(candidate: Candidate, issues: ValidationIssue[]): Candidate[] {
  const value = candidate.value;
  if (!isPlainObject(value) || value.kind !== 'List') return [candidate];
  if (value.items === undefined || value.items === null) return [];
  if (!Array.isArray(value.items)) {
    issues.push(issueAt(candidate, ['items'], 'a List must have "items", a list of objects'));
    return [];
  }
  return value.items.map((item, index) => ({ ...candidate, value: item, lines: scopedLookup(candidate.lines, ['items', index]) }));
}

function checkDocument(candidate: Candidate, options: LoadOptions, issues: ValidationIssue[]): ParsedObject | undefined {
  const value = candidate.value;
  if (!isPlainObject(value)) {
    issues.push(issueAt(candidate, [], 'a manifest must be a mapping with apiVersion, kind, metadata and spec'));
    return undefined;
  }
  if (typeof value.apiVersion !== 'string' || value.apiVersion === '') {
    issues.push(issueAt(candidate, ['apiVersion'], 'missing apiVersion: every object needs apiVersion and kind, e.g. apiVersion: argoproj.io/v1alpha1'));
    return undefined;
  }
  if (typeof value.kind !== 'string' || value.kind === '') {
    issues.push(issueAt(candidate, ['kind'], 'missing kind: every object needs apiVersion and kind, e.g. kind: Rollout'));
    return undefined;
  }
  const entry = kindEntry(value.kind);
  if (!entry) {
    const known = KINDS.map((item) => item.kind).join(', ');
    issues.push(issueAt(candidate, ['kind'], `unknown kind "${value.kind}": sluice reads ${known}`));
    return undefined;
  }
  if (!entry.apiVersions.includes(value.apiVersion)) {
    const versions = entry.apiVersions.map((version) => `"${version}"`).join(' or ');
    issues.push(issueAt(candidate, ['apiVersion'], `unknown apiVersion "${value.apiVersion}" for kind ${entry.kind}: use ${versions}`));
    return undefined;
  }
  const problems = validateStructure(value, entry.schema);
  for (const problem of problems) issues.push(issueAt(candidate, problem.path, problem.message));
  if (problems.length > 0) return undefined;
  const object = value as unknown as KnownObject;
  if (!options.structureOnly) {
    try {
      for (const finding of semanticFindings(object)) issues.push(issueAt(candidate, finding.path, finding.message, finding.severity));
    } catch (error) {
      // A rule that trips over unusual input must not hide the other problems or crash a runtime.
      issues.push(issueAt(candidate, [], `internal error while checking this ${entry.kind}: ${(error as Error).message}; please report it`));
    }
  }
  return makeParsedObject(candidate.file, candidate.documentIndex, object, candidate.lines);
}
