// Checks on OpenAPI schemas of CRDs, written from Kubernetes' rules for structural schemas
// (apiextensions.k8s.io/v1) independently of the generator.
import type { Json } from '../../../support/json.ts';

const KNOWN_KEYS = new Set([
  'type',
  'format',
  'description',
  'properties',
  'required',
  'items',
  'additionalProperties',
  'enum',
  'pattern',
  'anyOf',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'default',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
]);

const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);

/** Why a schema is not structural (or uses what our CRDs should not), as `path: problem`. */
export function structuralProblems(root: Json): string[] {
  const problems: string[] = [];
  const metadata = root.properties?.metadata as Json | undefined;
  if (metadata) {
    const restricted = Object.keys(metadata.properties ?? {}).filter(
      (name) => name !== 'name' && name !== 'generateName',
    );
    if (restricted.length > 0 || Object.keys(metadata).some((key) => key !== 'type' && key !== 'properties')) {
      problems.push(
        `metadata: only name and generateName may be specified at the root (found ${JSON.stringify(metadata)})`,
      );
    }
  }
  visit(root, '', problems, true);
  return problems;
}

/**
 * `correlatable`: every list between the root and this node is keyed (list-type map or set), so
 * the API server can pair the node with its old value: only there may a rule use oldSelf.
 */
function visit(node: Json, at: string, problems: string[], correlatable: boolean): void {
  const where = at === '' ? '<root>' : at;
  for (const key of Object.keys(node)) if (!KNOWN_KEYS.has(key)) problems.push(`${where}: unexpected key ${key}`);
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const preserve = node['x-kubernetes-preserve-unknown-fields'];
  if (preserve !== undefined && preserve !== true)
    problems.push(`${where}: x-kubernetes-preserve-unknown-fields must be true`);
  if (intOrString) {
    if (node.type !== undefined) problems.push(`${where}: int-or-string must not have a type`);
    if (JSON.stringify(node.anyOf) !== JSON.stringify([{ type: 'integer' }, { type: 'string' }])) {
      problems.push(`${where}: int-or-string needs anyOf [integer, string]`);
    }
    return;
  }
  problems.push(...annotationProblems(node, where, correlatable));
  if (node.anyOf !== undefined) problems.push(`${where}: anyOf is only for int-or-string`);
  if (typeof node.type !== 'string' && preserve !== true) problems.push(`${where}: no type`);
  if (node.properties !== undefined && node.additionalProperties !== undefined)
    problems.push(`${where}: properties with additionalProperties`);
  if (
    (node.properties !== undefined || node.additionalProperties !== undefined || node.required !== undefined) &&
    node.type !== 'object'
  ) {
    problems.push(`${where}: object keywords on type ${String(node.type)}`);
  }
  if (
    node.additionalProperties !== undefined &&
    (typeof node.additionalProperties !== 'object' || node.additionalProperties === null)
  ) {
    problems.push(`${where}: additionalProperties must be a schema`);
  }
  if (node.type === 'array' && node.items === undefined) problems.push(`${where}: array without items`);
  if (node.items !== undefined && node.type !== 'array') problems.push(`${where}: items on type ${String(node.type)}`);
  for (const name of (node.required ?? []) as string[]) {
    if (!(name in (node.properties ?? {}))) problems.push(`${where}: required ${name} is not a property`);
  }
  for (const [name, child] of Object.entries((node.properties ?? {}) as Json))
    visit(child, `${at}.${name}`, problems, correlatable);
  const keyed = node['x-kubernetes-list-type'] === 'map' || node['x-kubernetes-list-type'] === 'set';
  if (node.items) visit(node.items, `${at}[]`, problems, correlatable && keyed);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    visit(node.additionalProperties, `${at}{}`, problems, correlatable);
  }
}

/** Kubernetes' rules for defaults, list and map types and validation rules in a CRD schema. */
function annotationProblems(node: Json, where: string, correlatable: boolean): string[] {
  const problems: string[] = [];
  const listType = node['x-kubernetes-list-type'];
  const keys = node['x-kubernetes-list-map-keys'];
  if (listType !== undefined) {
    if (node.type !== 'array') problems.push(`${where}: x-kubernetes-list-type on type ${String(node.type)}`);
    if (!['atomic', 'set', 'map'].includes(listType))
      problems.push(`${where}: unknown x-kubernetes-list-type ${String(listType)}`);
  }
  if (keys !== undefined && listType !== 'map')
    problems.push(`${where}: x-kubernetes-list-map-keys without x-kubernetes-list-type map`);
  if (listType === 'map') problems.push(...listMapProblems(node, where));
  if (listType === 'set') {
    const items = (node.items ?? {}) as Json;
    if (!SCALARS.has(items.type) && items['x-kubernetes-map-type'] !== 'atomic')
      problems.push(`${where}: a set of non-scalar items`);
  }
  const mapType = node['x-kubernetes-map-type'];
  if (mapType !== undefined) {
    if (node.type !== 'object') problems.push(`${where}: x-kubernetes-map-type on type ${String(node.type)}`);
    if (mapType !== 'atomic' && mapType !== 'granular')
      problems.push(`${where}: unknown x-kubernetes-map-type ${String(mapType)}`);
  }
  if ('default' in node) problems.push(...defaultProblems(node, where));
  const rules = node['x-kubernetes-validations'];
  if (rules !== undefined) {
    if (!Array.isArray(rules) || rules.length === 0)
      problems.push(`${where}: x-kubernetes-validations must be a non-empty list`);
    for (const rule of Array.isArray(rules) ? (rules as Json[]) : []) {
      if (typeof rule.rule !== 'string' || rule.rule.trim() === '')
        problems.push(`${where}: a validation without rule`);
      else if (/\boldSelf\b/.test(rule.rule) && !correlatable)
        problems.push(`${where}: oldSelf in a rule below an unkeyed list`);
      if (
        Object.keys(rule).some(
          (key) => !['rule', 'message', 'messageExpression', 'reason', 'fieldPath', 'optionalOldSelf'].includes(key),
        )
      ) {
        problems.push(`${where}: unexpected key in validation ${JSON.stringify(rule)}`);
      }
    }
  }
  return problems;
}

/** Each key names a scalar field of the items that is required or has a default. */
function listMapProblems(node: Json, where: string): string[] {
  const keys = node['x-kubernetes-list-map-keys'];
  if (!Array.isArray(keys) || keys.length === 0)
    return [`${where}: x-kubernetes-list-type map without x-kubernetes-list-map-keys`];
  const items = (node.items ?? {}) as Json;
  if (items.type !== 'object') return [`${where}: x-kubernetes-list-type map needs object items`];
  const problems: string[] = [];
  for (const key of keys as string[]) {
    const field = (items.properties ?? {})[key] as Json | undefined;
    if (!field) problems.push(`${where}: list map key ${key} is not a field of the items`);
    else if (!SCALARS.has(field.type) && field['x-kubernetes-int-or-string'] !== true)
      problems.push(`${where}: list map key ${key} is not a scalar`);
    else if (!((items.required ?? []) as string[]).includes(key) && !('default' in field)) {
      problems.push(`${where}: list map key ${key} is neither required nor defaulted`);
    }
  }
  return problems;
}

function defaultProblems(node: Json, where: string): string[] {
  const value = node.default;
  const valueType = Number.isInteger(value) ? 'integer' : typeof value;
  const fits =
    node['x-kubernetes-preserve-unknown-fields'] === true ||
    (node.type === 'string' && valueType === 'string') ||
    (node.type === 'boolean' && valueType === 'boolean') ||
    (node.type === 'integer' && valueType === 'integer') ||
    (node.type === 'number' && (valueType === 'integer' || valueType === 'number')) ||
    (node.type === 'object' && valueType === 'object' && value !== null && !Array.isArray(value)) ||
    (node.type === 'array' && Array.isArray(value));
  if (!fits) return [`${where}: default ${JSON.stringify(value)} is not of type ${String(node.type)}`];
  if (Array.isArray(node.enum) && !node.enum.includes(value))
    return [`${where}: default ${JSON.stringify(value)} is not one of the enum values`];
  return [];
}

function kindOf(node: Json): string {
  if (node['x-kubernetes-int-or-string'] === true) return 'int-or-string';
  return typeof node.type === 'string' ? node.type : 'any';
}

/**
 * Fields that `theirs` declares and `ours` would prune or type differently. Where ours keeps
 * unknown fields, anything goes; where theirs keeps them untyped, ours may be stricter (the
 * Kubernetes types Argo decodes such fields into).
 */
export function schemaCoverage(theirs: Json, ours: Json, at = ''): string[] {
  if (ours['x-kubernetes-preserve-unknown-fields'] === true && ours.properties === undefined) return [];
  const where = at === '' ? '<root>' : at;
  const theirKind = kindOf(theirs);
  const ourKind = kindOf(ours);
  if (theirKind === 'any') return [];
  if (theirKind !== ourKind) return [`${where}: upstream ${theirKind}, ours ${ourKind}`];
  const problems: string[] = [];
  for (const [name, child] of Object.entries((theirs.properties ?? {}) as Json)) {
    const mine = (ours.properties ?? {})[name] as Json | undefined;
    if (mine === undefined) {
      if (ours['x-kubernetes-preserve-unknown-fields'] !== true)
        problems.push(`${at}.${name}: not declared (would be pruned)`);
      continue;
    }
    problems.push(...schemaCoverage(child, mine, `${at}.${name}`));
  }
  if (theirs.items && ours.items) problems.push(...schemaCoverage(theirs.items, ours.items, `${at}[]`));
  if (typeof theirs.additionalProperties === 'object') {
    if (typeof ours.additionalProperties !== 'object') problems.push(`${where}: upstream is a map, ours is not`);
    else problems.push(...schemaCoverage(theirs.additionalProperties, ours.additionalProperties, `${at}{}`));
  }
  return problems;
}
