// The one entry point from manifest text to typed objects: parse (with positions), check each
// document's structure against its kind's schema, apply Argo's semantic rules, then check the
// references between the objects given together. Bad input gives issues, never exceptions.
import type { KnownObject } from './types/index.ts';
import { formatPath, type PathSegment } from './manifests/field-path.ts';
import { compareIssues, type Severity, type ValidationIssue } from './manifests/issue.ts';
import { makeParsedObject, type ParsedObject } from './manifests/parsed-object.ts';
import { parseYamlDocuments, scopedLookup, type LineLookup, type ManifestSource } from './manifests/yaml-documents.ts';
import { resolveKind } from './manifests/kind-resolution.ts';
import { isPlainObject, validateStructure } from './validation/structural.ts';
import { withoutNullFields } from './validation/null-fields.ts';
import { semanticFindings } from './validation/semantic.ts';
import { referenceIssues } from './validation/references.ts';
import type { Finding } from './validation/finding.ts';

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
  if (!options.structureOnly) issues.push(...checkedReferences(objects));
  issues.sort(compareIssues);
  return { objects, issues };
}

/** The reference rules, whose failure (a bug: the fuzz tests look for it) is one issue, not a crash. */
function checkedReferences(objects: readonly ParsedObject[]): ValidationIssue[] {
  try {
    return referenceIssues(objects);
  } catch (error) {
    const first = objects[0];
    const where = first ? { file: first.file, line: first.lineOf([]) } : { file: '', line: 1 };
    return [{ ...where, path: '', message: `internal error while checking the references between these objects: ${(error as Error).message}; please report it`, severity: 'error' }];
  }
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
  const resolution = resolveKind(value.apiVersion, value.kind);
  if (resolution.outcome === 'skipped') {
    issues.push(issueAt(candidate, ['kind'], resolution.message, 'warning'));
    return undefined;
  }
  if (resolution.outcome === 'refused') {
    issues.push(issueAt(candidate, [resolution.field], resolution.message));
    return undefined;
  }
  const entry = resolution.entry;
  const problems = validateStructure(value, entry.schema);
  const blocking = problems.filter((problem) => !problem.repeatedItem);
  for (const problem of blocking) issues.push(issueAt(candidate, problem.path, problem.message));
  if (blocking.length > 0) return undefined;
  const object = withoutNullFields(value, entry.schema) as KnownObject;
  const findings: Finding[] = [];
  if (!options.structureOnly) {
    try {
      findings.push(...semanticFindings(object));
    } catch (error) {
      // A rule that trips over unusual input must not hide the other problems or crash a runtime.
      issues.push(issueAt(candidate, [], `internal error while checking this ${entry.kind}: ${(error as Error).message}; please report it`));
    }
  }
  for (const problem of problems) {
    // A semantic rule that already refuses the repeated item (say, a container name used twice) says it once.
    if (!findings.some((finding) => finding.severity !== 'warning' && startsWith(finding.path, problem.path))) {
      issues.push(issueAt(candidate, problem.path, problem.message));
    }
  }
  for (const finding of findings) issues.push(issueAt(candidate, finding.path, finding.message, finding.severity));
  return makeParsedObject(candidate.file, candidate.documentIndex, object, candidate.lines);
}

function startsWith(path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}
