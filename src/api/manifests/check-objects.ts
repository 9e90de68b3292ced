// The one validation of objects, whether read from manifest text (load-manifests.ts calls it after
// parsing) or given already parsed (what the local runtime stores, the body of an API request): the
// loader's nesting limit, `kind: List` expanded, the kind, the schema (unknown fields, types,
// required), null fields pruned as the API server prunes them, Argo's semantic rules, then the
// references between the objects given together. Defaults are not filled in (src/api/defaults.ts
// reads effective values). An object given without its text has no lines: its issues name it by
// kind, namespace and name (`Rollout default/web: spec.replicas: ...`). Issues, never exceptions.
import { kindEntry } from '../schema/registry.ts';
import type { KnownObject } from '../types/index.ts';
import { isPlainObject, validateStructure } from '../validation/structural.ts';
import { withoutNullFields } from '../validation/null-fields.ts';
import { semanticFindings } from '../validation/semantic.ts';
import { referenceIssues } from '../validation/references.ts';
import type { Finding } from '../validation/finding.ts';
import { formatPath, type PathSegment } from './field-path.ts';
import { compareIssues, type Severity, type ValidationIssue } from './issue.ts';
import { resolveKind } from './kind-resolution.ts';
import { objectTooDeepMessage } from './limits.ts';
import { makeParsedObject, type ParsedObject } from './parsed-object.ts';
import { asPlainData } from './plain-data.ts';
import { scopedLookup, type LineLookup } from './yaml-documents.ts';

export interface GivenObject {
  value: unknown;
  /** Where the object came from, first in each of its issues: the file it was read from; by default its kind, namespace and name. */
  origin?: string;
  /** Index of its document in its file, from 0 (0 by default). */
  documentIndex?: number;
  /** The line of each field in the text it was read from; without it, issues carry no line. */
  lines?: LineLookup;
}

export interface CheckOptions {
  /** Check only the schema (unknown fields, types, required): no semantic or reference rules. */
  structureOnly?: boolean;
  /** Check each object on its own: no reference rules between the objects given (an object read from a cluster, whose neighbours are not given). */
  withoutReferences?: boolean;
}

export interface CheckResult {
  objects: ParsedObject[];
  issues: ValidationIssue[];
}

interface Candidate {
  origin: string;
  /** Whether the origin was given (a file), or names the object itself (then each List item names itself). */
  originGiven: boolean;
  documentIndex: number;
  value: unknown;
  lines: LineLookup | undefined;
}

export function checkObjects(given: readonly GivenObject[], options: CheckOptions = {}): CheckResult {
  const issues: ValidationIssue[] = [];
  const objects: ParsedObject[] = [];
  for (const item of given) {
    const candidate = asCandidate(item, issues);
    if (!candidate) continue;
    for (const one of expandList(candidate, issues)) {
      const object = checkOne(one, options, issues);
      if (object) objects.push(object);
    }
  }
  if (!options.structureOnly && !options.withoutReferences) issues.push(...checkedReferences(objects));
  issues.sort(compareIssues);
  return { objects, issues };
}

/** `Rollout default/web` (`ClusterAnalysisTemplate ok`): how an object given without its text is named. */
export function describeObject(value: unknown): string {
  if (!isPlainObject(value)) return 'an object';
  const kind = typeof value.kind === 'string' && value.kind !== '' ? value.kind : 'object';
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  const generated = typeof metadata.generateName === 'string' ? `${metadata.generateName}*` : '(no name)';
  const name = typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : generated;
  if (kindEntry(kind)?.namespaced === false) return `${kind} ${name}`;
  const namespace =
    typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : 'default';
  return `${kind} ${namespace}/${name}`;
}

function asCandidate(item: GivenObject, issues: ValidationIssue[]): Candidate | undefined {
  const origin = item.origin ?? describeObject(item.value);
  const candidate: Candidate = {
    origin,
    originGiven: item.origin !== undefined,
    documentIndex: item.documentIndex ?? 0,
    value: item.value,
    lines: item.lines,
  };
  // Text was bounded as it was read; an object given parsed is bounded here, and copied.
  const plain = asPlainData(item.value);
  if ('tooDeepAt' in plain) {
    issues.push(issueAt(candidate, plain.tooDeepAt, objectTooDeepMessage()));
    return undefined;
  }
  return { ...candidate, value: plain.value };
}

/** The reference rules, whose failure (a bug: the fuzz tests look for it) is one issue, not a crash. */
function checkedReferences(objects: readonly ParsedObject[]): ValidationIssue[] {
  try {
    return referenceIssues(objects);
  } catch (error) {
    const first = objects[0];
    const message = `internal error while checking the references between these objects: ${(error as Error).message}; please report it`;
    return [{ file: first?.file ?? '', ...lineField(first?.lineOf([])), path: '', message, severity: 'error' }];
  }
}

function lineField(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

function issueAt(
  candidate: Candidate,
  path: readonly PathSegment[],
  message: string,
  severity: Severity = 'error',
): ValidationIssue {
  return {
    file: candidate.origin,
    ...lineField(candidate.lines?.lineOf(path)),
    path: formatPath(path),
    message,
    severity,
  };
}

function expandList(candidate: Candidate, issues: ValidationIssue[]): Candidate[] {
  const value = candidate.value;
  if (!isPlainObject(value) || value.kind !== 'List') return [candidate];
  if (value.items === undefined || value.items === null) return [];
  if (!Array.isArray(value.items)) {
    issues.push(issueAt(candidate, ['items'], 'a List must have "items", a list of objects'));
    return [];
  }
  return value.items.map((item: unknown, index) => ({
    ...candidate,
    origin: candidate.originGiven ? candidate.origin : describeObject(item),
    value: item,
    lines: candidate.lines && scopedLookup(candidate.lines, ['items', index]),
  }));
}

function checkOne(candidate: Candidate, options: CheckOptions, issues: ValidationIssue[]): ParsedObject | undefined {
  const value = candidate.value;
  if (!isPlainObject(value)) {
    issues.push(issueAt(candidate, [], 'a manifest must be a mapping with apiVersion, kind, metadata and spec'));
    return undefined;
  }
  if (typeof value.apiVersion !== 'string' || value.apiVersion === '') {
    issues.push(
      issueAt(
        candidate,
        ['apiVersion'],
        'missing apiVersion: every object needs apiVersion and kind, e.g. apiVersion: argoproj.io/v1alpha1',
      ),
    );
    return undefined;
  }
  if (typeof value.kind !== 'string' || value.kind === '') {
    issues.push(
      issueAt(candidate, ['kind'], 'missing kind: every object needs apiVersion and kind, e.g. kind: Rollout'),
    );
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
      issues.push(
        issueAt(
          candidate,
          [],
          `internal error while checking this ${entry.kind}: ${(error as Error).message}; please report it`,
        ),
      );
    }
  }
  for (const problem of problems) {
    // A semantic rule that already refuses the repeated item (say, a container name used twice) says it once.
    if (!findings.some((finding) => finding.severity !== 'warning' && startsWith(finding.path, problem.path))) {
      issues.push(issueAt(candidate, problem.path, problem.message));
    }
  }
  for (const finding of findings) issues.push(issueAt(candidate, finding.path, finding.message, finding.severity));
  return makeParsedObject(candidate.origin, candidate.documentIndex, object, candidate.lines);
}

function startsWith(path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}
